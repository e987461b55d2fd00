"""Daily rollups: every measure per day x department x level x location, from the ledger.

`build_day(day)` replaces one day whole (run it twice, get the same rows): it reads the
day's events in two grouped queries (counts per slice, verb and editor flag; the distinct
people per slice and verb) and writes

* `PersonDay`: one row per person and slice with a bitmask of the verbs, and whether it was
  the person's first day (`FirstSeen` keeps each person's first day);
* `DailyRollup`: one row per ledger measure and slice (zeros are not written), and the rows
  that higher apps' measures return for the day;
* `DayTotal`: each measure's day over every slice (the weekly series).

It then recomputes what the day belongs to, from the rows just written: its month
(`PersonMonth`, `MonthlyRollup`, keyed on `Slice` ids) and its week (`PersonWeek`, and
`WeekPeople`, the distinct people of each distinct-people measure). `build_days` does each
month and week once, after their days. A year on the dashboard reads months, weeks and at
most six days at each end.

The scheduled job (`insights.tasks.rebuild_rollups`) builds yesterday and today; the
dashboard asks for today on demand (`refresh_today`); `manage.py rebuild_rollups --since`
rebuilds a range. The ledger is append-only and dated when recorded, so a finished day
never changes afterwards; a backfill of old events needs `rebuild_rollups --since`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Case, Count, F, Min, Sum, Value, When
from django.utils import timezone

from insights import measures
from insights.aggregates import BitOr
from insights.measures import Source
from insights.models import (
    ActivityEvent,
    DailyRollup,
    DayTotal,
    FirstSeen,
    MonthlyRollup,
    PersonDay,
    PersonMonth,
    PersonWeek,
    Slice,
    WeekPeople,
)

SLICE = ("actor_department", "actor_level", "actor_location")
BATCH = 5000
CHUNK = 5000  # ids per IN list (SQLite allows 32,766 parameters)

SliceKey = tuple[str, str, str]


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _first_days(day: date, people: set[int]) -> set[int]:
    """Which of `people` (active on `day`) had their first event ever on `day`."""
    known: dict[int, date] = {}
    for chunk in _chunks(sorted(people)):
        known.update(FirstSeen.objects.filter(person_id__in=chunk).values_list("person_id", "day"))
    unknown = sorted(people - known.keys())
    found: list[FirstSeen] = []
    for chunk in _chunks(unknown):
        rows = (
            ActivityEvent.objects.filter(actor_id__in=chunk)
            .values("actor_id")
            .annotate(first=Min("day"))
            .order_by()
        )
        found += [FirstSeen(person_id=row["actor_id"], day=row["first"]) for row in rows]
    FirstSeen.objects.bulk_create(found, batch_size=BATCH, ignore_conflicts=True)
    known.update((row.person_id, row.day) for row in found)
    earlier = [person for person in people if known.get(person, day) > day]
    if earlier:  # events older than the person's first day seen: a backfill
        FirstSeen.objects.filter(person_id__in=earlier).update(day=day)
        known.update(dict.fromkeys(earlier, day))
    return {person for person in people if known.get(person) == day}


def month_of(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


FIRST_BIT = 1 << 30
"""Set in a person's OR-ed verbs when the first day is among the rows (no verb uses it)."""


def first_flag(field: str = "first"):
    """An expression: FIRST_BIT when the row's `first` is set, else 0 (to OR with verbs)."""
    return Case(When(**{field: True}, then=Value(FIRST_BIT)), default=Value(0))


@transaction.atomic
def build_day(day: date) -> int:
    """Replace the rollups of `day` with what the ledger says now, then its month and its
    week. Returns rows written."""
    return _build_day(day) + build_month(month_of(day)) + build_week(week_of(day))


@transaction.atomic
def build_month(month: date) -> int:
    """Recompute `month` (its first day) from its days' PersonDay and DailyRollup rows."""
    days = {"day__gte": month, "day__lte": month_end(month)}
    people = list(
        PersonDay.objects.filter(**days)
        .values("person_id", "department", "level", "location")
        .annotate(mask=BitOr("verbs"), first=BitOr(first_flag()))
        .order_by()
    )
    cells = list(
        DailyRollup.objects.filter(**days)
        .values("measure", "department", "level", "location")
        .annotate(v=Sum("value"), b=Sum("base"), vb=Sum(F("value") * F("base")))
        .order_by()
    )
    slices = Slice.objects.ids(
        (row["department"], row["level"], row["location"]) for row in people + cells
    )

    def slice_of(row: dict) -> int:
        return slices[(row["department"], row["level"], row["location"])]

    PersonMonth.objects.filter(month=month).delete()
    MonthlyRollup.objects.filter(month=month).delete()
    PersonMonth.objects.bulk_create(
        [
            PersonMonth(
                month=month,
                person_id=row["person_id"],
                slice_id=slice_of(row),
                verbs=row["mask"],
                first=bool(row["first"]),
            )
            for row in people
        ],
        batch_size=BATCH,
    )
    MonthlyRollup.objects.bulk_create(
        [
            MonthlyRollup(
                month=month,
                measure=row["measure"],
                slice_id=slice_of(row),
                value=row["v"] or 0,
                base=row["b"] or 0,
                value_base=row["vb"] or 0,
            )
            for row in cells
        ],
        batch_size=BATCH,
    )
    return len(people) + len(cells)


def people_measures() -> dict[str, int]:
    """The distinct-people measures counted per week, each with the bits it looks for
    ("" is everyone active: the weeks' suppression)."""
    wanted = {"": (1 << len(measures.VERB_ORDER)) - 1}
    for measure in measures.all_measures():
        if measure.source == Source.PEOPLE:
            wanted[measure.key] = measures.verbs_mask(measure.verbs)
        elif measure.source == Source.NEW_PEOPLE:
            wanted[measure.key] = FIRST_BIT
    return wanted


@transaction.atomic
def build_week(week: date) -> int:
    """Recompute `week` (its Monday) from its days' PersonDay rows: `PersonWeek` (per person
    and slice) and `WeekPeople` (the distinct people of each distinct-people measure)."""
    rows = list(
        PersonDay.objects.filter(day__gte=week, day__lte=week + timedelta(days=6))
        .values_list("person_id", "department", "level", "location")
        .annotate(mask=BitOr("verbs"), first=BitOr(first_flag()))
        .order_by()
    )
    slices = Slice.objects.ids(
        (department, level, location) for _p, department, level, location, *_ in rows
    )
    anywhere: dict[int, int] = defaultdict(int)
    for person, _department, _level, _location, mask, first in rows:
        anywhere[person] |= mask | (first or 0)
    counts = dict.fromkeys(people_measures().items(), 0)
    for mask in anywhere.values():
        for wanted in counts:
            if mask & wanted[1]:
                counts[wanted] += 1
    PersonWeek.objects.filter(week=week).delete()
    PersonWeek.objects.bulk_create(
        [
            PersonWeek(
                week=week,
                person_id=person,
                slice_id=slices[(department, level, location)],
                verbs=mask,
                first=bool(first),
            )
            for person, department, level, location, mask, first in rows
        ],
        batch_size=BATCH,
    )
    WeekPeople.objects.filter(week=week).delete()
    WeekPeople.objects.bulk_create(
        [WeekPeople(week=week, measure=key, value=n) for (key, _bits), n in counts.items() if n]
    )
    return len(rows) + len(counts)


def _build_day(day: date) -> int:
    events = ActivityEvent.objects.filter(day=day).order_by()
    counts = list(events.values(*SLICE, "verb", "actor_is_editor").annotate(n=Count("pk")))
    activity = list(events.exclude(actor=None).values_list("actor_id", *SLICE, "verb").distinct())

    masks: dict[tuple[int, SliceKey], int] = defaultdict(int)
    for person, department, level, location, verb in activity:
        masks[(person, (department, level, location))] |= measures.verb_bit(verb)
    first = _first_days(day, {person for person, _slice in masks})

    cells: dict[tuple[str, SliceKey], list[float]] = defaultdict(lambda: [0.0, 0.0])
    ledger = [m for m in measures.all_measures() if m.from_ledger]
    for row in counts:
        key = (row["actor_department"], row["actor_level"], row["actor_location"])
        for measure in ledger:
            if row["verb"] not in measure.verbs:
                continue
            if measure.source == Source.EVENTS:
                cells[(measure.key, key)][0] += row["n"]
            elif measure.source == Source.SHARE_OF_EVENTS:
                cells[(measure.key, key)][1] += row["n"]
                if not row["actor_is_editor"]:
                    cells[(measure.key, key)][0] += row["n"]
    people_masks = {
        m.key: measures.verbs_mask(m.verbs) for m in ledger if m.source == Source.PEOPLE
    }
    new_people = [m.key for m in ledger if m.source == Source.NEW_PEOPLE]
    for (person, key), mask in masks.items():
        for measure_key, wanted in people_masks.items():
            if mask & wanted:
                cells[(measure_key, key)][0] += 1
        for measure_key in new_people if person in first else ():
            cells[(measure_key, key)][0] += 1
    for measure in measures.all_measures():
        if measure.source == Source.EXTERNAL:
            for row in measure.rows(day, day):
                if row.day == day:
                    cell = cells[(measure.key, (row.department, row.level, row.location))]
                    cell[0] += row.value
                    cell[1] += row.base

    PersonDay.objects.filter(day=day).delete()
    DailyRollup.objects.filter(day=day).delete()
    DayTotal.objects.filter(day=day).delete()
    PersonDay.objects.bulk_create(
        [
            PersonDay(
                day=day,
                week=day - timedelta(days=day.weekday()),
                person_id=person,
                department=key[0],
                level=key[1],
                location=key[2],
                verbs=mask,
                first=person in first,
            )
            for (person, key), mask in masks.items()
        ],
        batch_size=BATCH,
    )
    rollups = [
        DailyRollup(
            day=day,
            measure=measure_key,
            department=key[0],
            level=key[1],
            location=key[2],
            value=value,
            base=base,
        )
        for (measure_key, key), (value, base) in cells.items()
        if value or base
    ]
    DailyRollup.objects.bulk_create(rollups, batch_size=BATCH)
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for row in rollups:
        total = totals[row.measure]
        total[0] += row.value
        total[1] += row.base
        total[2] += row.value * row.base
    DayTotal.objects.bulk_create(
        [
            DayTotal(day=day, measure=key, value=value, base=base, value_base=value_base)
            for key, (value, base, value_base) in totals.items()
        ]
    )
    return len(masks) + len(rollups) + len(totals)


def build_days(since: date, until: date | None = None) -> int:
    """Rebuild every day from `since` to `until` (default today), oldest first, then each
    month and week they belong to, once."""
    until = until or timezone.localdate()
    written, day = 0, since
    months, weeks = set(), set()
    while day <= until:
        with transaction.atomic():
            written += _build_day(day)
        months.add(month_of(day))
        weeks.add(week_of(day))
        day += timedelta(days=1)
    for month in sorted(months):
        written += build_month(month)
    for week in sorted(weeks):
        written += build_week(week)
    return written


def refresh_today() -> int:
    """Today so far, on demand (the dashboard asks; the day is rebuilt again tomorrow)."""
    return build_day(timezone.localdate())
