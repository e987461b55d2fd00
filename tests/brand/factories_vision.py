"""Factories for the vision hub: the hub, statements and feedback answers."""

import factory
import wagtail_factories
from django.utils import timezone

from brand.models import FeedbackAnswer, StatementKind, StatementPage, VisionHubPage
from tests.factories import UserFactory, index_page_factory

VisionHubPageFactory = index_page_factory(VisionHubPage, "Our vision", "vision")


class StatementPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StatementPage

    title = factory.Sequence(lambda n: f"Statement {n}")
    kind = StatementKind.VALUE
    statement = factory.Faker("sentence")


class FeedbackAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackAnswer

    user = factory.SubFactory(UserFactory)
    understand = 4
    agree = 4
    contribute = 3
    answered_at = factory.LazyFunction(timezone.now)
    is_latest = True


def answers(statement, count, *, department=None, level="", location=None, people=None, **scores):
    """`count` latest answers (by new people, or by `people`) with the given snapshot."""
    people = people[:count] if people is not None else UserFactory.create_batch(count)
    rows = [
        FeedbackAnswer(
            statement=statement,
            user=person,
            understand=scores.get("understand", 4),
            agree=scores.get("agree", 4),
            contribute=scores.get("contribute", 3),
            comment=scores.get("comment", ""),
            department=department,
            level=level,
            location=location,
            answered_at=scores.get("answered_at") or timezone.now(),
        )
        for person in people
    ]
    return FeedbackAnswer.objects.bulk_create(rows)
