"""What readers may see of a knowledge page's past: its published versions only.

A version is published when Wagtail logged a "wagtail.publish" action for its revision.
The publish log, not `Revision`, is the source: a revision is also saved for every draft,
every rejected moderation step and every autosave, none of which a reader may ever see.
Revisions are only joined for what the reader sees of them (change note, material flag,
author), with the note and flag read out of the revision's JSON in SQL, so listing a page
of versions never loads the bodies and costs the same two queries for 2 or 1,000 versions.

Rendering a 5,000-word body takes longer than diffing it, and a published revision never
changes, so each revision's readable state (fields and body HTML) is cached by revision id
and creation time: comparing, re-reading an old version or following a must-read's "what
changed" link renders each revision once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry, Revision

from core.ids import MAX_ID
from core.models import User
from knowledge.diff import DiffResult, diff_html
from knowledge.models import Kind, KnowledgePage

PUBLISH_ACTION = "wagtail.publish"
VERSIONS_PER_PAGE = 20
RECENT_CHANGES = 3
# A revision's content is fixed once published; the timeout only bounds the cache's size.
SNAPSHOT_TIMEOUT = 60 * 60 * 24 * 7
# v2: blocks carry data-block-id (annotations anchor to them).
_SNAPSHOT_KEY = "knowledge:history:snapshot:v2:{id}:{created}"


def _name(first: str | None, last: str | None, username: str | None) -> str:
    """User.display_name from values() columns; "" for a user since deleted."""
    return f"{first or ''} {last or ''}".strip() or (username or "")


@dataclass(frozen=True, slots=True)
class PublishedVersion:
    """One published version, as a reader's history shows it."""

    revision_id: int
    published_at: datetime
    author: str  # who wrote the revision
    publisher: str  # who published it; differs from the author when an owner approved it
    change_note: str
    material_change: bool
    # The version published just before, for "compare with previous"; None for the first.
    previous_id: int | None = None


def _publish_log(page: KnowledgePage) -> QuerySet[PageLogEntry]:
    """Publish actions of `page` whose revision still exists, newest first.

    `revision__created_at` forces an inner join: a revision purged since (Wagtail's
    purge_revisions) cannot be shown, so it must not be counted either.
    """
    return PageLogEntry.objects.filter(
        page_id=page.pk,
        action=PUBLISH_ACTION,
        revision__object_id=str(page.pk),
        revision__created_at__isnull=False,
    ).order_by("-timestamp", "-id")


def _version_rows(log: QuerySet[PageLogEntry]) -> QuerySet:
    return log.values(
        "revision_id",
        "timestamp",
        change_note=KeyTextTransform("change_note", "revision__content"),
        material_change=KeyTransform("material_change", "revision__content"),
        author_first=F("revision__user__first_name"),
        author_last=F("revision__user__last_name"),
        author_username=F("revision__user__username"),
        publisher_first=F("user__first_name"),
        publisher_last=F("user__last_name"),
        publisher_username=F("user__username"),
    )


def _version(row: dict, previous_id: int | None) -> PublishedVersion:
    return PublishedVersion(
        revision_id=row["revision_id"],
        published_at=row["timestamp"],
        author=_name(row["author_first"], row["author_last"], row["author_username"]),
        publisher=_name(row["publisher_first"], row["publisher_last"], row["publisher_username"]),
        change_note=row["change_note"] or "",
        material_change=bool(row["material_change"]),
        previous_id=previous_id if previous_id != row["revision_id"] else None,
    )


class PublishedVersions:
    """The published versions of a page, newest first, for a Paginator.

    Counting and slicing are one query each. A slice reads one row past its end so the
    last version on a page still knows its predecessor for "compare with previous".
    """

    def __init__(self, page: KnowledgePage) -> None:
        self._log = _publish_log(page)

    def count(self) -> int:
        return self._log.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[PublishedVersion]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("PublishedVersions only supports plain slices.")
        start, stop = index.start or 0, index.stop
        rows = list(_version_rows(self._log)[start : None if stop is None else stop + 1])
        wanted = rows if stop is None else rows[: stop - start]
        return [
            _version(row, rows[i + 1]["revision_id"] if i + 1 < len(rows) else None)
            for i, row in enumerate(wanted)
        ]

    def __iter__(self):
        return iter(self[0:])


def published_versions(page: KnowledgePage) -> PublishedVersions:
    """Every published version of `page`, newest first; slice it or hand it to a Paginator."""
    return PublishedVersions(page)


def history_context(page: KnowledgePage) -> dict:
    """Context for the reader page's history panel, in one query.

    KnowledgePage.get_context merges it: `context.update(history_context(self))`.
    """
    return {
        "history_recent": published_versions(page)[:RECENT_CHANGES],
        "history_url": reverse("knowledge:history", kwargs={"page_id": page.pk}),
    }


def published_revisions(page: KnowledgePage, revision_ids: list[int]) -> dict[int, Revision]:
    """The revisions of `page` among `revision_ids` that were published, in one query.

    Each carries `published_at` (its latest publication). Ids of other pages' revisions,
    drafts and unknown ids are simply absent, so the caller 404s on all three alike. The
    content is deferred: a cached snapshot usually makes it unnecessary.
    """
    # Ids come from the address; one past the database's integer range would be a 500.
    revision_ids = [i for i in revision_ids if 0 < i <= MAX_ID]
    if not revision_ids:
        return {}
    published = PageLogEntry.objects.filter(
        page_id=page.pk, action=PUBLISH_ACTION, revision_id=OuterRef("pk")
    ).order_by("-timestamp", "-id")
    revisions = (
        Revision.page_revisions.filter(object_id=str(page.pk), pk__in=revision_ids)
        .filter(Exists(published))
        .annotate(published_at=Subquery(published.values("timestamp")[:1]))
        .select_related("user")
        .defer("content")
    )
    return {revision.pk: revision for revision in revisions}


# Snapshots ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a reader sees of one revision: the compared fields and the rendered body."""

    title: str
    summary: str
    kind: str  # the human label, e.g. "How-to"
    tags: tuple[str, ...]
    body_html: SafeString
    change_note: str
    material_change: bool

    @property
    def tags_text(self) -> str:
        return ", ".join(self.tags)


def render_body(page_as_it_was: KnowledgePage) -> str:
    """The body as the reader page renders it (the same block templates as include_block),
    each top-level block in a `data-block-id` element (core.blocks.BaseStreamBlock)."""
    return str(page_as_it_was.body.render_as_block())


def snapshot_cache_key(revision: Revision) -> str:
    return _SNAPSHOT_KEY.format(id=revision.pk, created=revision.created_at.timestamp())


def _kind_label(value: str) -> str:
    try:
        return str(Kind(value).label)
    except ValueError:
        return value


def snapshot(page: KnowledgePage, revision: Revision) -> Snapshot:
    """The readable state of `revision`, rendered once and then served from the cache.

    The key includes the creation time as well as the id because Wagtail can overwrite
    the latest revision in place (autosave), and then the old rendering must not be used.
    """
    key = snapshot_cache_key(revision)
    cached = cache.get(key)
    if cached is None:
        as_it_was = page.with_content_json(revision.content)
        cached = {
            "title": as_it_was.title,
            "summary": as_it_was.listing_summary,
            "kind": as_it_was.kind,
            "tags": sorted(tag.name for tag in as_it_was.tags.all()),
            "body_html": render_body(as_it_was),
            "change_note": as_it_was.change_note,
            "material_change": as_it_was.material_change,
        }
        cache.set(key, cached, SNAPSHOT_TIMEOUT)
    return Snapshot(
        title=cached["title"],
        summary=cached["summary"],
        kind=_kind_label(cached["kind"]),
        tags=tuple(cached["tags"]),
        # Rendered by our own block templates from sanitised rich text, as on the live page.
        body_html=mark_safe(cached["body_html"]),  # noqa: S308
        change_note=cached["change_note"],
        material_change=cached["material_change"],
    )


def live_body(page: KnowledgePage, revision_id: int, created_at: datetime) -> SafeString:
    """The rendered body of revision `revision_id` (created at `created_at`), from the
    snapshot cache; the revision is read from the database only when it is not there."""
    revision = Revision(pk=revision_id, created_at=created_at)
    if cache.get(snapshot_cache_key(revision)) is None:
        revision = Revision.objects.get(pk=revision_id)
    return snapshot(page, revision).body_html


# Comparing ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Comparison:
    old: Snapshot
    new: Snapshot
    fields: list[FieldChange]
    body: DiffResult

    @property
    def changed(self) -> bool:
        return bool(self.fields) or self.body.changed


def compare_versions(page: KnowledgePage, old: Revision, new: Revision) -> Comparison:
    """What changed from `old` to `new`: the listed fields, then the body word by word."""
    before, after = snapshot(page, old), snapshot(page, new)
    fields = [
        FieldChange(label, old_value, new_value)
        for label, old_value, new_value in (
            (_("Title"), before.title, after.title),
            (_("Summary"), before.summary, after.summary),
            (_("Type"), before.kind, after.kind),
            (_("Tags"), before.tags_text, after.tags_text),
        )
        if old_value != new_value
    ]
    return Comparison(before, after, fields, diff_html(before.body_html, after.body_html))


# Restoring ---------------------------------------------------------------------------


def can_restore(user: User, page: KnowledgePage) -> bool:
    return user.is_authenticated and page.permissions_for_user(user).can_edit()


def restore_version(user: User, page: KnowledgePage, revision: Revision) -> Revision:
    """Save the content of an old published version as the page's newest draft.

    Nothing is overwritten and nothing is published: the restored content is a new
    revision that goes through the space's normal review and publishing, like any edit.
    May raise django.core.exceptions.ValidationError when the old content no longer
    validates (its slug taken by a sibling since, say).
    """
    if not can_restore(user, page):
        raise PermissionDenied(_("Only people who may edit this page can restore a version."))
    if page.permissions_for_user(user).page_locked():
        raise PermissionDenied(_("This page is locked, so it cannot be restored right now."))
    published_at = getattr(revision, "published_at", None) or revision.created_at
    date = formats.date_format(timezone.localtime(published_at), "j F Y, H:i")
    old = page.with_content_json(revision.content)
    old.change_note = _("Restored the version of %(date)s") % {"date": date}
    old.material_change = False
    return old.save_revision(user=user, log_action=True, previous_revision=revision)
