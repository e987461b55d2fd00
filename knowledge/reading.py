"""What the reader page shows around the body: contents, links, review state, actions.

Each function is one query (or a fixed few) whatever the page holds, so a page with
5,000 words, 20 tags and 30 backlinks costs what a small one does.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, Subquery
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex, Revision

from core import fragments
from core.models import User
from core.permissions import _guest_space_paths, governor_ids, is_guest, readable_by, viewable_pages
from knowledge.history import RECENT_CHANGES, published_versions
from knowledge.models import KnowledgePage, MustRead

RELATED_LIMIT = 6
BACKLINKS_LIMIT = 30


@dataclass(frozen=True)
class TocEntry:
    text: str
    anchor: str
    level: str
    children: tuple["TocEntry", ...] = ()


def table_of_contents(page: KnowledgePage) -> list[TocEntry]:
    """The sections, each with its subsections nested (so a numbered list counts sections
    only: 1, 2, 3, not the place a section holds among every heading). A subsection
    before any section is listed as one."""
    entries: list[TocEntry] = []
    for block in page.body:
        if block.block_type != "heading":
            continue
        entry = TocEntry(block.value["text"], block.value.anchor(), block.value["level"])
        if entry.level == "h3" and entries and entries[-1].level == "h2":
            section = entries[-1]
            entries[-1] = TocEntry(
                section.text, section.anchor, section.level, (*section.children, entry)
            )
        else:
            entries.append(entry)
    return entries


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


def related_links(page: KnowledgePage, user: User) -> list[Page]:
    """The pages an editor linked as related, those the reader may see: a link to a
    private space's page is not shown to outsiders (its title would be a leak)."""
    targets = [link.target for link in page.related_links.select_related("target")]
    if not targets:
        return []
    readable = set(
        viewable_pages(user)
        .filter(pk__in=[target.pk for target in targets])
        .values_list("pk", flat=True)
    )
    return [target for target in targets if target.pk in readable]


# The side panel -------------------------------------------------------------------------


# Bumped on every verification: the review statuses a space lists (knowledge.context.space).
REVIEWS = "knowledge-reviews"


def page_version(page_id: int) -> str:
    """The `core.fragments` version of what a knowledge page shows beside its body that
    changes without a publish: its verifications and its must-read (knowledge.signals)."""
    return f"knowledge-page:{page_id}"


def lean_person(person: User | None) -> User | None:
    """`person` reduced to the names a page shows, for a cache readers share: no password
    hash, e-mail address or flags go into it."""
    if person is None:
        return None
    return User(
        pk=person.pk,
        username=person.username,
        first_name=person.first_name,
        last_name=person.last_name,
    )


def lean_publisher(item: Page) -> Page:
    """`item` (loaded with `live_revision__user`) with its publisher made lean."""
    if item.live_revision is not None:
        item.live_revision.user = lean_person(item.live_revision.user)
    return item


def reader_key(user: User) -> str:
    """What decides which pages `user` may see: their role set, and for a guest also who
    they are and the spaces their pinholes open now (a pinhole that expires saves nothing:
    its space leaves the key). The spaces were read by the privacy gate for this request."""
    key = fragments.role_key(user)
    if not is_guest(user):
        return key
    return f"{key}:{user.pk}:" + ",".join(sorted(_guest_space_paths(user)))


@dataclass(frozen=True)
class SidePanel:
    """What a knowledge page shows around its body that is the same for every reader with
    the same roles: cached per page, live revision, reader's roles and the tree's version
    (`side_panel`). Plain data: names, not user rows."""

    revision_id: int | None
    revision_created_at: datetime | None
    publisher: str
    owner: str
    last_verified_at: datetime | None
    tags: list
    backlinks: list
    related_links: list
    related_by_tags: list
    history_recent: list
    must_read: MustRead | None
    governors: frozenset[int]  # the space's owners (core.permissions.governor_ids)
    space_interval_days: int | None  # the space's review interval, for the review status


def _load_side_panel(page: KnowledgePage, user: User) -> SidePanel:
    live_revision = (
        Revision.objects.select_related("user").filter(pk=page.live_revision_id).first()
        if page.live_revision_id
        else None
    )
    last_verification = page.verifications.values_list("verified_at", flat=True).first()
    tags = list(page.tags.all())
    owner = page.content_owner if page.content_owner_id else None
    space = page.space
    return SidePanel(
        revision_id=live_revision.pk if live_revision else None,
        revision_created_at=live_revision.created_at if live_revision else None,
        publisher=live_revision.user.display_name if live_revision and live_revision.user else "",
        owner=owner.display_name if owner else "",
        last_verified_at=last_verification,
        tags=tags,
        backlinks=list(backlinks(page, user)),
        related_links=related_links(page, user),
        related_by_tags=list(related_by_tags(page, user, tags)),
        history_recent=published_versions(page)[:RECENT_CHANGES],
        must_read=MustRead.objects.filter(page=page, active=True).first(),
        governors=governor_ids(page),
        space_interval_days=space.review_interval_days if space else None,
    )


def side_panel(page: KnowledgePage, user: User) -> SidePanel:
    """The page's side panel for `user`, from the cache when a reader with the same roles
    asked since the page, the tree (publishes, moves, restrictions) or the page's
    verifications and must-read last changed. A preview builds it afresh, uncached."""
    if getattr(page, "is_preview_copy", False) or not page.live_revision_id:
        return _load_side_panel(page, user)
    return fragments.cached(
        "knowledge-side",
        (page.pk, page.live_revision_id, reader_key(user)),
        lambda: _load_side_panel(page, user),
        depends_on=(fragments.TREE, page_version(page.pk)),
    )
