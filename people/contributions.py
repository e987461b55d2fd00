"""A person's contributions: the features say what counts, people adds it up and shows it.

People is a low layer: it cannot read knowledge pages, comments or ideas. The features
that hold a person's work register here, from their `AppConfig.ready` (each app's
`contributions.py`): *ledger sources* (what earns credit, counted) and *profile parts*
(what their profile page shows of their work, e.g. the spaces they own).

The contribution ledger: what a person did for the company's knowledge, counted fairly.
Each `LedgerSource` names the rows that earn credit and who is credited for each row (an
expression annotated as `ledger_user`). Counting is always one GROUP BY query per source,
whether for one profile or ten thousand people (`counts_for`), or one correlated subquery
per source inside a single query when people are ranked (`annotate_scores`).

What counts, its weight (w.) in the top-contributors score (`score = sum of w. * count`),
and the app that registers it (knowledge, community, brand):

| source             | counts                                                      | w. | app  |
| ------------------ | ----------------------------------------------------------- | -- | ---- |
| pages verified     | distinct knowledge pages the person verified                | 3  | kn.  |
| questions resolved | "ask the owner" annotations they resolved for someone else  | 2  | co.  |
| ideas shipped      | ideas they wrote whose status is "done"                     | 5  | br.  |
| helpful reactions  | "helpful" reactions from others on their comments and pages | 1  | co.  |
| kudos received     | thank-yous from colleagues                                  | 1  | co.  |
| answers accepted   | their answers accepted on others' questions                 | 3  | co.  |

Writing comments earns nothing by itself: volume is not contribution. A source's `order`
places it in the list whichever app registers first; the profile and the top-contributors
report pick every source up without change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise

# The profile shows what a person kept going over the last year.
PROFILE_WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class Window:
    """A half-open time range [since, until); None leaves that end open."""

    since: datetime | None = None
    until: datetime | None = None

    def filter(self, queryset: QuerySet, field: str) -> QuerySet:
        if self.since is not None:
            queryset = queryset.filter(**{f"{field}__gte": self.since})
        if self.until is not None:
            queryset = queryset.filter(**{f"{field}__lt": self.until})
        return queryset


@dataclass(frozen=True)
class LedgerSource:
    """One kind of contribution.

    `rows(window)` returns the rows that count in that window, annotated with `ledger_user`
    (the id of the person credited); `distinct` is what one unit of credit is (e.g. a page
    verified twice counts once).
    """

    key: str
    label: str | Promise
    weight: int
    rows: Callable[[Window], QuerySet]
    distinct: str = "pk"
    help_text: str | Promise = ""
    order: int = 100  # display order; equal orders keep the order of registration


LEDGER_SOURCES: list[LedgerSource] = []


def register(source: LedgerSource) -> LedgerSource:
    """Add (or replace, by key) a source, in `order`."""
    kept = [existing for existing in LEDGER_SOURCES if existing.key != source.key]
    position = next(
        (i for i, existing in enumerate(kept) if existing.order > source.order), len(kept)
    )
    LEDGER_SOURCES[:] = [*kept[:position], source, *kept[position:]]
    return source


# What a profile page shows of a person's work ----------------------------------------------
# A part takes the profile and the viewer and returns template context for
# people/profile.html (e.g. {"spaces": [...]}); it shows only what the viewer may read.
ProfilePart = Callable[[Any, Any], dict]

PROFILE_PARTS: list[ProfilePart] = []


def profile_part(part: ProfilePart) -> ProfilePart:
    """Register a part of the profile page (once; parts run in registration order)."""
    if part not in PROFILE_PARTS:
        PROFILE_PARTS.append(part)
    return part


def profile_parts(profile, viewer) -> dict:
    """What every registered part adds to `profile`'s page for `viewer`."""
    context: dict = {}
    for part in PROFILE_PARTS:
        context.update(part(profile, viewer))
    return context


# Reading ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LedgerLine:
    key: str
    label: str
    help_text: str
    count: int
    weight: int


def counted(source: LedgerSource, window: Window) -> QuerySet:
    """One source's credit per person over `window`: the rows that count, grouped by the
    person credited, `count` of distinct units. The one definition the profile
    (`counts_for`) and the top contributors report (`annotate_scores`) both read, so they
    cannot count the same thing differently."""
    return (
        source.rows(window)
        .order_by()
        .values("ledger_user")
        .annotate(count=Count(source.distinct, distinct=True))
    )


def counts_for(user_ids: Iterable[int], window: Window | None = None) -> dict[int, dict[str, int]]:
    """{user_id: {source key: count}} for every id given: one query per source."""
    ids = list(user_ids)
    window = window or Window()
    result = {pk: {source.key: 0 for source in LEDGER_SOURCES} for pk in ids}
    if not ids:
        return result
    for source in LEDGER_SOURCES:
        grouped = counted(source, window).filter(ledger_user__in=ids)
        for user_id, count in grouped.values_list("ledger_user", "count"):
            result[user_id][source.key] = count
    return result


def profile_window(now: datetime | None = None) -> Window:
    """The last 12 months: what the profile shows, and the top contributors report's
    default period, so the two agree on a person's numbers."""
    return Window(since=(now or timezone.now()) - PROFILE_WINDOW)


def ledger_for(user, window: Window | None = None) -> list[LedgerLine]:
    """One person's ledger lines, in registration order (one query per source)."""
    counts = counts_for([user.pk], window or profile_window())[user.pk]
    return [
        LedgerLine(
            source.key, str(source.label), str(source.help_text), counts[source.key], source.weight
        )
        for source in LEDGER_SOURCES
    ]


def _count_subquery(source: LedgerSource, window: Window) -> Coalesce:
    mine = counted(source, window).filter(ledger_user=OuterRef("pk")).values("count")[:1]
    return Coalesce(Subquery(mine, output_field=IntegerField()), Value(0))


def annotate_scores(users: QuerySet, window: Window) -> QuerySet:
    """`users` with one `ledger_<key>` column per source and `ledger_score`, in one query."""
    columns = {f"ledger_{source.key}": _count_subquery(source, window) for source in LEDGER_SOURCES}
    users = users.annotate(**columns)
    score = Value(0)
    for source in LEDGER_SOURCES:
        score = score + F(f"ledger_{source.key}") * Value(source.weight)
    return users.annotate(ledger_score=score)
