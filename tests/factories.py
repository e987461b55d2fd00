"""Factories that build real rows and real page trees (with `parent=`)."""

import zlib

import factory
import factory.random
import wagtail_factories
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from core.models import User
from core.site_pages import publish_as
from home.models import HomePage, StandardPage
from knowledge.models import (
    ArchivePage,
    KnowledgeIndexPage,
    KnowledgePage,
    QuestionPage,
    SpacePage,
)
from knowledge.services import sync_space_permissions
from people.models import Department, Location

PASSWORD = "correct-horse-battery"


def reseed(test_id: str) -> None:
    """Seed Faker and factory_boy from `test_id`: the same test gets the same names on every
    run, whatever ran before it."""
    factory.random.reseed_random(zlib.crc32(test_id.encode()))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=["Editors"]) puts the user in those role groups."""
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Department {n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"City {n}")


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Information page {n}")
    listing_summary = factory.Faker("sentence")


def index_page_factory(model, title: str, slug: str, **fields):
    """The factory of a page type a site has one of (an index, a hub): fixed title and slug."""
    return factory.make_factory(
        model, FACTORY_CLASS=wagtail_factories.PageFactory, title=title, slug=slug, **fields
    )


def home_page() -> HomePage:
    """The home page the migrations create (the site's root)."""
    return HomePage.objects.get()


KnowledgeIndexPageFactory = index_page_factory(
    KnowledgeIndexPage, "Knowledge", "knowledge", show_in_menus=True
)
ArchivePageFactory = index_page_factory(ArchivePage, "Archive", "archive")


class SpacePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SpacePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Space {n}")
    listing_summary = factory.Faker("sentence")

    @factory.post_generation
    def owners(self, create, extracted, **kwargs):
        """SpacePageFactory(owners=[user]) sets owners and grants the space's permissions
        the way publishing does."""
        if not create:
            return
        if extracted:
            self.owners.set(extracted)
            self.save()
        sync_space_permissions(self)


def knowledge_space(title="IT Help", owner=None, **fields) -> SpacePage:
    """A space owned by `owner` (or by `owners=[...]`), under the knowledge index (made if
    there is none yet)."""
    index = KnowledgeIndexPage.objects.first() or KnowledgeIndexPageFactory(parent=home_page())
    fields.setdefault("owners", [owner] if owner else None)
    return SpacePageFactory(parent=index, title=title, **fields)


class KnowledgePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = KnowledgePage

    title = factory.Sequence(lambda n: f"Knowledge page {n}")
    listing_summary = factory.Faker("sentence")
    body = factory.LazyFunction(
        lambda: [
            ("heading", {"text": "Overview", "level": "h2"}),
            ("paragraph", RichText("<p>What this page explains.</p>")),
        ]
    )


class QuestionPageFactory(wagtail_factories.PageFactory):
    """A question as `community.questions.services.ask` leaves it, without the routing."""

    class Meta:
        model = QuestionPage

    title = factory.Sequence(lambda n: f"How do I do thing {n}?")
    body = "What I tried, what I expected."
    asked_by = factory.SubFactory(UserFactory, roles=["Employees"])
    owner = factory.SelfAttribute("asked_by")


def publish(page, user=None, **fields):
    """Save a new revision of `page` (with `fields` changed) and publish it, as an editor
    would; returns the revision."""
    revision = publish_as(page, user, **fields)
    page.refresh_from_db()
    return revision


def restrict_to_groups(page, *groups) -> PageViewRestriction:
    """Only members of `groups` (and superusers) may see `page` and what is below it."""
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(*groups)
    return restriction
