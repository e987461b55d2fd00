"""The vision demo: a published hub with 9 statements, a few hundred answers, idempotent."""

import pytest
from django.db.models import Avg, Count

from brand.models import FeedbackAnswer, StatementPage, VisionHubPage
from brand.vision.suppression import min_group
from demo.loaders import brand_vision as demo
from demo.loaders.people import seed as seed_people
from people.models import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    seed_people(lambda message: None, "demo-password")
    demo.seed(lambda message: None, "demo-password")


def test_demo_hub_statements_and_answers(seeded):
    hub = VisionHubPage.objects.get()
    assert hub.live
    statements = StatementPage.objects.child_of(hub).live()
    kinds = dict(statements.values_list("kind").annotate(n=Count("pk")).order_by())
    assert kinds == {"mission": 1, "vision": 1, "value": 4, "goal": 3}
    assert {s.sponsor.profile.level for s in statements} == {Level.EXECUTIVE}
    assert 300 <= FeedbackAnswer.objects.count() <= 800
    # some people changed their answer: history for the trend chart
    assert FeedbackAnswer.objects.filter(is_latest=False).count() >= 30
    # a department group under the threshold
    slug, department, size = demo.SMALL_GROUP
    assert size < min_group()
    assert (
        FeedbackAnswer.objects.filter(
            statement__slug=slug, is_latest=True, department__name=department
        ).count()
        == size
    )
    # realistic variation: statements (and departments) are not all rated alike
    agree = [
        row["mean"]
        for row in FeedbackAnswer.objects.filter(is_latest=True)
        .values("statement")
        .annotate(mean=Avg("agree"))
        .order_by()
    ]
    assert len(agree) == 9 and max(agree) - min(agree) >= 0.3


def test_demo_is_idempotent(seeded):
    before = (StatementPage.objects.count(), FeedbackAnswer.objects.count())
    demo.seed(lambda message: None, "demo-password")
    assert (StatementPage.objects.count(), FeedbackAnswer.objects.count()) == before
