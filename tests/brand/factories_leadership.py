"""Factories for questions to leadership: rows as the services would leave them."""

import factory

from brand.models import LeadershipQuestion, LeadershipQuestionVote, QuestionStatus
from tests.factories import UserFactory


class LeadershipQuestionFactory(factory.django.DjangoModelFactory):
    """A named question by default; LeadershipQuestionFactory(anonymous=True) stores no
    author, as the service does."""

    class Meta:
        model = LeadershipQuestion

    title = factory.Sequence(lambda n: f"Question to leadership number {n}?")
    details = factory.Faker("paragraph")
    anonymous = False
    author = factory.Maybe(
        "anonymous", yes_declaration=None, no_declaration=factory.SubFactory(UserFactory)
    )
    status = QuestionStatus.OPEN


class LeadershipQuestionVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadershipQuestionVote

    question = factory.SubFactory(LeadershipQuestionFactory)
    user = factory.SubFactory(UserFactory, roles=["Employees"])
