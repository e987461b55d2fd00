"""Onboarding: communications curate paths, communications or a manager give one to a new
person, who sees it first on their start page, ticks steps off (must-reads tick themselves
when acknowledged), and their manager sees how far they got."""

import pytest
from django.core import mail

from community.models import Notification, NotificationVerb
from home.models import OnboardingAssignment, OnboardingPath, OnboardingProgress, StepKind
from home.onboarding import services as onboarding
from knowledge import mustread
from tests.factories import (
    KnowledgePageFactory,
    StandardPageFactory,
    UserFactory,
    knowledge_space,
    publish,
)
from tests.people.factories_recognition import assign, path_with_steps, simple_path, staff

ASSIGN = "/onboarding/assign/"
TEAM = "/onboarding/team/"
MINE = "/onboarding/"


def tick_url(assignment, step):
    return f"/onboarding/{assignment.pk}/steps/{step.pk}/done/"


@pytest.fixture
def manager(db):
    return staff("mona", first_name="Mona", last_name="Manager")


@pytest.fixture
def newcomer(manager):
    return staff("nina", first_name="Nina", last_name="New", manager=manager)


@pytest.fixture
def comms(db):
    return UserFactory(username="cam", roles=["Communications", "Employees"])


@pytest.fixture
def path(db):
    return simple_path(3)


# Paths in the admin -------------------------------------------------------------------------
def test_communications_create_a_path_with_steps_in_the_admin(comms, signed_in):
    client = signed_in(comms)
    listing = client.get("/admin/snippets/home/onboardingpath/")
    assert listing.status_code == 200
    data = {
        "title": "Welcome to sales",
        "description": "Your first two weeks.",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-kind": "read",
        "steps-0-title": "Read the sales handbook",
        "steps-0-ORDER": "1",
        "steps-1-kind": "meet",
        "steps-1-title": "Meet your manager",
        "steps-1-ORDER": "2",
    }
    response = client.post("/admin/snippets/home/onboardingpath/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    path = OnboardingPath.objects.get(title="Welcome to sales")
    assert [step.title for step in path.steps.all()] == [
        "Read the sales handbook",
        "Meet your manager",
    ]


def test_employees_cannot_edit_paths_in_the_admin(signed_in, db):
    editor = UserFactory(roles=["Editors"])
    response = signed_in(editor).get("/admin/snippets/home/onboardingpath/add/")
    assert response.status_code in (302, 403)
    assert not OnboardingPath.objects.exists()


# Assigning ----------------------------------------------------------------------------------
def test_communications_assign_a_path_and_the_person_is_told(
    comms, newcomer, path, signed_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(comms).post(ASSIGN, {"path": path.pk, "person": newcomer.pk})
    assert response.status_code == 302
    assignment = OnboardingAssignment.objects.get()
    assert (assignment.user, assignment.assigned_by, assignment.path) == (newcomer, comms, path)
    note = Notification.objects.get(recipient=newcomer)
    assert note.verb == NotificationVerb.ONBOARDING
    assert note.subject == path.title
    assert note.link == MINE
    assert [message.to for message in mail.outbox] == [[newcomer.email]]


def test_an_employee_who_also_holds_the_guest_role_can_be_given_a_path(comms):
    """Staff are Employees whatever else they are (core.policy, "staff"): a contractor
    kept in Guests and Employees is someone communications may onboard."""
    both = UserFactory(username="cora", roles=["Employees", "Guests"])
    gus = UserFactory(username="gus", roles=["Guests"])
    people = set(onboarding.assignable_people(comms))
    assert both in people
    assert gus not in people


def test_a_manager_assigns_a_path_to_their_report(manager, newcomer, path, signed_in):
    client = signed_in(manager)
    form = client.get(ASSIGN).content.decode()
    assert "Nina New" in form
    assert client.post(ASSIGN, {"path": path.pk, "person": newcomer.pk}).status_code == 302
    assert OnboardingAssignment.objects.filter(user=newcomer, assigned_by=manager).exists()


def test_a_manager_cannot_assign_someone_elses_report(manager, path, signed_in):
    other = staff("oscar")
    client = signed_in(manager)
    staff(manager=manager)  # Mona is a manager
    assert "oscar" not in client.get(ASSIGN).content.decode()
    response = client.post(ASSIGN, {"path": path.pk, "person": other.pk})
    assert response.status_code == 403
    assert not OnboardingAssignment.objects.exists()


def test_a_stranger_cannot_assign_paths(newcomer, path, signed_in):
    stranger = signed_in(staff("stan"))
    assert stranger.get(ASSIGN).status_code == 403
    assert stranger.post(ASSIGN, {"path": path.pk, "person": newcomer.pk}).status_code == 403
    assert stranger.get(TEAM).status_code == 403
    assert not OnboardingAssignment.objects.exists()


def test_bad_assignments_are_refused_with_a_message(comms, newcomer, path, signed_in):
    client = signed_in(comms)
    response = client.post(ASSIGN, {"path": "999999", "person": newcomer.pk})
    assert response.status_code == 400
    assert "Choose one of the paths" in response.content.decode()
    response = client.post(ASSIGN, {"path": path.pk, "person": "abc"})
    assert response.status_code == 400
    assign(path, newcomer)
    response = client.post(ASSIGN, {"path": path.pk, "person": newcomer.pk})
    assert response.status_code == 400
    assert "already has the path" in response.content.decode()
    assert OnboardingAssignment.objects.count() == 1


# The new person -----------------------------------------------------------------------------
def test_the_home_page_shows_the_path_first(newcomer, path, signed_in, home):
    assign(path, newcomer)
    html = signed_in(newcomer).get("/").content.decode()
    main = html.split('id="main"')[1]
    assert 'data-testid="onboarding-panel"' in main
    first_panel = main.index('class="panel')
    assert main.index('data-testid="onboarding-panel"') < main.index('data-testid="latest-updates"')
    assert main[first_panel:].startswith(
        'class="panel panel--attention" aria-labelledby="onboarding'
    )
    assert "0 of 3 steps done" in main


def test_ticking_steps_is_idempotent_and_completes_the_path(newcomer, path, signed_in):
    assignment = assign(path, newcomer)
    client = signed_in(newcomer)
    steps = list(path.steps.all())
    assert client.post(tick_url(assignment, steps[0])).status_code == 302
    assert client.post(tick_url(assignment, steps[0])).status_code == 302  # again: no change
    assert OnboardingProgress.objects.filter(assignment=assignment).count() == 1
    assert "1 of 3 steps done" in client.get(MINE).content.decode()
    for step in steps[1:]:
        response = client.post(tick_url(assignment, step), {"next": "/"})
        assert response["Location"] == "/"
    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    html = client.get(MINE).content.decode()
    assert "3 of 3 steps done" in html and "Complete" in html
    assert 'data-testid="onboarding-panel"' not in client.get("/").content.decode()


def test_ticking_someone_elses_step_or_a_foreign_step_is_refused(newcomer, path, signed_in):
    assignment = assign(path, newcomer)
    other_path = simple_path(1, title="Other")
    intruder = signed_in(staff("ivy"))
    assert intruder.post(tick_url(assignment, path.steps.first())).status_code == 403
    own = signed_in(newcomer)
    assert own.post(tick_url(assignment, other_path.steps.first())).status_code == 400
    assert own.get(tick_url(assignment, path.steps.first())).status_code == 405
    assert not OnboardingProgress.objects.exists()


def test_a_must_read_step_ticks_itself_when_acknowledged(
    newcomer, signed_in, django_capture_on_commit_callbacks
):
    owner = UserFactory(roles=["Editors"])
    space = knowledge_space(owner=owner)
    handbook = KnowledgePageFactory(parent=space, title="Code of conduct")
    publish(handbook, owner)
    mustread.set_must_read(owner, handbook, everyone=True)
    path = path_with_steps(
        (StepKind.MUST_READ, "Read the code of conduct", {"page": handbook}),
        (StepKind.MEET, "Meet your manager"),
    )
    assignment = assign(path, newcomer)
    client = signed_in(newcomer)
    assert "0 of 2 steps done" in client.get(MINE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/pages/{handbook.pk}/acknowledge/", {"revision": handbook.live_revision_id}
        )
    assert response.status_code == 302
    assert "1 of 2 steps done" in client.get("/").content.decode()
    assert OnboardingProgress.objects.filter(assignment=assignment).count() == 1  # written down
    client.post(tick_url(assignment, path.steps.get(kind=StepKind.MEET)))
    assignment.refresh_from_db()
    assert assignment.completed_at is not None


def test_my_onboarding_page_without_a_path(employee_client):
    html = employee_client.get(MINE).content.decode()
    assert 'data-testid="onboarding-empty"' in html


# The manager --------------------------------------------------------------------------------
def test_the_manager_sees_their_reports_progress(manager, newcomer, path, signed_in):
    assignment = assign(path, newcomer, by=manager)
    OnboardingProgress.objects.create(assignment=assignment, step=path.steps.first())
    assign(path, staff("zed"))  # not Mona's report
    html = signed_in(manager).get(TEAM).content.decode()
    assert "Nina New" in html
    assert "1 of 3" in html
    assert html.count('data-testid="team-row"') == 1


def test_communications_see_everyones_progress(comms, newcomer, path, signed_in):
    assign(path, newcomer)
    assign(path, staff("zed"))
    html = signed_in(comms).get(TEAM).content.decode()
    assert html.count('data-testid="team-row"') == 2


# Queries ------------------------------------------------------------------------------------
def _queries(client, url="/"):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: the day's view count and per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("steps", [2, 12])
def test_home_page_costs_one_query_for_onboarding_however_many_steps(
    steps, newcomer, home, signed_in
):
    client = signed_in(newcomer)
    without_path, _html = _queries(client)
    page = StandardPageFactory(parent=home)
    path = path_with_steps(
        *((StepKind.READ, f"Read {n}", {"page": page, "person": newcomer}) for n in range(steps))
    )
    second = path_with_steps((StepKind.TASK, "Another"), title="Second path")
    assign(path, newcomer)
    assign(second, newcomer)
    with_paths, html = _queries(client)
    assert with_paths == without_path  # the one onboarding query, whatever it holds
    assert html.count('data-testid="onboarding-step"') == steps + 1


# session, user, header (site, navigation, unread count), roles (2), "has reports", count,
# assignments with their people, paths and step and progress counts
# 14 before issue 19 (the user with its permissions in one query).
# 13 before the chrome was cached (issue 19: site, routing, permissions, settings,
# navigation from the cache).
# Issue 19's last mile, -1: the header's unread count is kept per reader under their own
# version (community.notifications.services.unread_count). 9 before.
TEAM_QUERIES = 8


@pytest.mark.parametrize("people", [1, 15])
def test_team_view_costs_the_same_queries_however_many_reports(
    people, manager, path, signed_in, django_assert_num_queries
):
    for _ in range(people):
        assign(path, staff(manager=manager))
    client = signed_in(manager)
    client.get(TEAM)
    with django_assert_num_queries(TEAM_QUERIES):
        response = client.get(TEAM)
    assert response.content.decode().count('data-testid="team-row"') == people


def test_a_join_step_ticks_itself_when_the_person_joins_the_community(
    newcomer, home, signed_in, django_capture_on_commit_callbacks
):
    from home.onboarding import progress

    if StepKind.JOIN not in progress.AUTO_DONE:
        pytest.skip("communities (membership) are not installed")
    from community.groups import services as groups
    from tests.community.groups_helpers import communities_index, start

    communities_index(home)
    with django_capture_on_commit_callbacks(execute=True):
        club = start(staff("fred"), name="Cycling club")
    path = path_with_steps(
        (StepKind.JOIN, "Join the cycling club", {"page": club}), (StepKind.TASK, "Say hello")
    )
    assign(path, newcomer)
    client = signed_in(newcomer)
    assert "0 of 2 steps done" in client.get(MINE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        groups.join(newcomer, club)
    assert "1 of 2 steps done" in client.get(MINE).content.decode()


def test_a_one_step_path_says_step_not_steps(newcomer, signed_in):
    assign(path_with_steps((StepKind.MEET, "Meet your manager")), newcomer)
    html = signed_in(newcomer).get(MINE).content.decode()
    assert "0 of 1 step done" in html
    assert "1 steps" not in html
