"""Time the daily rollup job and the dashboard's year by department, beside COUNT(*).

    nice .venv/bin/python bench/bench_rollups.py                          # small, SQLite in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:55432/hearth_bench_rollups \\
        nice .venv/bin/python bench/bench_rollups.py --events 10000000 --people 20000 --days 730

The database (DATABASE_URL, a PostgreSQL database created if missing, else the SQLite file
/tmp/hearth-bench-rollups.sqlite3; never db.sqlite3) gets a generated ledger: `--events`
rows over `--days` days ending yesterday, from `--people` people in 20 departments x 4
levels x 10 locations, a few heavy contributors and many readers, written in bulk (COPY on
PostgreSQL). A database that already holds that many events is reused (`--fresh` empties
it). Every day is then rolled up once (`insights.rollups.build_days`, timed as "all days"; with
`--rebuild` again on a reused ledger, e.g. after a change to the rollup tables).

Then, interleaved round by round (median of `--rounds`):

- **count**: `SELECT COUNT(*)` over the whole ledger: the baseline;
- **day job**: `build_day(yesterday)`, what the scheduled job does each night (it replaces
  the day, so it can run again);
- **year**: `measure_reports(every measure, the last 365 days, by="department")`, what the
  dashboard asks for a year (and the year before, for the comparison).

- **pilot**: a pilot's figures for a quarter (one department against everyone else) from
  the rollups (`insights.queries.population_figures`), beside the same figures kept to 1
  and to 10 of 100 spaces, read from the ledger (`insights.pilots.scoped`; the generated
  events are spread over the spaces by target).

Targets (issue 20): the day job under 1 minute, the year by department under 1 s, at
10 million events, 20,000 people and two years.
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
import warnings
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.inprocess import ensure_postgres_database, setup_django  # noqa: E402

DEFAULT_SQLITE = "/tmp/hearth-bench-rollups.sqlite3"  # noqa: S108
DEPARTMENTS = [f"Department {n}" for n in range(20)]
LEVELS = ["staff", "manager", "director", "executive"]
LOCATIONS = [f"Site {n}" for n in range(10)]
# How often each verb happens: mostly reading, then searching, then taking part.
VERB_WEIGHTS = {
    "viewed": 60,
    "searched": 10,
    "reacted": 7,
    "commented": 5,
    "downloaded": 3,
    "annotated": 2,
    "voted": 3,
    "asked": 1,
    "answered": 2,
    "accepted": 1,
    "thanked": 2,
    "gave_feedback": 1,
    "submitted_idea": 1,
    "published": 1,
    "joined": 1,
}
BATCH = 50_000
COPY = (
    "COPY insights_activityevent (actor_id, verb, target_type_id, target_id, occurred_at, "
    "day, actor_department, actor_level, actor_location, actor_is_editor) FROM STDIN"
)


def generate(events: int, people: int, days: int, seed: int = 20) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from core.models import User
    from insights.models import (
        ActivityEvent,
        DailyRollup,
        DayTotal,
        FirstSeen,
        MonthlyRollup,
        PersonDay,
        PersonMonth,
        PersonWeek,
        WeekPeople,
    )

    rng = random.Random(seed)
    for model in (
        DailyRollup,
        PersonDay,
        FirstSeen,
        PersonMonth,
        PersonWeek,
        MonthlyRollup,
        DayTotal,
        WeekPeople,
        ActivityEvent,
    ):
        model.objects.all().delete()
    User.objects.filter(username__startswith="bench-rollups-").delete()
    User.objects.bulk_create(
        [User(username=f"bench-rollups-{n}") for n in range(people)], batch_size=5_000
    )
    ids = list(
        User.objects.filter(username__startswith="bench-rollups-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    who = {
        pk: (rng.choice(DEPARTMENTS), rng.choice(LEVELS), rng.choice(LOCATIONS), n % 25 == 0)
        for n, pk in enumerate(ids)
    }
    target_type = ContentType.objects.get_for_model(User).pk
    verbs, weights = list(VERB_WEIGHTS), list(VERB_WEIGHTS.values())
    today = timezone.localdate()
    postgres = connection.vendor == "postgresql"
    written = 0
    started = time.perf_counter()
    while written < events:
        size = min(BATCH, events - written)
        chosen = rng.choices(verbs, weights, k=size)
        rows = []
        for i in range(size):
            # Activity skews to a minority: the square pulls most events to the first people.
            actor = ids[int(len(ids) * rng.random() ** 2)]
            day = today - timedelta(days=1 + int(days * rng.random()))
            department, level, location, editor = who[actor]
            rows.append(
                (
                    actor,
                    chosen[i],
                    target_type,
                    written + i + 1,
                    day,
                    department,
                    level,
                    location,
                    editor,
                )
            )
        if postgres:
            buffer = io.StringIO()
            for actor, verb, _t, target, day, department, level, location, editor in rows:
                buffer.write(
                    f"{actor}\t{verb}\t{target_type}\t{target}\t{day} 12:00:00+00\t{day}\t"
                    f"{department}\t{level}\t{location}\t{'t' if editor else 'f'}\n"
                )
            buffer.seek(0)
            with connection.cursor() as cursor, cursor.copy(COPY) as copy:
                copy.write(buffer.read())
        else:
            ActivityEvent.objects.bulk_create(
                [
                    ActivityEvent(
                        actor_id=actor,
                        verb=verb,
                        target_type_id=t,
                        target_id=target,
                        occurred_at=timezone.now(),
                        day=day,
                        actor_department=department,
                        actor_level=level,
                        actor_location=location,
                        actor_is_editor=editor,
                    )
                    for actor, verb, t, target, day, department, level, location, editor in rows
                ],
                batch_size=5_000,
            )
        written += size
        rate = written / (time.perf_counter() - started)
        print(f"  {written:,} events ({rate:,.0f}/s)", end="\r", flush=True)
    print()
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="regenerate the ledger")
    parser.add_argument(
        "--rebuild", action="store_true", help="roll every day up again (a reused ledger)"
    )
    args = parser.parse_args()

    database = os.environ.get("DATABASE_URL") or DEFAULT_SQLITE
    if database.startswith("postgres"):
        ensure_postgres_database(database)
    warnings.filterwarnings("ignore")
    setup_django(database, settings="bench.bench_search_settings")

    from django.db import connection
    from django.utils import timezone

    from insights import measures, queries, rollups
    from insights.models import (
        ActivityEvent,
        DailyRollup,
        PersonDay,
        PersonMonth,
        PersonWeek,
        WeekPeople,
    )
    from insights.pilots import scoped

    print(f"database: {connection.vendor} ({database.rsplit('/', 1)[-1]})")
    have = ActivityEvent.objects.count()
    today = timezone.localdate()
    first = today - timedelta(days=args.days)
    generating = args.fresh or have != args.events
    if generating:
        print(f"generating {args.events:,} events, {args.people:,} people, {args.days} days")
        started = time.perf_counter()
        generate(args.events, args.people, args.days)
        print(f"  written in {time.perf_counter() - started:.0f} s")
    if generating or args.rebuild:
        started = time.perf_counter()
        rollups.build_days(first, today)
        print(f"all days rolled up in {time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    if ActivityEvent.objects.filter(space_id__isnull=True).exists():
        with connection.cursor() as cursor:  # 100 spaces (ids only: no constraint)
            cursor.execute("UPDATE insights_activityevent SET space_id = 1 + target_id % 100")
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE insights_activityevent")

    yesterday = today - timedelta(days=1)
    year = queries.Period(today - timedelta(days=365), yesterday)
    quarter = queries.Period(today - timedelta(days=91), yesterday)
    pilot_keys = ["active_readers", "active_contributors", "comments"]
    sales = queries.Population(departments=(DEPARTMENTS[0],))
    keys = [measure.key for measure in measures.all_measures()]

    def count():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM insights_activityevent")
            return cursor.fetchone()[0]

    def day_job():
        return rollups.build_day(yesterday)

    def dashboard():
        return queries.measure_reports(keys, year, by="department")

    def pilot():
        return queries.population_figures(pilot_keys, sales, quarter)

    def scoped_to(spaces: int):
        return lambda: scoped.population_figures(
            pilot_keys, sales, quarter, list(range(1, spaces + 1))
        )

    targets = {
        "count": count,
        "day job": day_job,
        "year": dashboard,
        "pilot": pilot,
        "scoped 1": scoped_to(1),
        "scoped 10": scoped_to(10),
    }
    times: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(args.rounds):
        for name, call in targets.items():
            started = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - started)
    events_yesterday = ActivityEvent.objects.filter(day=yesterday).count()
    baseline = statistics.median(times["count"])
    print(f"ledger: {count():,} events ({events_yesterday:,} yesterday); {len(keys)} measures")
    print(
        f"rollups: {PersonDay.objects.count():,} person-days, "
        f"{DailyRollup.objects.count():,} daily rollup rows, "
        f"{PersonMonth.objects.count():,} person-months, "
        f"{PersonWeek.objects.count():,} person-weeks, {WeekPeople.objects.count():,} week counts"
    )
    print(f"{'target':<10}{'median ms':>12}{'x COUNT(*)':>12}  target")
    goals = {"count": "", "day job": "< 60,000 ms", "year": "< 1,000 ms"}
    pilot_median = statistics.median(times["pilot"])
    for name, values in times.items():
        median = statistics.median(values) * 1000
        note = goals.get(name, "")
        if name.startswith("scoped"):
            note = f"x pilot from rollups: {median / (pilot_median * 1000):.2f}"
        print(f"{name:<10}{median:>12.1f}{median / (baseline * 1000):>12.2f}  {note}")


if __name__ == "__main__":
    main()
