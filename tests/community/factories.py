"""Factories for the community app: real rows, rendered the way the services render them."""

import factory
import wagtail_factories

from community.models import (
    Access,
    Annotation,
    Comment,
    CommunitiesIndexPage,
    CommunityPage,
    Visibility,
)
from core.sanitize import render_markdown
from tests.factories import UserFactory, index_page_factory


class CommentFactory(factory.django.DjangoModelFactory):
    """CommentFactory(page=page, parent=comment) builds a reply in the parent's thread."""

    class Meta:
        model = Comment
        skip_postgeneration_save = True

    author = factory.SubFactory(UserFactory, roles=["Employees"])
    body = factory.Faker("paragraph")
    body_html = factory.LazyAttribute(lambda comment: str(render_markdown(comment.body)))
    parent = None
    depth = factory.LazyAttribute(lambda comment: comment.parent.depth + 1 if comment.parent else 0)
    thread = factory.LazyAttribute(
        lambda comment: comment.parent.thread if comment.parent else None
    )

    @factory.post_generation
    def _thread(self, create, extracted, **kwargs):
        if create and self.thread_id is None:
            self.thread = self
            self.save(update_fields=["thread"])


class AnnotationFactory(factory.django.DjangoModelFactory):
    """An annotation on `page`; pass block_id, exact, prefix, suffix, start and end that
    match the page text (tests of anchoring build them from the body)."""

    class Meta:
        model = Annotation

    author = factory.SubFactory(UserFactory, roles=["Employees"])
    visibility = Visibility.SHARED
    body = factory.Faker("sentence")
    body_html = factory.LazyAttribute(lambda annotation: str(render_markdown(annotation.body)))
    exact = "text"
    start = 0
    end = factory.LazyAttribute(lambda annotation: annotation.start + len(annotation.exact))


CommunitiesIndexPageFactory = index_page_factory(CommunitiesIndexPage, "Communities", "communities")


class CommunityPageFactory(wagtail_factories.PageFactory):
    """An open community page (tests of the community flows start one through
    `community.groups.services.start_community`, as people do)."""

    class Meta:
        model = CommunityPage

    title = factory.Sequence(lambda n: f"Community {n}")
    purpose = "Riding to work together."
    access = Access.OPEN
