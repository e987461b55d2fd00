"""The idea board demo: 15+ ideas in every status (some about wiki pages, one merged, one
declined with a reason, two done and credited), votes and comments; seeding twice adds
nothing."""

import pytest
from django.db.models import Count
from wagtail.models import PageLogEntry

from brand.ideas import services
from brand.models import IdeaBoardPage, IdeaPage, IdeaStatus, IdeaVote
from community.models import Comment
from demo.loaders import brand_ideas as demo
from demo.loaders.people import demo_logins, demo_people
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(home, django_capture_on_commit_callbacks):
    """The demo people (no profiles: only their logins matter here) and the wiki pages the
    ideas are about, then the ideas, twice."""
    for login in demo_logins():
        UserFactory(username=login.username, roles=list(login.roles))
    for person in demo_people():
        UserFactory(username=person["username"], roles=["Employees"])
    space = SpacePageFactory(parent=KnowledgeIndexPageFactory(parent=home))
    for slug in {spec[6] for spec in demo.IDEAS if spec[6]}:
        KnowledgePageFactory(parent=space, slug=slug, title=slug.replace("-", " ").title())
    messages: list[str] = []
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(messages.append, "demo-password")
    return messages


def test_the_demo_idea_board(seeded, employee_client, django_capture_on_commit_callbacks):
    board = IdeaBoardPage.objects.get()
    ideas = IdeaPage.objects.child_of(board).live()
    assert board.show_in_menus and ideas.count() >= 15
    statuses = dict(ideas.order_by().values_list("status").annotate(n=Count("pk")))
    assert set(statuses) == set(IdeaStatus.values)
    assert statuses[IdeaStatus.DONE] >= 2 and statuses[IdeaStatus.MERGED] == 1
    declined = ideas.filter(status=IdeaStatus.DECLINED)
    assert declined.exists() and all(idea.status_reason for idea in declined)
    merged = ideas.get(status=IdeaStatus.MERGED)
    assert merged.merged_into.status != IdeaStatus.MERGED
    assert not IdeaVote.objects.filter(idea=merged).exists()
    assert ideas.filter(about_page__isnull=False).count() >= 4
    assert IdeaVote.objects.count() > 150
    assert Comment.objects.filter(page__in=ideas).count() >= 5
    credits = PageLogEntry.objects.filter(action=services.SHIPPED_LOG_ACTION)
    assert credits.count() == ideas.filter(status="done", about_page__isnull=False).count() >= 2

    counts = (ideas.count(), IdeaVote.objects.count(), Comment.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(seeded.append, "demo-password")
    assert (ideas.count(), IdeaVote.objects.count(), Comment.objects.count()) == counts
    assert seeded[-1] == f"ideas: 0 new, {counts[0]} on the board"

    assert employee_client.get(board.url).status_code == 200
