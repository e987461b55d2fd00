"""Helpers for the `rows(first_day, last_day)` callables of higher apps' measures.

Three shapes cover them, each adding up over a period the way its `Unit` says:

* events of a day (questions asked, searches with no result): `count_rows`, one `Row` per
  day and slice, `value` the count (and `base` the denominator of a share);
* durations ending on a day (time to first answer, to acknowledge): `median_rows`, the
  day's median in `value` and how many in `base`. Over a period `insights.queries` weighs
  each day's median by its count: exact for a day, and for a period the count-weighted
  mean of daily medians (a true median over a year would need every duration kept);
* a state (pages due for review, questions waiting): `Unit.AVERAGE` rows with the day's
  figure and `base` 1, so a period shows its average day; `each_day` walks the days and
  `day_end` is the moment the state is read at (the end of the local day).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from insights.measures import Row

Slice = tuple[str, str, str]  # department, level, location
NO_SLICE: Slice = ("", "", "")


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def day_end(day: date) -> datetime:
    """The first moment after `day` (a state "on" a day is the state at its end)."""
    return day_start(day + timedelta(days=1))


def each_day(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def local_day(moment: datetime) -> date:
    return timezone.localdate(moment)


def count_rows(items: Iterable[tuple[date, Slice, float, float]]) -> list[Row]:
    """(day, slice, value, base) items summed per day and slice."""
    cells: dict[tuple[date, Slice], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for day, where, value, base in items:
        cell = cells[(day, where)]
        cell[0] += value
        cell[1] += base
    return [Row(day, value, base, *where) for (day, where), (value, base) in sorted(cells.items())]


def median_rows(items: Iterable[tuple[date, Slice, float]]) -> list[Row]:
    """(day, slice, seconds) items: the median per day and slice, with its count."""
    cells: dict[tuple[date, Slice], list[float]] = defaultdict(list)
    for day, where, seconds in items:
        cells[(day, where)].append(seconds)
    return [
        Row(day, float(statistics.median(values)), len(values), *where)
        for (day, where), values in sorted(cells.items())
    ]


def slice_of(department: str | None, level: str | None, location: str | None) -> Slice:
    return (department or "", level or "", location or "")
