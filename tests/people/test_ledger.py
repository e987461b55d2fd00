"""The contribution ledger counts knowledge work per source, fairly, in one query per source."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from brand.models import IdeaStatus
from community.models import Reaction, ReactionKind
from community.recognition.contributions import profile_context
from knowledge.models import Verification
from people import contributions as ledger
from tests.brand.factories_ideas import IdeaBoardPageFactory, IdeaPageFactory
from tests.community.factories import AnnotationFactory, CommentFactory
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    StandardPageFactory,
)
from tests.people.factories_recognition import KudosFactory, staff


@pytest.fixture
def rosa(db):
    return staff("rosa")


@pytest.fixture
def pages(home):
    space = SpacePageFactory(parent=KnowledgeIndexPageFactory(parent=home))
    return [KnowledgePageFactory(parent=space) for _ in range(3)]


def counts(user, window=None):
    return ledger.counts_for([user.pk], window)[user.pk]


def test_verified_pages_count_distinct_pages(rosa, pages):
    for page in pages[:2]:
        Verification.objects.create(page=page, verified_by=rosa)
    Verification.objects.create(page=pages[0], verified_by=rosa)  # the same page again
    old = Verification.objects.create(page=pages[2], verified_by=rosa)
    Verification.objects.filter(pk=old.pk).update(verified_at=timezone.now() - timedelta(days=400))
    assert counts(rosa, ledger.profile_window())["verified"] == 2  # the last 12 months
    assert counts(rosa)["verified"] == 3  # all time


def test_resolved_questions_count_only_others_questions(rosa, pages):
    asker = staff()
    now = timezone.now()
    AnnotationFactory(
        page=pages[0], author=asker, is_question=True, resolved_by=rosa, resolved_at=now
    )
    AnnotationFactory(
        page=pages[1], author=asker, is_question=True, resolved_by=rosa, resolved_at=now
    )
    AnnotationFactory(
        page=pages[0], author=rosa, is_question=True, resolved_by=rosa, resolved_at=now
    )
    AnnotationFactory(page=pages[0], author=asker, is_question=True)  # still open
    assert counts(rosa)["resolved"] == 2


def test_ideas_shipped_count_done_ideas_by_their_author(rosa, home):
    board = IdeaBoardPageFactory(parent=home)
    IdeaPageFactory(parent=board, author=rosa, status=IdeaStatus.DONE)
    IdeaPageFactory(parent=board, author=rosa, status=IdeaStatus.PLANNED)
    IdeaPageFactory(parent=board, status=IdeaStatus.DONE)
    assert counts(rosa)["ideas"] == 1


def test_helpful_reactions_received_on_comments_and_pages(rosa, home):
    page = StandardPageFactory(parent=home, owner=rosa)
    comment = CommentFactory(page=page, author=rosa)
    readers = [staff() for _ in range(3)]
    for reader in readers:
        Reaction.objects.create(page=page, comment=comment, user=reader, kind=ReactionKind.HELPFUL)
    Reaction.objects.create(page=page, user=readers[0], kind=ReactionKind.HELPFUL)  # the page
    Reaction.objects.create(page=page, user=readers[1], kind=ReactionKind.LIKE)  # not "helpful"
    Reaction.objects.create(page=page, user=rosa, kind=ReactionKind.HELPFUL)  # her own page
    assert counts(rosa)["helpful"] == 4
    assert counts(readers[0])["helpful"] == 0


def test_kudos_received_count(rosa):
    KudosFactory.create_batch(2, recipient=rosa)
    KudosFactory(giver=rosa)
    assert counts(rosa)["kudos"] == 2


def test_comment_volume_earns_nothing(rosa, home):
    page = StandardPageFactory(parent=home)
    CommentFactory.create_batch(25, page=page, author=rosa)
    assert set(counts(rosa).values()) == {0}
    html = render_to_string(
        "people/includes/recognition.html", profile_context(rosa.profile, staff())
    )
    assert 'data-testid="ledger-helpful"' in html
    assert "Comments" not in html.split('data-testid="ledger"')[1].split("</section>")[0]


def test_other_apps_can_register_a_source(rosa):
    from people.models import Kudos

    source = ledger.LedgerSource(
        "given", "Kudos given", 0, lambda window: Kudos.objects.annotate(ledger_user=F("giver_id"))
    )
    KudosFactory.create_batch(3, giver=rosa)
    ledger.register(source)
    try:
        assert counts(rosa)["given"] == 3
        assert [line.key for line in ledger.ledger_for(rosa)][-1] == "given"
    finally:
        ledger.LEDGER_SOURCES.remove(source)


@pytest.mark.parametrize("people", [1, 25])
def test_counting_costs_one_query_per_source(people, pages, django_assert_num_queries):
    users = [staff() for _ in range(people)]
    for user in users:
        Verification.objects.create(page=pages[0], verified_by=user)
        KudosFactory(recipient=user)
    with django_assert_num_queries(len(ledger.LEDGER_SOURCES)):
        result = ledger.counts_for([user.pk for user in users])
    assert all(result[user.pk]["verified"] == 1 for user in users)
    assert all(result[user.pk]["kudos"] == 1 for user in users)
