"""Top lists: measures that are a table, not a figure per day (top failed searches, the
vision statements, the campaigns).

A per-day `Row` cannot carry them: a query typed by three people on three days is one
person a day, and "typed by fewer than N people" is a distinct count over the period. So
a higher app registers a `TopList` whose callable answers for a whole period at once,
from its own (already aggregated, indexed by day) tables:

    register(TopList("failed_searches", _("Top failed searches"), columns, rows=callable,
                     section="findability"))

`rows(first_day, last_day, min_people, limit)` returns at most `limit` `TopRow`s, biggest
first, each with the number of distinct people behind it; it should leave out rows of
fewer than `min_people` people in SQL (HAVING), and `top_list_report` leaves out any that
slip through, so a row about a group under the threshold never leaves insights. A row's
label is what the list is about (a query, a statement title, a campaign title): the
registering app returns only what every employee may read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from insights import suppression
from insights.measures import Unit
from insights.queries import BadQuery, Period

DEFAULT_LIMIT = 10
MAX_LIMIT = 50


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    unit: Unit = Unit.COUNT


@dataclass(frozen=True)
class TopRow:
    label: str
    people: int  # distinct people behind the row (the suppression test)
    values: dict[str, float | None] = field(default_factory=dict)
    url: str = ""  # the list behind the row, where there is one


TopRows = Callable[[date, date, int, int], Iterable[TopRow]]


@dataclass(frozen=True)
class TopList:
    key: str
    label: str | Promise
    columns: tuple[Column, ...]
    rows: TopRows
    help_text: str | Promise = ""
    section: str = ""


@dataclass
class TopListReport:
    top_list: TopList
    period: Period
    threshold: int
    rows: list[TopRow]


_registry: dict[str, TopList] = {}


def register(top_list: TopList) -> TopList:
    """Add a top list (a later one with the same key replaces it)."""
    _registry[top_list.key] = top_list
    return top_list


def unregister(key: str) -> None:
    _registry.pop(key, None)


def exists(key: str) -> bool:
    return key in _registry


def get(key: str) -> TopList:
    return _registry[key]


def all_top_lists() -> list[TopList]:
    return list(_registry.values())


def top_list_report(key: str, period: Period, *, limit: int = DEFAULT_LIMIT) -> TopListReport:
    """The list for `period`: at most `limit` rows, none about fewer than `min_group()`
    people. BadQuery for an unknown list or a limit out of range."""
    if key not in _registry:
        raise BadQuery(_("There is no list called “%(key)s”.") % {"key": key})
    if not 1 <= limit <= MAX_LIMIT:
        raise BadQuery(_("A list shows 1 to %(max)s rows.") % {"max": MAX_LIMIT})
    top_list = _registry[key]
    threshold = suppression.min_group()
    rows = [
        row
        for row in top_list.rows(period.first, period.last, threshold, limit)
        if row.people >= threshold
    ][:limit]
    return TopListReport(top_list=top_list, period=period, threshold=threshold, rows=rows)
