"""Knowledge health, measured from knowledge's own tables (registered with insights from
`KnowledgeConfig.ready`).

Which pages count: live knowledge pages that every employee may read
(`core.permissions.open_to_every_employee`). A private space's pages count nowhere, for
any viewer: the dashboard is for sponsors, and a figure that included them would tell a
sponsor who may not open that space how many pages it has, or how well it is kept.

The review states are read as they were at the end of each day, from what does not change
afterwards: the append-only verifications, the first publication and the review interval
(the page's, else its space's). So rebuilding a past day gives what the nightly job gave,
as long as no interval was changed in between (intervals keep no history).

Must-read completion is the state of each day too: of the people in the audience of each
active must-read (its audience as set now: rules keep no history), the share whose
acknowledgement counted at the end of that day. Slices are the audience's department,
level and location as their profiles say now.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _

from core.models import User
from core.permissions import open_to_every_employee
from insights import measures
from insights.external import (
    count_rows,
    day_end,
    each_day,
    local_day,
    median_rows,
    slice_of,
)
from insights.measures import Measure, Row, Source, Unit
from knowledge.models import Acknowledgement, KnowledgePage, MustRead, SpacePage, Verification
from knowledge.models.pages import STALE_AFTER
from knowledge.mustread import _material_publishes_since, audience_q

SECTION = "knowledge"
DEFAULT_INTERVAL_DAYS = 180  # KnowledgePage.review_interval without a space


def counted_pages():
    """Live knowledge pages any employee may read: the pages these measures count."""
    return open_to_every_employee(KnowledgePage.objects.live())


def _page_states(first: date, last: date) -> dict[date, dict[str, int]]:
    """Per day: how many pages were live, verified, due for review, stale, without owner.

    Two queries: the pages (with their space's interval) and their verifications."""
    space = SpacePage.objects.filter(path=Left(OuterRef("path"), F("depth") * 4)).exclude(
        depth__gte=OuterRef("depth")
    )
    pages = list(
        counted_pages()
        .filter(first_published_at__lt=day_end(last))
        .annotate(space_interval=Subquery(space.values("review_interval_days")[:1]))
        .values_list(
            "pk", "first_published_at", "review_interval_days", "space_interval", "content_owner"
        )
    )
    verified: dict[int, list] = defaultdict(list)
    for page_id, moment in (
        Verification.objects.filter(
            page__in=[page[0] for page in pages], verified_at__lt=day_end(last)
        )
        .order_by("verified_at")
        .values_list("page_id", "verified_at")
    ):
        verified[page_id].append(moment)
    states: dict[date, dict[str, int]] = {}
    for day in each_day(first, last):
        end = day_end(day)
        counts = dict.fromkeys(("live", "verified", "due", "stale", "no_owner"), 0)
        for page_id, published, own_days, space_days, owner in pages:
            if published is None or published >= end:
                continue
            counts["live"] += 1
            counts["no_owner"] += owner is None
            last_verified = max((m for m in verified[page_id] if m < end), default=None)
            days = own_days or space_days or DEFAULT_INTERVAL_DAYS
            due = (last_verified or published) + timedelta(days=days)
            if end >= due + STALE_AFTER:
                counts["stale"] += 1
            elif end >= due or last_verified is None:
                counts["due"] += 1
            else:
                counts["verified"] += 1
        states[day] = counts
    return states


def verified_rows(first: date, last: date) -> list[Row]:
    return [
        Row(day, counts["verified"], counts["live"])
        for day, counts in _page_states(first, last).items()
        if counts["live"]
    ]


def _state_rows(name: str):
    def rows(first: date, last: date) -> list[Row]:
        return [Row(day, counts[name], 1) for day, counts in _page_states(first, last).items()]

    rows.__name__ = f"{name}_rows"
    return rows


def _counted_must_reads():
    return MustRead.objects.filter(active=True, page__in=counted_pages().values("pk")).order_by(
        "pk"
    )


def completion_rows(first: date, last: date) -> list[Row]:
    """One query per must-read and day: the audience grouped by slice, with how many of
    them had an acknowledgement that still counted at the end of the day."""
    items = []
    for must_read in _counted_must_reads():
        audience = User.objects.filter(is_active=True).filter(audience_q(must_read))
        for day in each_day(first, last):
            end = day_end(day)
            if must_read.set_at >= end:
                continue
            counted = Acknowledgement.objects.filter(
                page_id=must_read.page_id, user=OuterRef("pk"), acknowledged_at__lt=end
            ).exclude(
                Exists(
                    _material_publishes_since(
                        OuterRef("page_id"), OuterRef("acknowledged_at"), OuterRef("revision_id")
                    ).filter(timestamp__lt=end)
                )
            )
            rows = audience.annotate(done=Exists(counted)).values_list(
                "profile__department__name", "profile__level", "profile__location__name", "done"
            )
            for department, level, location, done in rows:
                items.append((day, slice_of(department, level, location), int(done), 1))
    return count_rows(items)


def time_to_acknowledge_rows(first: date, last: date) -> list[Row]:
    """Acknowledgements given each day by the must-read's audience: the time from when they
    were asked (the must-read was set, or the revision they acknowledged was saved, if
    later) to their acknowledgement."""
    acks = (
        Acknowledgement.objects.filter(
            in_audience=True,
            page__must_read__active=True,
            page__in=counted_pages().values("pk"),
            acknowledged_at__gte=day_end(first - timedelta(days=1)),
            acknowledged_at__lt=day_end(last),
        )
        .values_list(
            "acknowledged_at",
            "page__must_read__set_at",
            "revision__created_at",
            "user__profile__department__name",
            "user__profile__level",
            "user__profile__location__name",
        )
        .order_by()
    )
    items = []
    for acknowledged_at, set_at, revised_at, department, level, location in acks:
        asked = max(set_at, revised_at) if revised_at else set_at
        if acknowledged_at < asked:
            continue  # read before anyone asked: no waiting to measure
        seconds = (acknowledged_at - asked).total_seconds()
        items.append((local_day(acknowledged_at), slice_of(department, level, location), seconds))
    return median_rows(items)


def register() -> None:
    for measure in (
        Measure(
            "verified_share",
            _("Verified pages"),
            Unit.SHARE,
            Source.EXTERNAL,
            rows=verified_rows,
            help_text=_(
                "The share of live knowledge pages verified and not due for review "
                "(pages of private spaces are not counted)."
            ),
            section=SECTION,
        ),
        Measure(
            "review_due",
            _("Pages due for review"),
            Unit.AVERAGE,
            Source.EXTERNAL,
            rows=_state_rows("due"),
            help_text=_("Pages past their review date or never verified, on an average day."),
            section=SECTION,
        ),
        Measure(
            "stale_pages",
            _("Stale pages"),
            Unit.AVERAGE,
            Source.EXTERNAL,
            rows=_state_rows("stale"),
            help_text=_("Pages 30 days or more past their review date, on an average day."),
            section=SECTION,
        ),
        Measure(
            "pages_without_owner",
            _("Pages without an owner"),
            Unit.AVERAGE,
            Source.EXTERNAL,
            rows=_state_rows("no_owner"),
            help_text=_("Live pages nobody is accountable for, on an average day."),
            section=SECTION,
        ),
        Measure(
            "must_read_completion",
            _("Must-read completion"),
            Unit.SHARE,
            Source.EXTERNAL,
            rows=completion_rows,
            help_text=_(
                "Of the people who must read a page, the share whose acknowledgement counts "
                "(averaged over the days of the period)."
            ),
            section=SECTION,
        ),
        Measure(
            "time_to_acknowledge",
            _("Median time to acknowledge"),
            Unit.MEDIAN_DURATION,
            Source.EXTERNAL,
            rows=time_to_acknowledge_rows,
            help_text=_("From being asked to read a must-read to acknowledging it."),
            section=SECTION,
        ),
    ):
        measures.register(measure)
