"""Factories for the idea board: a board under home, ideas under it, votes."""

import factory
import wagtail_factories
from django.utils import timezone

from brand.models import IdeaBoardPage, IdeaPage, IdeaStatus, IdeaVote
from tests.factories import UserFactory, index_page_factory

IdeaBoardPageFactory = index_page_factory(IdeaBoardPage, "Ideas", "ideas")


class IdeaPageFactory(wagtail_factories.PageFactory):
    """A published idea (as `brand.ideas.services.submit_idea` leaves it, minus the vote)."""

    class Meta:
        model = IdeaPage

    title = factory.Sequence(lambda n: f"Idea number {n}")
    author = factory.SubFactory(UserFactory, roles=["Employees"])
    owner = factory.SelfAttribute("author")
    problem = factory.Faker("sentence")
    proposal = factory.Faker("sentence")
    status = IdeaStatus.NEW
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyFunction(timezone.now)


class IdeaVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdeaVote

    idea = factory.SubFactory(IdeaPageFactory)
    user = factory.SubFactory(UserFactory, roles=["Employees"])
