"""Must-read pages: who must read a page, who said they had, and whether that still counts.

An acknowledgement is for one revision. It keeps counting through typo fixes and stops only
when a revision published after it is marked as a material change. "Published after" comes
from Wagtail's publish log entries, not from revisions: drafts are revisions too, and the log
says exactly which revision went live and when. Every question here is answered in a fixed
number of queries (subqueries, never a query per revision, page or person).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from core import fragments
from core.audit import ACKNOWLEDGE
from core.models import User
from core.permissions import can_view_page, may_govern, readable_by
from knowledge.models import Acknowledgement, KnowledgePage, MustRead
from knowledge.reading import page_version
from people.models import Department, Level, Location, Profile

if TYPE_CHECKING:
    from collections.abc import Iterable

PUBLISH_ACTION = "wagtail.publish"
REPORT_PAGE_SIZE = 50
_LOOK_UP = object()  # page_context: no must-read given, read it

# Editing is not governing: in a space where every employee may edit, the audience and
# who has not read the page are still the governors' (core.permissions.may_govern).
MAY_NOT_SET = gettext_lazy(
    "Only the space's owners, communications and administrators can choose who must read this page."
)
MAY_NOT_REPORT = gettext_lazy(
    "Only the space's owners, communications and administrators can see who acknowledged this page."
)
NO_AUDIENCE = gettext_lazy(
    "Choose who must read this page: everyone, or at least one group, department, location "
    "or level."
)


# Query shapes -------------------------------------------------------------------------------
def _material_publishes_since(page_id, since, acknowledged_revision_id) -> QuerySet:
    """Publishes of a *different* revision marked material after `since` (expressions
    allowed). Republishing the acknowledged revision itself changes nothing for the reader."""
    return (
        PageLogEntry.objects.filter(
            page_id=page_id,
            action=PUBLISH_ACTION,
            timestamp__gt=since,
            revision__content__material_change=True,
        )
        .exclude(revision_id=acknowledged_revision_id)
        .exclude(revision_id__isnull=True)
    )


def counting_acknowledgements() -> QuerySet[Acknowledgement]:
    """Acknowledgements that still count: no material revision was published after them."""
    stale = _material_publishes_since(
        OuterRef("page_id"), OuterRef("acknowledged_at"), OuterRef("revision_id")
    )
    return Acknowledgement.objects.exclude(Exists(stale))


def audience_q(must_read: MustRead) -> Q:
    """The must-read's rules as a condition on users (subqueries only, so one query)."""
    if must_read.everyone:
        return Q()
    chosen_groups = MustRead.groups.through.objects.filter(mustread_id=must_read.pk).values(
        "group_id"
    )
    members = User.groups.through.objects.filter(group_id__in=chosen_groups).values("user_id")
    condition = Q(pk__in=members)
    condition |= Q(
        profile__department_id__in=MustRead.departments.through.objects.filter(
            mustread_id=must_read.pk
        ).values("department_id")
    )
    condition |= Q(
        profile__location_id__in=MustRead.locations.through.objects.filter(
            mustread_id=must_read.pk
        ).values("location_id")
    )
    if must_read.levels:
        condition |= Q(profile__level__in=list(must_read.levels))
    return condition


def _must_reads_for(user: User, profile: dict | None) -> QuerySet[MustRead]:
    """Active must-reads whose audience includes `user`, seen from the must-read's side."""
    rules = Q(everyone=True) | Q(groups__in=Group.objects.filter(user=user).values("pk"))
    if profile:
        if profile["department_id"]:
            rules |= Q(departments=profile["department_id"])
        if profile["location_id"]:
            rules |= Q(locations=profile["location_id"])
        # levels is a JSON list of at most one entry per Level; comparing each position works
        # on SQLite and PostgreSQL alike (JSON "contains" does not exist on SQLite).
        for position in range(len(Level.values)):
            rules |= Q(**{f"levels__{position}": profile["level"]})
    return MustRead.objects.filter(active=True).filter(rules)


# Who must read it --------------------------------------------------------------------------
def active_must_read(page: KnowledgePage) -> MustRead | None:
    return MustRead.objects.filter(page=page, active=True).first()


# Side effects -------------------------------------------------------------------------------
# Sent with `page` and `actor` when a page becomes a must-read: its audience is to be asked
# to read and acknowledge it (received by community, which notifies, in a task on commit).
acknowledgement_requested = Signal()


@transaction.atomic
def set_must_read(
    user: User,
    page: KnowledgePage,
    *,
    everyone: bool,
    groups: Iterable[Group] = (),
    departments: Iterable[Department] = (),
    locations: Iterable[Location] = (),
    levels: Iterable[str] = (),
) -> MustRead:
    """Make `page` a must-read for this audience (replacing any earlier audience).

    Earlier acknowledgements stay: changing who must read a page is not a change to the page.
    """
    if not may_govern(user, page):
        raise PermissionDenied(MAY_NOT_SET)
    groups, departments, locations = list(groups), list(departments), list(locations)
    levels = sorted(set(levels))
    unknown = set(levels) - set(Level.values)
    if unknown:
        raise ValidationError(_("Unknown level: %s") % ", ".join(sorted(unknown)))
    if not (everyone or groups or departments or locations or levels):
        raise ValidationError(NO_AUDIENCE)
    must_read, _created = MustRead.objects.update_or_create(
        page=page,
        defaults={
            "everyone": everyone,
            "levels": levels,
            "set_by": user,
            "set_at": timezone.now(),
            "active": True,
        },
    )
    must_read.groups.set(groups)
    must_read.departments.set(departments)
    must_read.locations.set(locations)
    # Ask the audience to read it (community's notifications receive this signal).
    acknowledgement_requested.send(sender=KnowledgePage, page=page, actor=user)
    return must_read


def deactivate_must_read(user: User, page: KnowledgePage) -> MustRead | None:
    """Stop asking for acknowledgements; the rule and the acknowledgements are kept."""
    if not may_govern(user, page):
        raise PermissionDenied(MAY_NOT_SET)
    must_read = MustRead.objects.filter(page=page).first()
    if must_read is not None and must_read.active:
        must_read.active = False
        must_read.set_by = user
        must_read.set_at = timezone.now()
        must_read.save(update_fields=["active", "set_by", "set_at"])
    return must_read


def in_audience(user: User | AnonymousUser, must_read: MustRead) -> bool:
    """Whether the rules select `user`. Superusers are not special: they read like anyone."""
    if not user.is_authenticated:
        return False
    if must_read.everyone:
        return True
    return User.objects.filter(pk=user.pk).filter(audience_q(must_read)).exists()


def acknowledge(user: User, page: KnowledgePage) -> Acknowledgement:
    """Record that `user` read the live revision; asking again for that revision is a no-op.

    People outside the audience may acknowledge too; their row says so and reports count it
    apart, so it never makes an audience look more complete than it is.
    """
    if not user.is_authenticated or not can_view_page(user, page):
        raise PermissionDenied(_("You cannot acknowledge a page you cannot read."))
    must_read = active_must_read(page)
    if must_read is None:
        raise ValidationError(_("This page is not a must-read."))
    if not page.live or page.live_revision_id is None:
        raise ValidationError(_("Only published pages can be acknowledged."))
    acknowledgement, _created = Acknowledgement.objects.get_or_create(
        page=page,
        user=user,
        revision_id=page.live_revision_id,
        defaults={"in_audience": in_audience(user, must_read)},
    )
    if _created:
        data = {"revision": page.live_revision_id, "in_audience": acknowledgement.in_audience}
        log(instance=page, action=ACKNOWLEDGE, user=user, data=data)
    return acknowledgement


# What the reader sees -----------------------------------------------------------------------
@dataclass(frozen=True)
class AckState:
    """One reader's standing with one page.

    `counts` is true when their latest acknowledgement still counts. When it does not, a
    material revision was published since: `acknowledged_revision_id` and
    `current_revision_id` are the two ends of the diff to show them.
    """

    is_must_read: bool = False
    acknowledged_at: datetime | None = None
    acknowledged_revision_id: int | None = None
    current_revision_id: int | None = None
    counts: bool = False

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def needs_acknowledgement(self) -> bool:
        return self.is_must_read and not self.counts

    @property
    def changed_materially(self) -> bool:
        return self.acknowledged and not self.counts


def acknowledgement_state(user: User | AnonymousUser, page: KnowledgePage) -> AckState:
    """Whether this is a must-read for `user` and where their acknowledgement stands."""
    return _state(user, page, active_must_read(page))


def _state(user: User | AnonymousUser, page: KnowledgePage, must_read: MustRead | None) -> AckState:
    if not user.is_authenticated:
        return AckState(current_revision_id=page.live_revision_id)
    inside = must_read is not None and in_audience(user, must_read)
    acknowledged_at, acknowledged_revision_id, counts = fragments.cached(
        "mustread-latest",
        (page.pk, page.live_revision_id, user.pk),
        lambda: _latest(user, page),
        depends_on=(fragments.reader(user.pk), page_version(page.pk)),
    )
    return AckState(
        is_must_read=inside,
        acknowledged_at=acknowledged_at,
        acknowledged_revision_id=acknowledged_revision_id,
        current_revision_id=page.live_revision_id,
        counts=counts,
    )


def _latest(user: User, page: KnowledgePage) -> tuple:
    """The reader's latest acknowledgement of `page` (when, of which revision, whether it
    still counts), kept per reader until they acknowledge, the page is published again
    (its live revision is in the key) or its must-read changes."""
    latest = (
        Acknowledgement.objects.filter(page=page, user=user)
        .annotate(counts=Exists(counting_acknowledgements().filter(pk=OuterRef("pk"))))
        .order_by("-acknowledged_at", "-pk")
        .first()
    )
    if latest is None:
        return None, None, False
    return latest.acknowledged_at, latest.revision_id, bool(latest.counts)


def compare_url(page: KnowledgePage, old_revision_id: int, new_revision_id: int) -> str:
    # A plain path, so this module does not depend on the history URLs being installed.
    return f"/pages/{page.pk}/compare/{old_revision_id}/{new_revision_id}/"


def page_context(
    user: User | AnonymousUser,
    page: KnowledgePage,
    *,
    must_read: MustRead | object | None = _LOOK_UP,
    governors: frozenset[int] | None = None,
) -> dict:
    """What knowledge/includes/mustread_panel.html needs, under the one key "mustread".

    The page's cached side panel (knowledge.reading.side_panel) passes the active
    must-read and the page's governors it holds; the reader's own standing is read live."""
    if not user.is_authenticated:
        return {"mustread": None}
    if must_read is _LOOK_UP:
        must_read = active_must_read(page)
    state = _state(user, page, must_read)
    governs = may_govern(user, page, governors)
    panel = {
        "state": state,
        "is_active": must_read is not None,
        "can_manage": governs,
        "can_report": governs,
        "acknowledge_url": reverse("knowledge:acknowledge", args=[page.pk]),
        "report_url": reverse("knowledge:acknowledgements", args=[page.pk]),
        "form_url": reverse("knowledge:must_read", args=[page.pk]),
        "compare_url": None,
    }
    if state.is_must_read and state.changed_materially and state.current_revision_id:
        panel["compare_url"] = compare_url(
            page, state.acknowledged_revision_id, state.current_revision_id
        )
    return {"mustread": panel}


def open_must_reads(user: User | AnonymousUser) -> list[KnowledgePage]:
    """Live must-reads this reader may see and has not (or no longer) acknowledged.

    Three queries however many pages: the profile, the reader's blocked paths, the pages.
    """
    if not user.is_authenticated:
        return []
    profile = (
        Profile.objects.filter(user=user).values("department_id", "location_id", "level").first()
    )
    done = counting_acknowledgements().filter(page=OuterRef("pk"), user=user)
    pages = (
        KnowledgePage.objects.live()
        .filter(readable_by(user))  # never pk__in every readable page: a full scan on SQLite
        .filter(must_read__in=_must_reads_for(user, profile).values("pk"))
        .exclude(Exists(done))
        .order_by("-must_read__set_at", "title")
    )
    return list(pages)


# The owner's report -------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportRow:
    user_id: int
    name: str
    username: str
    department: str
    level: str
    location: str
    acknowledged_at: datetime | None
    revision_id: int | None
    counts: bool
    in_audience: bool


@dataclass(frozen=True)
class DepartmentCount:
    name: str
    audience: int
    acknowledged: int

    @property
    def pending(self) -> int:
        return self.audience - self.acknowledged


@dataclass(frozen=True)
class AckReport:
    """Who must read the page, who did (for a revision that still counts), and who read it
    without being asked. "Outside" is judged against today's audience."""

    must_read: MustRead | None
    audience: list[ReportRow]
    outside: list[ReportRow]
    by_department: list[DepartmentCount]

    @property
    def acknowledged(self) -> int:
        return sum(row.counts for row in self.audience)

    @property
    def pending(self) -> int:
        return len(self.audience) - self.acknowledged

    @property
    def summary(self) -> list[dict]:
        """The headline figures, for the summary cards on top of the report."""
        return [
            {
                "label": _("in the audience"),
                "value": len(self.audience),
                "testid": "total-audience",
            },
            {
                "label": _("acknowledged the current version"),
                "value": self.acknowledged,
                "testid": "total-acknowledged",
            },
            {"label": _("not yet"), "value": self.pending, "testid": "total-pending"},
            {
                "label": _("acknowledged from outside the audience"),
                "value": len(self.outside),
                "testid": "total-outside",
            },
        ]

    @property
    def rows(self) -> list[ReportRow]:
        return [*self.audience, *self.outside]


_ROW_FIELDS = (
    "pk",
    "username",
    "first_name",
    "last_name",
    "profile__display_name",
    "profile__department__name",
    "profile__level",
    "profile__location__name",
    "ack_at",
    "ack_revision",
    "ack_counts",
)


def _with_acknowledgement(users: QuerySet, page: KnowledgePage) -> QuerySet:
    latest = Acknowledgement.objects.filter(page=page, user=OuterRef("pk")).order_by(
        "-acknowledged_at", "-pk"
    )
    return users.annotate(
        ack_at=Subquery(latest.values("acknowledged_at")[:1]),
        ack_revision=Subquery(latest.values("revision_id")[:1]),
        ack_counts=Exists(counting_acknowledgements().filter(page=page, user=OuterRef("pk"))),
    ).values(*_ROW_FIELDS)


def _row(values: dict, *, inside: bool) -> ReportRow:
    full_name = f"{values['first_name']} {values['last_name']}".strip()
    level = values["profile__level"]
    return ReportRow(
        user_id=values["pk"],
        name=values["profile__display_name"] or full_name or values["username"],
        username=values["username"],
        department=values["profile__department__name"] or "",
        level=str(Level(level).label) if level in Level.values else (level or ""),
        location=values["profile__location__name"] or "",
        acknowledged_at=values["ack_at"],
        revision_id=values["ack_revision"],
        counts=bool(values["ack_counts"]),
        in_audience=inside,
    )


def acknowledgement_report(user: User, page: KnowledgePage) -> AckReport:
    """Two queries for the people (audience, outsiders) plus the must-read itself."""
    if not may_govern(user, page):
        raise PermissionDenied(MAY_NOT_REPORT)
    must_read = MustRead.objects.filter(page=page).first()
    active_users = User.objects.filter(is_active=True)
    if must_read is not None and must_read.active:
        members = active_users.filter(audience_q(must_read))
    else:
        members = active_users.none()
    audience = [_row(values, inside=True) for values in _with_acknowledgement(members, page)]
    outsiders = active_users.filter(
        pk__in=Acknowledgement.objects.filter(page=page).values("user_id")
    ).exclude(pk__in=members.values("pk"))
    outside = [_row(values, inside=False) for values in _with_acknowledgement(outsiders, page)]

    audience.sort(key=lambda row: (row.counts, row.name.casefold()))
    outside.sort(key=lambda row: row.name.casefold())
    totals: dict[str, list[int]] = {}
    for row in audience:
        total = totals.setdefault(row.department, [0, 0])
        total[0] += 1
        total[1] += row.counts
    by_department = [
        DepartmentCount(name=name, audience=audience_count, acknowledged=done)
        for name, (audience_count, done) in sorted(
            totals.items(), key=lambda item: (item[0] == "", item[0].casefold())
        )
    ]
    return AckReport(
        must_read=must_read, audience=audience, outside=outside, by_department=by_department
    )
