"""The expert finder: "Who knows about X?", ranked by expertise and evidence."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from community.models import Annotation, Visibility
from core.roles import Role
from knowledge.models import Verification
from search.experts.services import Evidence, Expert, rank_experts
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    publish,
)
from tests.people.factories_people import person

FINDER = "/people/experts/"


def ranked(response) -> list[str]:
    return re.findall(r'data-testid="expert-link">([^<]+)</a>', response.content.decode())


def tagged_page(space, title, *, owner=None, tags=("python",)):
    page = KnowledgePageFactory(parent=space, title=title, content_owner=owner)
    page.tags.add(*tags)
    publish(page, owner)
    return page


def note(page, author, **fields):
    fields = {"visibility": Visibility.SHARED, **fields}
    return Annotation.objects.create(
        page=page, author=author, exact="passage", start=0, end=7, **fields
    )


@pytest.fixture
def world(home):
    """Who knows Python, and how:
    - Olga owns and published two Python pages and lists python (2 x 6 + 2 x 2 + 1 = 17)
    - Dmitri only lists Python as expertise (1)
    - Viktor keeps two Python pages verified (2 x 4 = 8)
    - Rosa resolved a question on a Python page (2) and left a shared note (1) = 3
    - Sven owns a Python page inside a space only the board may read (4, hidden)
    - Gus is a guest who lists python (never ranked)
    - Pablo lists only "payroll" (not ranked for python)
    """
    index = KnowledgeIndexPageFactory(parent=home)
    engineering = SpacePageFactory(parent=index, title="Engineering")
    board_space = SpacePageFactory(parent=index, title="Board")
    board = Group.objects.create(name="Board")
    PageViewRestriction.objects.create(
        page=board_space, restriction_type=PageViewRestriction.GROUPS
    ).groups.set([board])
    people = {
        "olga": person("olga.okafor", expertise=["python"]),
        "dmitri": person("dmitri.dubois", expertise=["Python"]),
        "viktor": person("viktor.varga"),
        "rosa": person("rosa.rossi"),
        "sven": person("sven.schmidt"),
        "gus": person("gus.guest", roles=[Role.GUESTS], expertise=["python"]),
        "pablo": person("pablo.patel", expertise=["payroll"]),
    }
    deploy = tagged_page(engineering, "Deploying Python services", owner=people["olga"].user)
    tagged_page(engineering, "Python style guide", owner=people["olga"].user)
    packaging = tagged_page(engineering, "Packaging Python", tags=("python", "packaging"))
    tagged_page(engineering, "Kubernetes basics", owner=people["viktor"].user, tags=("k8s",))
    for page in (deploy, packaging):
        Verification.objects.create(page=page, verified_by=people["viktor"].user)
    note(packaging, people["rosa"].user)
    note(deploy, people["olga"].user, is_question=True, resolved_by=people["rosa"].user)
    note(deploy, people["pablo"].user, visibility=Visibility.PRIVATE)  # private: no evidence
    tagged_page(board_space, "Python for the board pack", owner=people["sven"].user)
    return people


def test_an_employee_finds_who_knows_python_best_first(employee_client, world):
    response = employee_client.get(FINDER, {"topic": "python"})
    assert response.status_code == 200
    # Declared expertise counts last (issue 22): Dmitri, who only lists it, comes after
    # everyone with evidence.
    assert ranked(response) == ["Olga Okafor", "Viktor Varga", "Rosa Rossi", "Dmitri Dubois"]


def test_evidence_is_shown_next_to_each_person_with_links(employee_client, world):
    html = employee_client.get(FINDER, {"topic": "Python"}).content.decode()
    olga = html[html.index("Olga Okafor") : html.index("Viktor Varga")]
    assert "Lists it as expertise" in olga
    assert "Owns 2 pages about it" in olga
    assert re.search(r'href="/knowledge/engineering/python-style-guide/">Python style guide', olga)
    viktor = html[html.index("Viktor Varga") : html.index("Rosa Rossi")]
    assert "Keeps 2 pages about it verified" in viktor
    assert 'data-testid="evidence-declared"' not in viktor
    rosa = html[html.index("Rosa Rossi") : html.index("Dmitri Dubois")]
    assert "Resolved 1 question on its pages" in rosa
    assert "1 shared note on its pages" in rosa


def test_evidence_on_pages_the_viewer_may_not_read_neither_counts_nor_shows(
    signed_in, employee_client, world
):
    assert "Sven Schmidt" not in ranked(employee_client.get(FINDER, {"topic": "python"}))
    board_member = UserFactory(roles=[Role.EMPLOYEES])
    board_member.groups.add(Group.objects.get(name="Board"))
    response = signed_in(board_member).get(FINDER, {"topic": "python"})
    assert "Sven Schmidt" in ranked(response)
    assert "Python for the board pack" in response.content.decode()


def test_guests_are_neither_ranked_nor_let_in(signed_in, employee_client, world):
    assert "Gus Guest" not in ranked(employee_client.get(FINDER, {"topic": "python"}))
    guest_client = signed_in(world["gus"].user)
    assert guest_client.get(FINDER).status_code == 404
    assert guest_client.get(FINDER, {"topic": "python"}).status_code == 404


def test_a_space_about_the_topic_counts_for_its_owners(employee_client, home, world):
    index = KnowledgeIndexPageFactory._meta.model.objects.get()
    owner = person("sara.security")
    space = SpacePageFactory(parent=index, title="Security", owners=[owner.user])
    tagged_page(space, "Phishing", owner=owner.user, tags=("email",))
    response = employee_client.get(FINDER, {"topic": "security"})
    assert ranked(response) == ["Sara Security"]
    html = response.content.decode()
    assert "Owns 1 space about it" in html
    assert "Owns 1 page about it" in html  # a page in the Security space is about security


def test_no_topic_shows_the_form_and_popular_topics(employee_client, world):
    response = employee_client.get(FINDER)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="experts-form"' in html
    assert 'href="?topic=python"' in html
    assert ranked(response) == []


def test_an_unknown_topic_says_nobody_knows_yet(employee_client, world):
    response = employee_client.get(FINDER, {"topic": "underwater basket weaving"})
    assert response.status_code == 200
    assert 'data-testid="experts-empty"' in response.content.decode()


def test_a_too_long_topic_is_a_400(employee_client, world):
    response = employee_client.get(FINDER, {"topic": "x" * 101})
    assert response.status_code == 400
    assert "at most 100 characters" in response.content.decode()


def test_rank_experts_for_other_apps(world):
    """The Q&A routing calls rank_experts without a viewer: only pages every employee may
    read count, guests are never returned, and the asker can be left out."""
    experts = rank_experts(["python"], limit=3, exclude_user_ids=[world["dmitri"].user_id])
    assert [expert.user for expert in experts] == [
        world["olga"].user,
        world["viktor"].user,
        world["rosa"].user,
    ]
    top = experts[0]
    assert isinstance(top, Expert)
    assert top.score == 17.0  # owns 2 (6 each), edited 2 (2 each), lists it (1)
    assert top.profile == world["olga"]
    assert Evidence("declared", "python", "/people/experts/?topic=python", 1) in top.evidence
    owned = next(item for item in top.evidence if item.kind == "owned")
    assert owned.count == 2
    assert owned.url.startswith("/knowledge/engineering/")
    assert rank_experts([]) == []
    assert rank_experts(["python"], limit=0) == []


def test_the_finder_costs_the_same_queries_for_few_or_many_experts(
    employee_client, world, django_assert_num_queries
):
    employee_client.get(FINDER, {"topic": "python"})
    with CaptureQueriesContext(connection) as few:
        employee_client.get(FINDER, {"topic": "python"})
    index = KnowledgeIndexPageFactory._meta.model.objects.get()
    space = SpacePageFactory(parent=index, title="More Python")
    for number in range(15):
        expert = person(f"python.fan{number}", expertise=["python"])
        page = tagged_page(space, f"Python tip {number}", owner=expert.user)
        Verification.objects.create(page=page, verified_by=expert.user)
    expected = len(few)  # before the next request resets the query log
    # warm: the new content moved the tree version (issue 19)
    employee_client.get(FINDER, {"topic": "python"})
    with django_assert_num_queries(expected):
        response = employee_client.get(FINDER, {"topic": "python"})
    assert len(ranked(response)) == 10  # a page of experts
    assert 'data-testid="page-next"' in response.content.decode()
