"""What the reader page shows around the body: contents, links, review state, actions.

Each function is one query (or a fixed few) whatever the page holds, so a page with
5,000 words, 20 tags and 30 backlinks costs what a small one does.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, Subquery
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex

from core.models import User
from core.permissions import readable_by, viewable_pages
from knowledge.models import KnowledgePage

RELATED_LIMIT = 6
BACKLINKS_LIMIT = 30


@dataclass(frozen=True)
class TocEntry:
    text: str
    anchor: str
    level: str


def table_of_contents(page: KnowledgePage) -> list[TocEntry]:
    return [
        TocEntry(block.value["text"], block.value.anchor(), block.value["level"])
        for block in page.body
        if block.block_type == "heading"
    ]


def backlinks(page: Page, user: User):
    """Live pages the reader may see whose content links here (Wagtail's reference index)."""
    page_type = ContentType.objects.get_for_model(Page)
    sources = ReferenceIndex.objects.filter(
        to_content_type=page_type, to_object_id=str(page.pk), base_content_type=page_type
    ).annotate(source_id=Cast("object_id", IntegerField()))
    return (
        viewable_pages(user)
        .filter(pk__in=Subquery(sources.values("source_id")))
        .exclude(pk=page.pk)
        .order_by("title")[:BACKLINKS_LIMIT]
    )


def related_by_tags(page: KnowledgePage, user: User, tags=None):
    """Pages sharing the most tags with `page`; pass `tags` when the caller has already
    loaded them (the page view shows them too), which saves a query."""
    tag_ids = [tag.pk for tag in (page.tags.all() if tags is None else tags)]
    if not tag_ids:
        return KnowledgePage.objects.none()
    return (
        KnowledgePage.objects.live()
        .filter(readable_by(user), tags__in=tag_ids)  # not pk__in every readable page
        .exclude(pk=page.pk)
        .annotate(shared_tags=Count("tags", distinct=True))
        .order_by("-shared_tags", "title")[:RELATED_LIMIT]
    )
