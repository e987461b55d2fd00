"""The leadership demo: every status, anonymous questions without authors, idempotent."""

import pytest
from django.db.models import Count

from brand.models import LeadershipQuestion, LeadershipQuestionVote, QuestionStatus
from demo.loaders import brand_leadership as demo
from demo.loaders.people import seed as seed_people
from people.models import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    seed_people(lambda message: None, "demo-password")
    demo.seed(lambda message: None, "demo-password")


def test_demo_questions_cover_every_status(seeded):
    counts = dict(
        LeadershipQuestion.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    assert LeadershipQuestion.objects.count() == len(demo.QUESTIONS) == 12
    assert counts[QuestionStatus.ANSWERED] == 5
    assert counts[QuestionStatus.ASSIGNED] == 2
    assert counts[QuestionStatus.DECLINED] == 1
    assert counts[QuestionStatus.MERGED] == 1
    answered = LeadershipQuestion.objects.filter(status=QuestionStatus.ANSWERED)
    assert {q.answered_by.profile.level for q in answered} == {Level.EXECUTIVE}
    anonymous = LeadershipQuestion.objects.filter(anonymous=True)
    assert anonymous.exists() and not anonymous.filter(author__isnull=False).exists()
    assert (
        LeadershipQuestion.objects.exclude(status=QuestionStatus.MERGED)
        .filter(votes__isnull=True)
        .count()
        == 0
    )
    declined = LeadershipQuestion.objects.get(status=QuestionStatus.DECLINED)
    assert declined.decline_reason


def test_demo_is_idempotent(seeded):
    before = (LeadershipQuestion.objects.count(), LeadershipQuestionVote.objects.count())
    demo.seed(lambda message: None, "demo-password")
    after = (LeadershipQuestion.objects.count(), LeadershipQuestionVote.objects.count())
    assert after == before
