"""The review cycle: which pages are due, overdue or stale, the nightly reminders, and the
per-space stale policies (hide from search, or archive), with restore.

Dates in SQL. A page's review is due `interval` days after its last verification (or its
first publication): the page's own interval, else its space's, else 180 days. It is
"overdue" from then and "stale" `STALE_AFTER` later (the rule of
`KnowledgePage.review_status`). The due date is stored, indexed, on the page
(`KnowledgePage.next_review_at`, written by `refresh_due_dates` whenever a verification,
a publication, a move or a space's interval changes it; governance.review.signals), so the
report over 100,000 pages filters and sorts on an index instead of computing every
page's date per request. `ReviewQuerySet.with_review_dates` adds a single review state
for many pages in one query, so listings and the admin report cost a constant number of
queries (the space is found by the page's path prefix at the spaces' depth, which uses
the path index).

Side effects (`send_review_reminders`, `apply_stale_policies`, `restore_archived`) are
idempotent or permission-checked, and audited with `wagtail.log_actions.log`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import (
    Case,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Left
from django.db.models.lookups import In
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.actions.move_page import MovePageAction
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log
from wagtail.models import Page

from community.models import EmailFrequency, Notification, NotificationVerb
from community.notifications.services import email_frequency
from core import fragments
from core.models import User
from core.permissions import (
    can_view_page,
    keep_restrictions_when_moving,
    not_blocked,
    readable_by,
    viewable_pages,
)
from core.policy import Action, policy
from governance.review import tasks  # imports this module back: used at call time only
from knowledge.models import (
    STALE_AFTER,
    ArchivedPage,
    ArchivePage,
    KnowledgeIndexPage,
    KnowledgePage,
    KnowledgePageQuerySet,
    SpacePage,
    StalePolicy,
    Verification,
)
from knowledge.reading import REVIEWS

DUE_SOON_DAYS = 14
DEFAULT_INTERVAL_DAYS = 180
LOG_HIDDEN = "hearth.review.hidden"
LOG_ARCHIVED = "hearth.review.archived"
LOG_RESTORED = "hearth.review.restored"
LOG_UNHIDDEN = "hearth.review.unhidden"


class ReviewState(models.TextChoices):
    """Where a page is in its review cycle (one state; the first that applies)."""

    ARCHIVED = "archived", gettext_lazy("Archived")
    HIDDEN = "hidden", gettext_lazy("Hidden as stale")
    STALE = "stale", gettext_lazy("Stale")
    OVERDUE = "overdue", gettext_lazy("Overdue")
    DUE_SOON = "due_soon", gettext_lazy("Due soon")
    OK = "ok", gettext_lazy("Up to date")


NEEDS_ATTENTION = [state for state in ReviewState.values if state != ReviewState.OK]


@dataclass(frozen=True)
class Layout:
    """Where spaces and the archive are in the page tree (read once per listing)."""

    space_depth: int | None = None
    archive_path: str | None = None
    spaces: dict[str, tuple[int, str, int]] = field(default_factory=dict)  # path: pk, title, days

    def space_of(self, home_path: str | None) -> tuple[int, str, int] | None:
        if not home_path or not self.space_depth:
            return None
        return self.spaces.get(home_path[: self.space_depth * Page.steplen])


def tree_layout() -> Layout:
    """The spaces (path, id, title, interval) and the archive's path: two small queries."""
    # From the small space and archive tables (the page tree holds 100,000 rows).
    spaces = list(
        SpacePage.objects.values_list("path", "depth", "review_interval_days", "pk", "title")
    )
    archives = sorted(ArchivePage.objects.values_list("path", flat=True))
    intervals = {row[3]: row[2] for row in spaces}
    depth = min((row[1] for row in spaces), default=None)
    return Layout(
        space_depth=depth,
        archive_path=archives[0] if archives else None,
        spaces={
            path: (pk, title, intervals.get(pk) or DEFAULT_INTERVAL_DAYS)
            for path, row_depth, _days, pk, title in spaces
            if row_depth == depth
        },
    )


# Stored due dates ------------------------------------------------------------------------
def refresh_due_dates(pages: models.QuerySet | None = None, layout: Layout | None = None) -> int:
    """Store when the review of each of `pages` (every knowledge page by default) falls
    due, in `KnowledgePage.next_review_at`: its last verification, else its first
    publication, plus its interval (its own, else its space's; an archived page keeps the
    space it came from). One UPDATE per interval (and per 1,000 pages) in the database's
    own date arithmetic; returns the number of pages written.

    Kept in step by governance.review.signals (a verification, a publication, a move, a space's
    interval) and by the nightly `review_reminders`, which refreshes every page first,
    so a date written around these paths (a bulk import, a raw UPDATE) heals overnight.
    The stored status (`KnowledgePage.stored_review_status`) is written with the date; as
    time passes, `advance_review_statuses` moves it."""
    layout = layout or tree_layout()
    pages = KnowledgePage.objects.all() if pages is None else pages
    archived = ArchivedPage.objects.filter(page__in=pages.values("pk"))
    homes = dict(archived.values_list("page_id", "original_parent__path"))
    by_days: dict[int, list[int]] = defaultdict(list)
    for pk, path, own_days in pages.values_list("pk", "path", "review_interval_days"):
        space = layout.space_of(homes.get(pk) or path)
        by_days[own_days or (space[2] if space else DEFAULT_INTERVAL_DAYS)].append(pk)
    latest = Verification.objects.filter(page=OuterRef("pk")).order_by("-verified_at")
    published = Page.objects.filter(pk=OuterRef("pk")).values("first_published_at")[:1]
    start = Coalesce(Subquery(latest.values("verified_at")[:1]), Subquery(published))
    written, now = 0, timezone.now()
    for days, ids in by_days.items():
        due = ExpressionWrapper(start + timedelta(days=days), output_field=DateTimeField())
        for offset in range(0, len(ids), 1000):
            chunk = KnowledgePage.objects.filter(pk__in=ids[offset : offset + 1000])
            written += chunk.update(next_review_at=due)
            chunk.store_review_status(now)  # the status follows the date and verifications
    if written:
        fragments.bump(REVIEWS)  # the statuses the spaces list and count
    return written


def advance_review_statuses(now: datetime | None = None) -> int:
    """Move the stored status of the pages whose date has passed since it was stored
    (verified to review due or stale, review due to stale), as `review_status`'s rule
    says at `now`; returns how many moved. Only those pages are read (an index on
    status and date), so the hourly job costs what moves, not what the site holds."""
    moved = KnowledgePage.objects.review_status_passed(now).store_review_status(now)
    if moved:
        fragments.bump(REVIEWS)
    return moved


def state_of(page, now: datetime) -> str:
    """The review state of a page annotated by `with_review_dates` (no query)."""
    if page.is_archived:
        return ReviewState.ARCHIVED
    if not page.live:
        return ReviewState.OK
    if page.hidden_as_stale_at is not None:
        return ReviewState.HIDDEN
    due = page.next_review_at
    if due is None:
        return ReviewState.OK
    if due <= now - STALE_AFTER:
        return ReviewState.STALE
    if due <= now:
        return ReviewState.OVERDUE
    if due <= now + timedelta(days=DUE_SOON_DAYS):
        return ReviewState.DUE_SOON
    return ReviewState.OK


class ReviewQuerySet(KnowledgePageQuerySet):
    """Knowledge pages with their review dates (`with_review_dates` first)."""

    def _clone(self):
        clone = super()._clone()
        clone._review_now = getattr(self, "_review_now", None)
        clone._review_layout = getattr(self, "_review_layout", None)
        return clone

    def with_review_dates(
        self, now: datetime | None = None, layout: Layout | None = None, *, state: bool = True
    ) -> ReviewQuerySet:
        """Annotate `home_path` (an archived page's original place), `is_archived` and,
        with `state`, `review_state`, `last_verified_at` and `space_interval_days` (what
        `KnowledgePage.review_due_at` reads): one query for the pages (plus one for the
        tree's layout unless given). The due date itself is the stored, indexed
        `next_review_at`. `state=False` leaves the state out of the SELECT (listings over
        every page compute it with `state_of` for the rows they show)."""
        now = now or timezone.now()
        layout = layout or tree_layout()
        if layout.archive_path:
            in_archive = Q(path__startswith=layout.archive_path)
            original = ArchivedPage.objects.filter(page=OuterRef("pk")).values(
                "original_parent__path"
            )[:1]
            home_path = Case(When(in_archive, then=Subquery(original)), default=F("path"))
            archived = Case(
                When(in_archive, then=Exists(ArchivedPage.objects.filter(page=OuterRef("pk")))),
                default=Value(False),
            )
        else:
            home_path, archived = F("path"), Value(False)
        pages = self.annotate(
            home_path=home_path,
            is_archived=ExpressionWrapper(archived, output_field=models.BooleanField()),
        )
        pages._review_now, pages._review_layout = now, layout
        if state:
            latest = Verification.objects.filter(page=OuterRef("pk")).order_by("-verified_at")
            pages = pages.annotate(
                last_verified_at=Subquery(latest.values("verified_at")[:1]),
                space_interval_days=self._space_interval(layout),
                review_state=Case(
                    *(When(pages._state_q(value), then=Value(value)) for value in NEEDS_ATTENTION),
                    default=Value(ReviewState.OK),
                    output_field=models.CharField(),
                ),
            )
        return pages

    @staticmethod
    def _space_interval(layout: Layout):
        """The interval of the page's space, as a CASE over the spaces' paths grouped by
        interval (few distinct intervals, however many spaces)."""
        if not layout.space_depth or not layout.spaces:
            return Value(DEFAULT_INTERVAL_DAYS)
        by_days: dict[int, list[str]] = defaultdict(list)
        for path, (_pk, _title, days) in layout.spaces.items():
            by_days[days].append(path)
        common = max(by_days, key=lambda days: len(by_days[days]))
        key = Left(F("home_path"), layout.space_depth * Page.steplen)
        whens = [
            When(In(key, paths), then=Value(days))
            for days, paths in sorted(by_days.items())
            if days != common
        ]
        if not whens:
            return Value(common)
        return Case(*whens, default=Value(common), output_field=models.IntegerField())

    def _state_q(self, value: str) -> Q:
        now = self._review_now
        stale_line, soon = now - STALE_AFTER, now + timedelta(days=DUE_SOON_DAYS)
        live_unhidden = Q(is_archived=False, live=True, hidden_as_stale_at__isnull=True)
        if value == ReviewState.ARCHIVED:
            return Q(is_archived=True)
        if value == ReviewState.HIDDEN:
            return Q(is_archived=False, live=True, hidden_as_stale_at__isnull=False)
        if value == ReviewState.STALE:
            return live_unhidden & Q(next_review_at__lte=stale_line)
        if value == ReviewState.OVERDUE:
            return live_unhidden & Q(next_review_at__gt=stale_line, next_review_at__lte=now)
        if value == ReviewState.DUE_SOON:
            return live_unhidden & Q(next_review_at__gt=now, next_review_at__lte=soon)
        return ~Q(pk__in=[])  # OK: everything else (filtered by the caller)

    # Filters (after with_review_dates) ---------------------------------------------------
    def due_within(self, days: int, now: datetime) -> ReviewQuerySet:
        """Live pages whose review falls due in the next `days` days (not yet due)."""
        return self.live().filter(
            next_review_at__gt=now, next_review_at__lte=now + timedelta(days=days)
        )

    def overdue(self, now: datetime) -> ReviewQuerySet:
        """Live pages past their review date (stale and hidden ones included)."""
        return self.live().filter(next_review_at__lte=now)

    def stale_for(self, days: int, now: datetime) -> ReviewQuerySet:
        """Live pages stale for at least `days` days."""
        return self.live().filter(next_review_at__lte=now - STALE_AFTER - timedelta(days=days))

    def in_state(self, *states: str) -> ReviewQuerySet:
        """Pages in any of `states` (a WHERE on the due day: no per-row state column)."""
        if set(states) == set(NEEDS_ATTENTION):
            # One comparison of the due day per row (cheap tests first).
            soon = self._review_now + timedelta(days=DUE_SOON_DAYS)
            return self.filter(
                Q(is_archived=True)
                | Q(live=True, hidden_as_stale_at__isnull=False)
                | Q(live=True, next_review_at__lte=soon)
            )
        wanted = Q(pk__in=[])
        for value in states:
            wanted |= self._state_q(value)
        return self.filter(wanted)

    def in_space(self, space: Page | int) -> ReviewQuerySet:
        if not isinstance(space, Page):
            space = Page.objects.get(pk=space)
        return self.in_spaces([space.path])

    def in_spaces(self, paths: list[str]) -> ReviewQuerySet:
        """Pages under these spaces, or archived from them. Compared on the page's own path
        and on the (few) archive records rather than on `home_path`, an expression of
        every row that no index can answer."""
        here, archived_from = Q(pk__in=[]), Q(pk__in=[])
        for path in paths:
            here |= Q(path__startswith=path)
            archived_from |= Q(original_parent__path__startswith=path)
        from_there = ArchivedPage.objects.filter(archived_from).values("page_id")
        return self.filter(here | Q(pk__in=from_there))

    def owned_by(self, user: User | int) -> ReviewQuerySet:
        return self.filter(content_owner=user)

    def in_spaces_owned_by(self, user: User) -> ReviewQuerySet:
        return self.in_spaces(
            list(SpacePage.objects.filter(owners=user).values_list("path", flat=True))
        )


def review_pages(
    now: datetime | None = None, layout: Layout | None = None, *, state: bool = True
) -> ReviewQuerySet:
    """Every knowledge page, live or archived, with its review dates (and state)."""
    pages = ReviewQuerySet(model=KnowledgePage)
    return pages.with_review_dates(now, layout, state=state)


# Who may do what -------------------------------------------------------------------------
def is_review_admin(user: User) -> bool:
    """Administrators and communications see every space's review report."""
    return policy.user_has_permission(user, Action.VIEW_REPORTS)


def owned_space_ids(user: User) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(SpacePage.objects.filter(owners=user).values_list("pk", flat=True))


def can_view_report(user: User) -> bool:
    return is_review_admin(user) or bool(owned_space_ids(user))


def report_pages(
    user: User, now: datetime | None = None, *, state: bool = True, layout: Layout | None = None
) -> ReviewQuerySet:
    """The pages `user` may see in the stale-content report: all for administrators and
    communications, their own spaces' for space owners, none for anyone else."""
    pages = review_pages(now, layout, state=state)
    if is_review_admin(user):
        return pages
    if user.is_authenticated:
        return pages.in_spaces_owned_by(user)
    return pages.none()


# The archive, as readers browse it ---------------------------------------------------------
ARCHIVE_PER_PAGE = 20


def archive_for(
    user: User | AnonymousUser, space: int | None = None
) -> models.QuerySet[ArchivedPage]:
    """Archived pages `user` may know of, newest first: the place a page was archived from
    is one they may read (a private space stays private, a guest sees only their spaces),
    and no restriction the page carries (kept from its space when it moved) keeps them
    out. `space`: only pages archived from below that space. One query a page of rows."""
    if not user.is_authenticated:
        return ArchivedPage.objects.none()
    rows = ArchivedPage.objects.filter(readable_by(user, "original_parent_id"))
    rows = not_blocked(rows, user, "page__path")
    if space is not None:
        paths = SpacePage.objects.filter(pk=space).values_list("path", flat=True)[:1]
        path = next(iter(paths), None)
        if path is None:
            return ArchivedPage.objects.none()
        rows = rows.filter(original_parent__path__startswith=path)
    return rows.select_related("page", "original_parent", "archived_by").order_by(
        "-archived_at", "-pk"
    )


def archive_spaces(user: User | AnonymousUser) -> models.QuerySet[SpacePage]:
    """The spaces `user` may read, for the archive's filter (one query)."""
    return SpacePage.objects.live().filter(readable_by(user)).order_by("title")


def restorable(user: User | AnonymousUser, rows: list[ArchivedPage]) -> set[int]:
    """Which of `rows` (archive records) `user` may restore (`can_restore`'s rule), in at
    most one query: administrators all, space owners those archived from their spaces."""
    if not user.is_authenticated or not rows:
        return set()
    if can_restore_everywhere(user):
        return {row.pk for row in rows}
    owned = list(SpacePage.objects.filter(owners=user).values_list("path", flat=True))
    return {
        row.pk
        for row in rows
        if row.original_parent is not None
        and any(row.original_parent.path.startswith(path) for path in owned)
    }


def can_restore_everywhere(user: User) -> bool:
    return policy.user_has_permission(user, Action.ADMINISTER)


def can_restore(user: User, archived: ArchivedPage) -> bool:
    """Administrators, and the owners of the space the page was archived from."""
    if not user.is_authenticated:
        return False
    if can_restore_everywhere(user):
        return True
    parent = archived.original_parent
    if parent is None:
        return False
    spaces = SpacePage.objects.ancestor_of(parent, inclusive=True)
    return spaces.filter(owners=user).exists()


# Reminders -------------------------------------------------------------------------------
@dataclass
class ReminderReport:
    digests: list[int] = field(default_factory=list)  # user ids told today
    stale_pages: list[int] = field(default_factory=list)  # pages newly reported stale


def stale_notify_days() -> int:
    return settings.HEARTH_STALE_NOTIFY_DAYS


def _day_start(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _newly_stale(now: datetime, layout) -> dict[int, list[int]]:
    """Space id → pages stale for HEARTH_STALE_NOTIFY_DAYS that the space's owners were
    not told about in this review cycle (since the page crossed that line)."""
    days = stale_notify_days()
    candidates = list(
        review_pages(now, layout, state=False)
        .stale_for(days, now)
        .values_list("pk", "home_path", "next_review_at")
    )
    told = defaultdict(list)
    rows = Notification.objects.filter(
        verb=NotificationVerb.STALE, page_id__in=[pk for pk, _s, _d in candidates]
    ).values_list("page_id", "created_at")
    for page_id, created_at in rows:
        told[page_id].append(created_at)
    fresh: dict[int, list[int]] = defaultdict(list)
    for pk, home_path, due in candidates:
        space = layout.space_of(home_path)
        if space is None:
            continue
        crossed = due + STALE_AFTER + timedelta(days=days)
        if not any(created >= crossed for created in told[pk]):
            fresh[space[0]].append(pk)
    return fresh


def send_review_reminders(now: datetime | None = None) -> ReminderReport:
    """Tell each content owner, once a day at most, about their pages overdue or due within
    DUE_SOON_DAYS, and each space owner about pages newly stale for
    HEARTH_STALE_NOTIFY_DAYS days: one in-app notification per digest (REVIEW_DUE) and per
    stale page (STALE), and at most ONE email per person per run (a task).

    Idempotent: a REVIEW_DUE notification written today (local time) means that owner's
    digest went out today; a STALE notification about a page written after the page
    crossed the line means its space owners were told. Each person is handled in a
    transaction holding a lock on their row, so two runs at once tell them once.
    """
    now = now or timezone.now()
    layout = tree_layout()
    pages = review_pages(now, layout, state=False)
    due_soon: dict[int, list[int]] = defaultdict(list)
    overdue: dict[int, list[int]] = defaultdict(list)
    soon_limit = now + timedelta(days=DUE_SOON_DAYS)
    rows = (
        pages.live()
        .filter(content_owner__isnull=False, content_owner__is_active=True)
        .filter(next_review_at__lte=soon_limit)
        .order_by("next_review_at", "pk")
        .values_list("pk", "content_owner_id", "next_review_at")
    )
    for pk, owner_id, due in rows:
        (overdue if due <= now else due_soon)[owner_id].append(pk)

    stale_by_space = _newly_stale(now, layout)
    stale_for_owner: dict[int, list[int]] = defaultdict(list)
    if stale_by_space:
        owners = SpacePage.owners.through.objects.filter(
            spacepage_id__in=list(stale_by_space), user__is_active=True
        ).values_list("spacepage_id", "user_id")
        for space_pk, user_id in owners:
            stale_for_owner[user_id].extend(stale_by_space[space_pk])

    report = ReminderReport()
    today = _day_start(now)
    reported_stale: set[int] = set()
    for user_id in sorted(set(due_soon) | set(overdue) | set(stale_for_owner)):
        with transaction.atomic():
            user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
            if user is None:
                continue
            digest = bool(due_soon[user_id] or overdue[user_id]) and not (
                Notification.objects.filter(
                    recipient=user, verb=NotificationVerb.REVIEW_DUE, created_at__gte=today
                ).exists()
            )
            stale = _readable_pages(user, stale_for_owner[user_id])
            if not digest and not stale:
                continue
            emailing = _wants_email(user)
            sent_at = now if emailing else None
            if digest:
                Notification.objects.create(
                    recipient=user,
                    verb=NotificationVerb.REVIEW_DUE,
                    link=reverse("knowledge:my_reviews"),
                    subject=_digest_subject(len(overdue[user_id]), len(due_soon[user_id])),
                    detail=_digest_detail(len(overdue[user_id]), len(due_soon[user_id])),
                    created_at=now,
                    emailed_at=sent_at,
                )
                report.digests.append(user_id)
            if stale:
                Notification.objects.bulk_create(
                    Notification(
                        recipient=user,
                        verb=NotificationVerb.STALE,
                        page_id=page_id,
                        detail=ngettext(
                            "Not reviewed for more than %(days)s day since it went stale.",
                            "Not reviewed for more than %(days)s days since it went stale.",
                            stale_notify_days(),
                        )
                        % {"days": stale_notify_days()},
                        created_at=now,
                        emailed_at=sent_at,
                    )
                    for page_id in stale
                )
                reported_stale.update(stale)
            if emailing:
                args = (
                    user_id,
                    overdue[user_id] if digest else [],
                    due_soon[user_id] if digest else [],
                    stale,
                    now.isoformat(),
                )
                transaction.on_commit(lambda args=args: tasks.send_review_digest.enqueue(*args))
    report.stale_pages = sorted(reported_stale)
    return report


def _readable_pages(user: User, page_ids: list[int]) -> list[int]:
    """Of the newly stale pages, those `user` may see (an owner who lost access to a
    restricted part of their space is not told about it)."""
    if not page_ids:
        return []
    return sorted(viewable_pages(user).filter(pk__in=page_ids).values_list("pk", flat=True))


def _wants_email(user: User) -> bool:
    return bool(user.email) and email_frequency(user) != EmailFrequency.NEVER


def _digest_subject(overdue: int, due_soon: int) -> str:
    count = overdue + due_soon
    return ngettext("%(count)s page to review", "%(count)s pages to review", count) % {
        "count": count
    }


def _digest_detail(overdue: int, due_soon: int) -> str:
    return ngettext(
        "%(overdue)s overdue, %(soon)s due within %(days)s day.",
        "%(overdue)s overdue, %(soon)s due within %(days)s days.",
        DUE_SOON_DAYS,
    ) % {
        "overdue": overdue,
        "soon": due_soon,
        "days": DUE_SOON_DAYS,
    }


# Stale policies --------------------------------------------------------------------------
@dataclass
class PolicyReport:
    hidden: list[int] = field(default_factory=list)
    archived: list[int] = field(default_factory=list)


def _policy_candidates(space: SpacePage, now: datetime, layout) -> ReviewQuerySet:
    """Live pages of `space` stale for the policy's days and not edited in that time
    either (republishing restarts the policy's clock)."""
    days = space.stale_policy_days or 0
    return (
        review_pages(now, layout, state=False)
        .live()
        .in_space(space)
        .stale_for(days, now)
        .filter(last_published_at__lte=now - timedelta(days=days))
        .order_by("path")
    )


def archive_page() -> ArchivePage:
    """The one archive, under the knowledge index (created, unpublished, if missing)."""
    found = ArchivePage.objects.first()
    if found is not None:
        return found
    index = KnowledgeIndexPage.objects.get()
    archive = ArchivePage(title=_("Archive"), slug="archive", live=False)
    index.add_child(instance=archive)
    return archive


def _free_slug(page: Page, parent: Page) -> None:
    """Two pages under one parent may not share a slug: suffix the page's id if taken."""
    if parent.get_children().filter(slug=page.slug).exclude(pk=page.pk).exists():
        page.slug = f"{page.slug}-{page.pk}"[:255]
        Page.objects.filter(pk=page.pk).update(slug=page.slug)


def _move(page: Page, target: Page, user: User | None) -> None:
    """Move without Wagtail's automatic redirect: an archived page's old address answers
    404 rather than pointing readers (and guessers) at the archive, and a restored page
    is back at its own address."""
    started = timezone.now()
    MovePageAction(page, target, pos="last-child", user=user).execute(skip_permission_checks=True)
    Redirect.objects.filter(
        redirect_page=page.pk, automatically_created=True, created_at__gte=started
    ).delete()


@transaction.atomic
def archive(page: KnowledgePage, *, user: User | None = None, reason: str = "") -> ArchivedPage:
    """Unpublish `page` and move it under the archive, recording where it was."""
    page = KnowledgePage.objects.select_for_update().get(pk=page.pk)
    parent = page.get_parent()
    target = archive_page()
    record = ArchivedPage.objects.create(
        page=page, original_parent=parent, archived_by=user, reason=reason
    )
    page.unpublish(user=user, log_action=True)
    _free_slug(page, target)
    keep_restrictions_when_moving(page, target)  # a private space's page stays private
    _move(page, target, user)
    log(
        instance=page,
        action=LOG_ARCHIVED,
        user=user,
        data={"original_parent": parent.pk, "reason": reason},
    )
    return record


def apply_stale_policies(now: datetime | None = None) -> PolicyReport:
    """For each space with a policy: hide its pages stale for the policy's days (banner,
    out of search), or archive them. A page with sub-pages is hidden rather than archived
    (archiving would take its sub-pages out of the space too). Idempotent: hidden pages
    stay hidden, archived ones are no longer live."""
    now = now or timezone.now()
    layout = tree_layout()
    report = PolicyReport()
    spaces = SpacePage.objects.exclude(stale_policy=StalePolicy.NOTHING)
    for space in spaces.order_by("path"):
        candidates = _policy_candidates(space, now, layout)
        to_hide = candidates
        if space.stale_policy == StalePolicy.ARCHIVE:
            days = space.stale_policy_days or 0
            reason = ngettext(
                "Stale for %(days)s day under the space's archive policy.",
                "Stale for %(days)s days under the space's archive policy.",
                days,
            ) % {"days": days}
            for page in candidates.filter(numchild=0):
                archive(page, reason=reason)
                report.archived.append(page.pk)
            to_hide = candidates.filter(numchild__gt=0)
        for page in to_hide.filter(hidden_as_stale_at__isnull=True):
            if KnowledgePage.objects.filter(pk=page.pk, hidden_as_stale_at__isnull=True).update(
                hidden_as_stale_at=now
            ):
                log(
                    instance=page,
                    action=LOG_HIDDEN,
                    data={"days": space.stale_policy_days or 0, "space": space.pk},
                )
                report.hidden.append(page.pk)
    return report


def clear_hidden(page: Page, user: User | None = None) -> bool:
    """A verified or republished page is no longer hidden as stale (audited)."""
    cleared = KnowledgePage.objects.filter(pk=page.pk, hidden_as_stale_at__isnull=False).update(
        hidden_as_stale_at=None
    )
    if cleared:
        if hasattr(page, "hidden_as_stale_at"):
            page.hidden_as_stale_at = None
        log(instance=page, action=LOG_UNHIDDEN, user=user)
    return bool(cleared)


def restore_archived(user: User, page: Page) -> KnowledgePage:
    """Move an archived page back where it was and republish it (as a new revision of its
    last published content, counted as a verification, so the next run does not archive
    it again). 404 when the page is not archived or `user` may not see where it was;
    PermissionDenied for others than administrators and the space's owners."""
    record = ArchivedPage.objects.select_related("original_parent").filter(page=page.pk).first()
    if record is None:
        raise Http404
    parent = record.original_parent
    if parent is None or not can_view_page(user, parent):
        raise Http404
    if not can_restore(user, record):
        raise PermissionDenied(_("Only the space's owners or an administrator can restore it."))
    with transaction.atomic():
        current = KnowledgePage.objects.select_for_update().get(pk=page.pk)
        _free_slug(current, parent)
        _move(current, parent, user)
        current = KnowledgePage.objects.get(pk=page.pk)
        current.hidden_as_stale_at = None
        current.change_note = _("Restored from the archive")
        current.material_change = False
        revision = current.save_revision(user=user, log_action=False, clean=False)
        revision.publish(user=user, skip_permission_checks=True, log_action=True)
        Verification.objects.create(page=current, revision=revision, verified_by=user)
        record.delete()
        log(instance=current, action=LOG_RESTORED, user=user, data={"parent": parent.pk})
    current.refresh_from_db()
    return current


LOG_ACTIONS = {
    LOG_HIDDEN: (gettext_lazy("Hide stale page"), gettext_lazy("Hidden from search as stale")),
    LOG_UNHIDDEN: (
        gettext_lazy("Unhide page"),
        gettext_lazy("No longer hidden as stale (verified or republished)"),
    ),
    LOG_ARCHIVED: (
        gettext_lazy("Archive stale page"),
        gettext_lazy("Unpublished and moved to the archive as stale"),
    ),
    LOG_RESTORED: (
        gettext_lazy("Restore archived page"),
        gettext_lazy("Restored from the archive and republished"),
    ),
}
