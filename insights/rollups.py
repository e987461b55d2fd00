"""Daily rollups: every measure per day x department x level x location, from the ledger.

`build_day(day)` replaces one day whole (run it twice, get the same rows): it reads the
day's events in two grouped queries (counts per slice, verb and editor flag; the distinct
people per slice and verb) and writes

* `PersonDay`: one row per person and slice with a bitmask of the verbs, and whether it was
  the person's first day (`FirstSeen` keeps each person's first day);
* `DailyRollup`: one row per ledger measure and slice (zeros are not written), and the rows
  that higher apps' measures return for the day.

The scheduled job (`insights.tasks.rebuild_rollups`) builds yesterday and today; the
dashboard asks for today on demand (`refresh_today`); `manage.py rebuild_rollups --since`
rebuilds a range. The ledger is append-only and dated when recorded, so a finished day
never changes afterwards; a backfill of old events needs `rebuild_rollups --since`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from insights import measures
from insights.measures import Source
from insights.models import ActivityEvent, DailyRollup, FirstSeen, PersonDay

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


@transaction.atomic
def build_day(day: date) -> int:
    """Replace the rollups of `day` with what the ledger says now. Returns rows written."""
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
    return len(masks) + len(rollups)


def build_days(since: date, until: date | None = None) -> int:
    """Rebuild every day from `since` to `until` (default today), oldest first."""
    until = until or timezone.localdate()
    written, day = 0, since
    while day <= until:
        written += build_day(day)
        day += timedelta(days=1)
    return written


def refresh_today() -> int:
    """Today so far, on demand (the dashboard asks; the day is rebuilt again tomorrow)."""
    return build_day(timezone.localdate())
