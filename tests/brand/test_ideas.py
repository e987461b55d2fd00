"""The idea board by role, over HTTP: submitting (and "improve this page"), voting, statuses
with notifications, merging, and who may do what."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry, PageViewRestriction, Revision

from brand.ideas import services
from brand.models import IdeaPage, IdeaStatus, IdeaVote
from community.models import Notification, NotificationVerb, Watch
from insights.models import ActivityEvent, Verb
from tests.brand.factories_ideas import IdeaBoardPageFactory, IdeaPageFactory, IdeaVoteFactory
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    publish,
)

pytestmark = pytest.mark.django_db

SUBMIT = reverse("brand:idea_submit")


@pytest.fixture
def board(home):
    return IdeaBoardPageFactory(parent=home)


@pytest.fixture
def comms(db):
    return UserFactory(
        username="cora", first_name="Cora", last_name="Comms", roles=["Employees", "Communications"]
    )


class TaskRunningClient(Client):
    """A test client whose posts run what they scheduled on commit (the notification
    tasks), as a real request's commit would."""

    def __init__(self, capture, **kwargs):
        super().__init__(**kwargs)
        self.capture = capture

    def post(self, *args, **kwargs):
        with self.capture(execute=True):
            return super().post(*args, **kwargs)


@pytest.fixture
def tasks_client(django_capture_on_commit_callbacks):
    """tasks_client(user) -> a signed-in TaskRunningClient."""

    def make(user):
        client = TaskRunningClient(django_capture_on_commit_callbacks)
        client.force_login(user)
        return client

    return make


@pytest.fixture
def comms_client(comms, tasks_client):
    return tasks_client(comms)


@pytest.fixture
def author(db):
    return UserFactory(username="alex", first_name="Alex", last_name="Author", roles=["Employees"])


@pytest.fixture
def idea(board, author):
    idea = IdeaPageFactory(parent=board, title="Quiet rooms on every floor", author=author)
    IdeaVoteFactory(idea=idea, user=author)
    return idea


@pytest.fixture
def guest_client(signed_in, db):
    return signed_in(UserFactory(username="gus", roles=["Guests"]))


@pytest.fixture
def wiki(home):
    owner = UserFactory(username="olga", first_name="Olga", last_name="Owner", roles=["Employees"])
    index = KnowledgeIndexPageFactory(parent=home)
    space = SpacePageFactory(parent=index, title="Travel")
    page = KnowledgePageFactory(parent=space, title="Expense policy", content_owner=owner)
    publish(page, owner)
    return page


def vote_url(idea):
    return reverse("brand:idea_vote", args=[idea.pk])


def status_url(idea):
    return reverse("brand:idea_status", args=[idea.pk])


def merge_url(idea):
    return reverse("brand:idea_merge", args=[idea.pk])


def submit(client, **data):
    payload = {
        "title": "Bike racks at the Berlin office",
        "problem": "People lock bikes to the fence and get fined.",
        "proposal": "Put ten racks by the side door.",
    }
    payload.update(data)
    return client.post(SUBMIT, payload)


def idea_notifications(**filters):
    return Notification.objects.filter(verb=NotificationVerb.IDEA, **filters)


# Submitting -----------------------------------------------------------------------------------
def test_an_employee_submits_an_idea_that_is_published_voted_and_watched(
    employee, employee_client, board
):
    response = submit(employee_client)

    idea = IdeaPage.objects.get()
    assert response.status_code == 302 and response.url == idea.url
    assert idea.live and idea.get_parent().pk == board.pk
    assert (idea.author, idea.owner, idea.status) == (employee, employee, IdeaStatus.NEW)
    assert Revision.page_revisions.get(object_id=str(idea.pk)).user == employee
    assert list(IdeaVote.objects.values_list("idea_id", "user_id")) == [(idea.pk, employee.pk)]
    assert Watch.objects.filter(user=employee, page=idea, muted=False).exists()
    assert ActivityEvent.objects.filter(actor=employee, verb=Verb.SUBMITTED_IDEA).count() == 1

    page = employee_client.get(idea.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Bike racks at the Berlin office" in html
    assert "Put ten racks by the side door." in html
    assert 'data-testid="vote-count" aria-hidden="true">1<' in html
    assert 'aria-pressed="true"' in html  # the author's own vote


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": ""}, "title", "Give your idea a short title."),
        ({"problem": "   "}, "problem", "Say what problem the idea solves."),
        ({"proposal": "x" * 4001}, "proposal", "at most 4000 characters"),
        ({"title": "t" * 201}, "title", "at most 200 characters"),
    ],
)
def test_bad_input_is_a_400_with_the_reason_and_stores_nothing(
    employee_client, board, data, field, message
):
    response = submit(employee_client, **data)

    assert response.status_code == 400
    assert f'data-testid="error-{field}"' in response.content.decode()
    assert message in response.content.decode()
    assert not IdeaPage.objects.exists() and not IdeaVote.objects.exists()


def test_ideas_are_rate_limited(employee_client, board, monkeypatch):
    monkeypatch.setattr(services, "IDEAS_PER_HOUR", 1)
    assert submit(employee_client, title="First").status_code == 302

    response = submit(employee_client, title="Second")

    assert response.status_code == 429
    assert "many ideas in the last hour" in response.content.decode()
    assert list(IdeaPage.objects.values_list("title", flat=True)) == ["First"]


def test_the_same_title_twice_gets_its_own_address(employee_client, board):
    submit(employee_client, title="Plants")
    submit(employee_client, title="Plants")
    assert sorted(IdeaPage.objects.values_list("slug", flat=True)) == ["plants", "plants-2"]


# Improve this page ----------------------------------------------------------------------------
def test_improve_this_page_from_a_knowledge_page_to_its_owner(
    employee, employee_client, comms_client, board, wiki
):
    html = employee_client.get(wiki.url).content.decode()
    assert f'href="{SUBMIT}?about={wiki.pk}"' in html
    section = next(block for block in wiki.body if block.block_type == "heading")
    assert f"?about={wiki.pk}&amp;section={section.id}" in html

    form = employee_client.get(SUBMIT, {"about": wiki.pk, "section": section.id})
    assert form.status_code == 200
    assert "Suggest an improvement" in form.content.decode()
    assert "Expense policy" in form.content.decode()

    submit(
        employee_client,
        title="Say which taxis are covered",
        about=str(wiki.pk),
        section=section.id,
    )
    idea = IdeaPage.objects.get()
    assert (idea.about_page_id, idea.about_block_id) == (wiki.pk, section.id)
    page_html = employee_client.get(idea.url).content.decode()
    assert "Expense policy" in page_html and "section “Overview”" in page_html

    # Planned: the page's owner hears of it (as do the author, who is also its voter).
    comms_client.post(status_url(idea), {"status": "planned", "confirm": "on"})
    owner_note = idea_notifications(recipient=wiki.content_owner).get()
    assert "Planned" in owner_note.detail and "Expense policy" in owner_note.detail
    assert idea_notifications(recipient=employee).count() == 1

    # Done: the author is credited on the page's history, once.
    comms_client.post(status_url(idea), {"status": "done", "confirm": "on"})
    comms_client.post(status_url(idea), {"status": "done", "reason": "Shipped.", "confirm": "on"})
    credit = PageLogEntry.objects.get(page=wiki, action=services.SHIPPED_LOG_ACTION)
    assert credit.data["idea_title"] == "Say which taxis are covered"
    assert credit.data["author_name"] == employee.display_name
    history = employee_client.get(reverse("knowledge:history", args=[wiki.pk]))
    text = history.content.decode()
    assert "Shipped from the idea" in text and employee.display_name in text
    assert f'href="{idea.url}"' in text


def test_an_idea_cannot_be_about_a_page_the_author_cannot_see(employee_client, board, wiki):
    secret = PageViewRestriction.objects.create(
        page=wiki, restriction_type=PageViewRestriction.GROUPS
    )
    secret.groups.add(Group.objects.get(name="Administrators"))

    form = employee_client.get(SUBMIT, {"about": wiki.pk})
    assert form.status_code == 200
    assert "you cannot see it" in form.content.decode()
    assert "Expense policy" not in form.content.decode()

    response = submit(employee_client, about=str(wiki.pk))
    assert response.status_code == 400
    assert "you cannot see it" in response.content.decode()
    assert not IdeaPage.objects.exists()


@pytest.mark.parametrize("about", ["999999", "abc", "-1"])
def test_an_unknown_page_is_refused(employee_client, board, about):
    response = submit(employee_client, about=about)
    assert response.status_code == 400
    assert "does not exist or you cannot see it" in response.content.decode()
    assert not IdeaPage.objects.exists()


def test_a_section_that_is_not_on_the_page_is_refused(employee_client, board, wiki):
    response = submit(employee_client, about=str(wiki.pk), section="not-a-block")
    assert response.status_code == 400
    assert not IdeaPage.objects.exists()


# Voting ---------------------------------------------------------------------------------------
def test_voting_and_unvoting_are_idempotent(employee, employee_client, idea):
    for _ in range(2):
        response = employee_client.post(vote_url(idea), {"action": "vote"})
        assert response.status_code == 302
    assert IdeaVote.objects.filter(idea=idea).count() == 2  # the author and the employee
    assert ActivityEvent.objects.filter(actor=employee, verb=Verb.VOTED).count() == 1

    for _ in range(2):
        employee_client.post(vote_url(idea), {"action": "unvote"})
    assert list(IdeaVote.objects.filter(idea=idea).values_list("user_id", flat=True)) == [
        idea.author_id
    ]


def test_htmx_vote_swaps_the_button_with_the_new_count(employee_client, idea):
    response = employee_client.post(
        vote_url(idea), {"action": "vote", "next": "/"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<form") and "<html" not in html
    assert 'data-testid="vote-count" aria-hidden="true">2<' in html
    assert 'value="unvote"' in html and "You voted for" in html


def test_no_js_vote_goes_back_to_a_local_page_only(employee_client, idea, board):
    back = employee_client.post(vote_url(idea), {"action": "vote", "next": board.url + "?q=x"})
    assert back.url == board.url + "?q=x"
    away = employee_client.post(vote_url(idea), {"action": "vote", "next": "https://evil.test/"})
    assert away.url == idea.url


@pytest.mark.parametrize("action", ["", "upvote", "vote;drop"])
def test_an_unknown_vote_action_is_a_400(employee_client, idea, action):
    response = employee_client.post(vote_url(idea), {"action": action})
    assert response.status_code == 400
    assert "Choose to vote" in response.content.decode()
    assert IdeaVote.objects.filter(idea=idea).count() == 1


def test_a_closed_idea_takes_no_votes_but_a_vote_can_be_withdrawn(employee, employee_client, idea):
    IdeaVoteFactory(idea=idea, user=employee)
    IdeaPage.objects.filter(pk=idea.pk).update(status=IdeaStatus.DECLINED)

    response = employee_client.post(vote_url(idea), {"action": "vote"})
    assert response.status_code == 400
    assert "takes no more votes" in response.content.decode()

    employee_client.post(vote_url(idea), {"action": "unvote"})
    assert not IdeaVote.objects.filter(idea=idea, user=employee).exists()


def test_voting_for_an_unknown_or_unpublished_idea_is_a_404(employee_client, idea):
    assert employee_client.post("/brand/ideas/999999/vote/", {"action": "vote"}).status_code == 404
    idea.unpublish()
    assert employee_client.post(vote_url(idea), {"action": "vote"}).status_code == 404


# Statuses -------------------------------------------------------------------------------------
def test_communications_confirm_then_change_a_status_and_people_are_told(
    comms, comms_client, idea, employee
):
    IdeaVoteFactory(idea=idea, user=employee)
    bystander = UserFactory(roles=["Employees"])

    confirm = comms_client.post(status_url(idea), {"status": "review"})
    assert confirm.status_code == 200
    assert "Change the status from New to Under review?" in confirm.content.decode()
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW and not Notification.objects.exists()

    done = comms_client.post(status_url(idea), {"status": "review", "confirm": "on"})

    assert done.status_code == 302 and done.url == idea.url
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.UNDER_REVIEW
    told = set(idea_notifications().values_list("recipient_id", flat=True))
    assert told == {idea.author_id, employee.pk}
    assert bystander.pk not in told and comms.pk not in told
    assert idea_notifications().first().detail == "Under review"
    assert len(mail.outbox) == 2
    entry = PageLogEntry.objects.get(page=idea, action=services.STATUS_LOG_ACTION)
    assert entry.user == comms and entry.data["previous"] == "new"
    # The page editor shows the new status too (its latest revision carries it).
    assert idea.get_latest_revision_as_object().status == IdeaStatus.UNDER_REVIEW


def test_the_same_status_again_changes_nothing(comms_client, idea):
    comms_client.post(status_url(idea), {"status": "planned", "confirm": "on"})
    comms_client.post(status_url(idea), {"status": "planned", "confirm": "on"})
    assert idea_notifications().count() == 1
    assert PageLogEntry.objects.filter(action=services.STATUS_LOG_ACTION).count() == 1


def test_declining_needs_a_reason(comms_client, idea):
    response = comms_client.post(status_url(idea), {"status": "declined", "confirm": "on"})

    assert response.status_code == 400
    assert "Say why the idea is declined" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW and not Notification.objects.exists()

    comms_client.post(
        status_url(idea),
        {"status": "declined", "reason": "Fire regulations forbid it.", "confirm": "on"},
    )
    idea.refresh_from_db()
    assert (idea.status, idea.status_reason) == (IdeaStatus.DECLINED, "Fire regulations forbid it.")
    assert idea_notifications().get().detail == "Declined: Fire regulations forbid it."


@pytest.mark.parametrize("status", ["merged", "shipped", ""])
def test_a_status_that_cannot_be_set_is_a_400(comms_client, idea, status):
    response = comms_client.post(status_url(idea), {"status": status, "confirm": "on"})
    assert response.status_code == 400
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW


# Merging --------------------------------------------------------------------------------------
def test_merging_moves_votes_without_counting_anyone_twice(
    comms, comms_client, board, idea, employee, employee_client
):
    duplicate = IdeaPageFactory(parent=board, title="Silent rooms please")
    both, only_duplicate = employee, UserFactory(roles=["Employees"])
    IdeaVoteFactory(idea=idea, user=both)
    IdeaVoteFactory(idea=duplicate, user=both)
    IdeaVoteFactory(idea=duplicate, user=only_duplicate)

    confirm = comms_client.post(merge_url(duplicate), {"into": idea.pk})
    assert "Merge into “Quiet rooms on every floor”?" in confirm.content.decode()
    assert IdeaVote.objects.filter(idea=duplicate).count() == 2

    response = comms_client.post(merge_url(duplicate), {"into": idea.pk, "confirm": "on"})

    assert response.status_code == 302 and response.url == idea.url
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into_id) == (IdeaStatus.MERGED, idea.pk)
    voters = sorted(IdeaVote.objects.filter(idea=idea).values_list("user_id", flat=True))
    assert voters == sorted([idea.author_id, both.pk, only_duplicate.pk])
    assert not IdeaVote.objects.filter(idea=duplicate).exists()
    told = set(idea_notifications().values_list("recipient_id", flat=True))
    assert {duplicate.author_id, both.pk, only_duplicate.pk, idea.author_id} == told
    assert PageLogEntry.objects.filter(page=duplicate, action=services.MERGE_LOG_ACTION).exists()

    # The merged idea says where it went; a vote on it counts on the target, once.
    page = employee_client.get(duplicate.url).content.decode()
    assert 'data-testid="merged-notice"' in page and f'href="{idea.url}"' in page
    employee_client.post(vote_url(duplicate), {"action": "vote"})
    newcomer = UserFactory(roles=["Employees"])
    newcomer_client = Client()
    newcomer_client.force_login(newcomer)
    newcomer_client.post(vote_url(duplicate), {"action": "vote"})
    newcomer_client.post(vote_url(duplicate), {"action": "vote"})
    assert IdeaVote.objects.filter(idea=idea, user=both).count() == 1
    assert IdeaVote.objects.filter(idea=idea, user=newcomer).count() == 1
    assert not IdeaVote.objects.filter(idea=duplicate).exists()
    assert services.vote_count(idea) == 4


def test_ideas_merged_earlier_follow_along(comms, board, idea):
    first = IdeaPageFactory(parent=board, title="A")
    second = IdeaPageFactory(parent=board, title="B")
    services.merge_idea(comms, first, second)
    services.merge_idea(comms, second, idea)
    first.refresh_from_db()
    assert first.merged_into_id == idea.pk


@pytest.mark.parametrize("into", ["self", "999999", "abc", ""])
def test_merging_into_a_bad_target_is_a_400(comms_client, idea, into):
    target = str(idea.pk) if into == "self" else into
    response = comms_client.post(merge_url(idea), {"into": target, "confirm": "on"})
    assert response.status_code == 400
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW


# Who may do what ------------------------------------------------------------------------------
@pytest.mark.parametrize("roles", [["Employees"], ["Employees", "Editors"], ["Moderators"]])
def test_only_communications_and_administrators_change_ideas(signed_in, board, idea, roles):
    client = signed_in(UserFactory(roles=roles))
    other = IdeaPageFactory(parent=board)
    assert client.post(status_url(idea), {"status": "planned", "confirm": "on"}).status_code == 403
    assert client.post(merge_url(idea), {"into": other.pk, "confirm": "on"}).status_code == 403
    assert 'data-testid="idea-manage"' not in client.get(idea.url).content.decode()
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW


def test_administrators_change_ideas_too(tasks_client, idea):
    client = tasks_client(UserFactory(roles=["Employees", "Administrators"]))
    assert 'data-testid="idea-manage"' in client.get(idea.url).content.decode()
    client.post(status_url(idea), {"status": "planned", "confirm": "on"})
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.PLANNED
    assert idea_notifications(recipient=idea.author).exists()


def test_guests_get_a_404_everywhere(guest_client, board, idea):
    other = IdeaPageFactory(parent=board)
    assert guest_client.get(board.url).status_code == 404
    assert guest_client.get(idea.url).status_code == 404
    assert guest_client.get(SUBMIT).status_code == 404
    assert submit(guest_client).status_code == 404
    assert guest_client.post(vote_url(idea), {"action": "vote"}).status_code == 404
    assert guest_client.post(status_url(idea), {"status": "done"}).status_code == 404
    assert guest_client.post(merge_url(idea), {"into": other.pk}).status_code == 404
    assert IdeaPage.objects.count() == 2 and IdeaVote.objects.count() == 1


def test_signed_out_people_are_sent_to_sign_in(client, board, idea):
    assert client.get(board.url).status_code == 302
    assert client.post(vote_url(idea), {"action": "vote"}).status_code == 302
    assert IdeaVote.objects.count() == 1


# The admin report -----------------------------------------------------------------------------
def test_communications_see_the_ideas_report_and_export_it(comms_client, idea, board, employee):
    IdeaVoteFactory(idea=idea, user=employee)
    IdeaPageFactory(parent=board, title="Less popular")

    report = comms_client.get(reverse("idea_report"))
    html = report.content.decode()
    assert report.status_code == 200
    assert html.index("Quiet rooms on every floor") < html.index("Less popular")
    csv = comms_client.get(reverse("idea_report"), {"export": "csv"})
    lines = b"".join(csv.streaming_content).decode().splitlines()
    assert lines[0].startswith("Idea,Status,Author,Votes,Comments")
    assert lines[1].startswith("Quiet rooms on every floor,new,Alex Author,2,0")
    planned = comms_client.get(reverse("idea_report"), {"status": "planned"})
    assert "Quiet rooms on every floor" not in planned.content.decode()


def test_the_ideas_report_is_not_for_editors(signed_in, idea):
    editor = signed_in(UserFactory(roles=["Employees", "Editors"]))
    response = editor.get(reverse("idea_report"))
    assert response.status_code in (302, 403)
    assert "Quiet rooms" not in response.content.decode()
