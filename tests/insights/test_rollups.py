"""Rollups give the raw ledger's answer; rebuilding is idempotent; the query API reads
rollups in a fixed number of queries; small groups cannot be recovered by subtraction."""

import io
import random
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from insights import measures, queries, rollups, suppression
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
    Verb,
    WeekPeople,
)
from insights.queries import Period
from insights.tasks import rebuild_rollups
from tests.insights.ledger_rows import people, row, write

START = date(2026, 9, 1)
DAYS = 60
PERIOD = Period(START + timedelta(days=30), START + timedelta(days=59))  # 30 days
DEPARTMENTS = ["Sales", "Finance", "Legal", "Support"]
LEVELS = ["staff", "manager"]
LOCATIONS = ["Berlin", "Paris", "Lyon"]
VERBS = [
    Verb.VIEWED,
    Verb.VIEWED,
    Verb.VIEWED,
    Verb.COMMENTED,
    Verb.REACTED,
    Verb.ANNOTATED,
    Verb.ASKED,
    Verb.ANSWERED,
    Verb.ACCEPTED,
    Verb.SUBMITTED_IDEA,
    Verb.THANKED,
    Verb.SEARCHED,
    Verb.PUBLISHED,
    Verb.DOWNLOADED,
    Verb.JOINED,
]


def generated_ledger(seed: int = 20, persons: int = 48, prefix: str = "p") -> list[ActivityEvent]:
    """Random-ish activity over 60 days: 48 people in 4 departments (12 each), some move
    department on day 40, some only start late (new people), editors publish more."""
    rng = random.Random(seed)
    crowd = people(*(f"{prefix}{n}" for n in range(persons)))
    rows = []
    for n, person in enumerate(crowd.values()):
        department = DEPARTMENTS[n % 4]
        level, location = LEVELS[n % 2], LOCATIONS[n % 3]
        editor = n % 7 == 0
        starts = rng.choice([0, 0, 0, 20, 45])
        for offset in range(starts, DAYS):
            if rng.random() < 0.55:
                continue
            if offset == 40 and n % 11 == 0:
                department = DEPARTMENTS[(n + 1) % 4]  # a move: the snapshot follows
            for _ in range(rng.randint(1, 4)):
                verb = Verb.PUBLISHED if editor and rng.random() < 0.3 else rng.choice(VERBS)
                target = len(rows) + 1  # views count once per target and day
                rows.append(
                    row(
                        person,
                        verb,
                        START + timedelta(days=offset),
                        department,
                        level,
                        location,
                        editor=editor,
                        target=target,
                    )
                )
    write(rows)
    return rows


def raw_answer(measure, period: Period, department: str | None) -> float | None:
    """The measure computed straight from ActivityEvent, the slow way."""
    events = list(
        ActivityEvent.objects.values(
            "actor_id", "verb", "day", "actor_department", "actor_is_editor"
        )
    )
    first_day: dict[int, date] = {}
    for e in events:
        first_day[e["actor_id"]] = min(first_day.get(e["actor_id"], e["day"]), e["day"])

    def inside(e, p: Period, slice_too=True):
        return p.first <= e["day"] <= p.last and (
            not slice_too or department is None or e["actor_department"] == department
        )

    mine = [e for e in events if inside(e, period)]
    if measure.source == Source.EVENTS:
        return float(sum(e["verb"] in measure.verbs for e in mine))
    if measure.source == Source.PEOPLE:
        return float(len({e["actor_id"] for e in mine if e["verb"] in measure.verbs}))
    if measure.source == Source.NEW_PEOPLE:
        return float(len({e["actor_id"] for e in mine if e["day"] == first_day[e["actor_id"]]}))
    if measure.source == Source.SHARE_OF_EVENTS:
        contributions = [e for e in mine if e["verb"] in measure.verbs]
        if not contributions:
            return None
        return 100.0 * sum(not e["actor_is_editor"] for e in contributions) / len(contributions)
    if measure.source == Source.RETURNING:
        before = {e["actor_id"] for e in events if inside(e, period.previous())}
        again = {e["actor_id"] for e in events if inside(e, period, slice_too=False)}
        return 100.0 * len(before & again) / len(before) if before else None
    raise AssertionError(measure)


@pytest.fixture
def generated(db):
    generated_ledger()
    rollups.build_days(START, START + timedelta(days=DAYS - 1))


LEDGER_KEYS = sorted(m.key for m in measures.all_measures() if m.from_ledger)


# October whole (and September whole with 31 August before it): the month tables.
MONTH = Period(date(2026, 10, 1), date(2026, 10, 31))
# Ends in mid-week: 1 to 21 October (Thursday to Wednesday) reads 1-4 October as days,
# the weeks of 5 and 12 October, and 19-21 October as days; the period before it (10 to 30
# September) the same way. With September whole before it: a month, weeks and days.
MID_WEEK = Period(date(2026, 10, 1), date(2026, 10, 21))
MONTH_AND_WEEKS = Period(date(2026, 9, 1), date(2026, 10, 21))
PERIODS = {"part months": PERIOD, "whole months": MONTH}
MID_WEEK_PERIODS = {"weeks and end days": MID_WEEK, "a month, weeks and end days": MONTH_AND_WEEKS}


@pytest.mark.parametrize("period", PERIODS.values(), ids=PERIODS.keys())
@pytest.mark.parametrize("key", LEDGER_KEYS)
def test_rollups_equal_the_raw_ledger(generated, key, period):
    measure = measures.get(key)
    report = queries.measure_report(key, period)
    assert report.total.value == pytest.approx(raw_answer(measure, period, None))
    assert report.previous_total.value == pytest.approx(
        raw_answer(measure, period.previous(), None)
    )
    assert {s.key for s in report.slices} == set(DEPARTMENTS)
    for figure in report.slices:
        assert not figure.current.suppressed  # 12 people a department: all shown
        assert figure.current.value == pytest.approx(raw_answer(measure, period, figure.key))
        assert figure.previous.value == pytest.approx(
            raw_answer(measure, period.previous(), figure.key)
        )


@pytest.mark.parametrize("period", MID_WEEK_PERIODS.values(), ids=MID_WEEK_PERIODS.keys())
def test_periods_ending_mid_week_equal_the_raw_ledger(generated, period):
    """Every ledger measure (one ledger for all: it is slow to build), in total and by
    department, for periods whose ends are read as person-weeks and days."""
    for key in LEDGER_KEYS:
        measure = measures.get(key)
        report = queries.measure_report(key, period)
        assert report.total.value == pytest.approx(raw_answer(measure, period, None)), key
        for figure in report.slices:
            assert figure.current.value == pytest.approx(raw_answer(measure, period, figure.key)), (
                key,
                figure.key,
            )
        if period.previous().first >= START:  # else nobody: suppressed, nothing to compare
            assert report.previous_total.value == pytest.approx(
                raw_answer(measure, period.previous(), None)
            ), key
        for week, figure in report.weekly:
            span = Period(max(week, period.first), min(week + timedelta(days=6), period.last))
            if measure.source != Source.RETURNING and not figure.suppressed:
                assert figure.value == pytest.approx(raw_answer(measure, span, None)), key


@pytest.mark.parametrize("period", PERIODS.values(), ids=PERIODS.keys())
@pytest.mark.parametrize("key", ["comments", "active_contributors", "new_people"])
def test_weekly_series_equal_the_raw_ledger(generated, key, period):
    measure = measures.get(key)
    weekly = queries.measure_report(key, period).weekly
    monday = period.first - timedelta(days=period.first.weekday())
    assert len(weekly) == (period.last - monday).days // 7 + 1  # one per Monday's week
    assert len(weekly) >= 4
    for week, figure in weekly:
        span = Period(max(week, period.first), min(week + timedelta(days=6), period.last))
        assert figure.value == pytest.approx(raw_answer(measure, span, None))


def _tables():
    slice_names = ("slice__department", "slice__level", "slice__location")
    return (
        sorted(
            DailyRollup.objects.values_list(
                "day", "measure", "department", "level", "location", "value", "base"
            )
        ),
        sorted(
            PersonDay.objects.values_list(
                "day", "person_id", "department", "level", "location", "verbs", "first"
            )
        ),
        sorted(
            PersonMonth.objects.values_list("month", "person_id", *slice_names, "verbs", "first")
        ),
        sorted(
            MonthlyRollup.objects.values_list(
                "month", "measure", *slice_names, "value", "base", "value_base"
            )
        ),
        sorted(PersonWeek.objects.values_list("week", "person_id", *slice_names, "verbs", "first")),
        sorted(DayTotal.objects.values_list("day", "measure", "value", "base", "value_base")),
        sorted(WeekPeople.objects.values_list("week", "measure", "value")),
    )


def test_rebuilding_gives_the_same_rows(generated):
    before = _tables()
    assert before[0] and before[1]
    rollups.build_days(START, START + timedelta(days=DAYS - 1))
    FirstSeen.objects.all().delete()  # the cache of first days is rebuilt from the ledger
    rollups.build_days(START + timedelta(days=10), START + timedelta(days=20))
    assert _tables() == before


def test_the_nightly_job_day_by_day_gives_the_rebuilt_rows(db):
    """Day by day as the job runs (each day, then its month and week recomputed from the
    rows so far) ends with the rows a rebuild of every day from the ledger gives."""
    generated_ledger()
    for offset in range(DAYS):
        rollups.build_day(START + timedelta(days=offset))
    nightly = _tables()
    assert all(nightly)
    for model in (
        DailyRollup,
        PersonDay,
        PersonMonth,
        PersonWeek,
        MonthlyRollup,
        DayTotal,
        WeekPeople,
    ):
        model.objects.all().delete()
    FirstSeen.objects.all().delete()
    rollups.build_days(START, START + timedelta(days=DAYS - 1))
    assert _tables() == nightly


def test_rebuilding_a_day_replaces_it(db):
    crowd = people("a", "b")
    day = date(2026, 11, 2)
    write([row(crowd["a"], Verb.COMMENTED, day, "Sales")])
    rollups.build_day(day)
    write([row(crowd["b"], Verb.COMMENTED, day, "Finance")])  # arrived later
    rollups.build_day(day)
    rows = DailyRollup.objects.filter(measure="comments", day=day)
    assert sorted(rows.values_list("department", "value")) == [("Finance", 1.0), ("Sales", 1.0)]
    assert PersonDay.objects.filter(day=day).count() == 2


def test_the_command_rebuilds_since_a_day(db):
    crowd = people("a")
    write([row(crowd["a"], Verb.COMMENTED, date.today() - timedelta(days=3), "Sales")])
    out = io.StringIO()
    call_command("rebuild_rollups", since=str(date.today() - timedelta(days=5)), stdout=out)
    assert "Rebuilt 6 days" in out.getvalue()
    assert DailyRollup.objects.filter(measure="comments").count() == 1


@pytest.mark.parametrize("since", ["yesterday", "2999-01-01"])
def test_the_command_refuses_a_bad_day(db, since):
    with pytest.raises(CommandError):
        call_command("rebuild_rollups", since=since)


def test_the_scheduled_job_builds_yesterday_and_today(db):
    crowd = people("a")
    yesterday = date.today() - timedelta(days=1)
    write(
        [
            row(crowd["a"], Verb.COMMENTED, yesterday, "Sales"),
            row(crowd["a"], Verb.COMMENTED, date.today(), "Sales"),
            row(crowd["a"], Verb.COMMENTED, yesterday - timedelta(days=1), "Sales"),
        ]
    )
    rebuild_rollups.call()
    assert set(DailyRollup.objects.values_list("day", flat=True)) == {yesterday, date.today()}


# The queries, however much data and however many measures: who was active (the slices'
# names; whole months, weeks and end days in one; per week: whole weeks, part weeks): four;
# the measures summed over days (events, shares, higher apps' figures) add two (months and
# end days in one, day totals).
PEOPLE_QUERIES = 4
SUMMED_QUERIES = 2


def _expected_queries(keys: list[str]) -> int:
    people = (Source.PEOPLE, Source.NEW_PEOPLE, Source.RETURNING)
    summed = any(measures.get(key).source not in people for key in keys)
    return PEOPLE_QUERIES + (SUMMED_QUERIES if summed else 0)


@pytest.mark.parametrize(
    "key", ["comments", "active_readers", "new_people", "return_rate", "non_editor_share"]
)
def test_a_measure_report_takes_constant_queries(db, django_assert_num_queries, key):
    expected = _expected_queries([key])
    generated_ledger(seed=1, persons=8)
    rollups.build_days(START, START + timedelta(days=DAYS - 1))
    with django_assert_num_queries(expected):
        small = queries.measure_report(key, PERIOD)
    small_rows = PersonDay.objects.count()
    generated_ledger(seed=2, persons=40, prefix="q")  # five times the people
    rollups.build_days(START, START + timedelta(days=DAYS - 1))
    with django_assert_num_queries(expected):
        large = queries.measure_report(key, PERIOD, by="location")
    assert small.by == "department" and large.by == "location"
    assert PersonDay.objects.count() > 5 * small_rows


@pytest.mark.parametrize(
    "period",
    [
        PERIOD,  # 1 to 30 October: no whole month, part weeks at both ends
        Period(START, START + timedelta(days=DAYS - 1)),  # September whole, October's days
        Period(START + timedelta(days=6), START + timedelta(days=12)),  # one whole week
    ],
)
def test_every_measure_takes_the_same_queries_over_any_period(
    generated, django_assert_num_queries, period
):
    keys = [m.key for m in measures.all_measures()]
    with django_assert_num_queries(PEOPLE_QUERIES + SUMMED_QUERIES):
        queries.measure_reports(keys, period, by="level")


# Small groups: the rule of vision feedback, and the subtraction attack.


@pytest.fixture
def small_legal(db, settings):
    """Sales 10 people, Finance 6, Legal 2 (threshold 5); everyone comments once a day
    for a week in the period."""
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    sizes = {"Sales": 10, "Finance": 6, "Legal": 2}
    crowd = people(*(f"{d}{n}" for d, size in sizes.items() for n in range(size)))
    rows = []
    for name, person in crowd.items():
        department = name.rstrip("0123456789")
        level = "executive" if department == "Legal" else "staff"
        for offset in range(7):
            rows.append(
                row(
                    person,
                    Verb.COMMENTED,
                    PERIOD.first + timedelta(days=offset),
                    department,
                    level,
                    "Berlin",
                )
            )
    write(rows)
    rollups.build_days(PERIOD.first, PERIOD.first + timedelta(days=6))
    return sizes


def _shown(report) -> dict[str, float | None]:
    return {s.key: s.current.value for s in report.slices}


def test_a_department_under_the_threshold_is_suppressed(small_legal):
    report = queries.measure_report("comments", PERIOD)
    legal = next(s for s in report.slices if s.key == "Legal")
    assert legal.current.suppressed and legal.current.value is None
    assert report.threshold == 5
    assert _shown(report)["Sales"] == 70.0


def test_the_total_minus_the_shown_departments_does_not_give_a_small_one(small_legal):
    """The attack: total - Sales - Finance = Legal (2 people, 14 comments) if Finance were
    shown. Finance is suppressed with Legal (the smallest large group joins the hidden
    one), so what the subtraction gives is Finance and Legal together: 8 people."""
    report = queries.measure_report("comments", PERIOD)
    shown = {key: value for key, value in _shown(report).items() if value is not None}
    hidden = [s.key for s in report.slices if s.current.suppressed]
    remainder = report.total.value - sum(shown.values())
    assert remainder != 14.0  # Legal's own figure
    assert len(hidden) != 1
    assert sum(small_legal[key] for key in hidden) >= report.threshold


def test_no_view_subtracts_to_a_small_group(small_legal):
    """Every view (by department, level, location) and the total: whatever one view hides,
    it hides at least `threshold` people, and no single hidden cell is left to subtract."""
    per_person = 7.0
    for by in queries.DIMENSIONS:
        report = queries.measure_report("comments", PERIOD, by=by)
        hidden = [s for s in report.slices if s.current.suppressed]
        shown_sum = sum(s.current.value for s in report.slices if not s.current.suppressed)
        if hidden:
            assert len(hidden) >= 2 or (report.total.value - shown_sum) / per_person >= 5
            assert (report.total.value - shown_sum) / per_person >= report.threshold
    # Across views: the executives (level) are exactly Legal (department): both hidden.
    by_level = queries.measure_report("comments", PERIOD, by="level")
    assert next(s for s in by_level.slices if s.key == "executive").current.suppressed


def test_weeks_with_few_people_are_pooled(db, settings):
    """Week 1: six people; week 2: one person. Hiding week 2 alone would let total - week 1
    give it; both are hidden, the total (7 people) is shown."""
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    crowd = people(*(f"w{n}" for n in range(7)))
    rows = [
        row(p, Verb.COMMENTED, PERIOD.first, "Sales") for n, p in enumerate(crowd.values()) if n < 6
    ]
    rows.append(row(crowd["w6"], Verb.COMMENTED, PERIOD.first + timedelta(days=7), "Sales"))
    write(rows)
    rollups.build_days(PERIOD.first, PERIOD.first + timedelta(days=7))
    report = queries.measure_report("comments", PERIOD)
    assert report.total.value == 7.0
    assert all(figure.suppressed for _week, figure in report.weekly)


def test_the_rule_is_the_vision_rule():
    """One rule for vision feedback and the dashboard: brand imports it from insights."""
    from brand.vision import suppression as vision_suppression

    assert vision_suppression.pool is suppression.pool
    assert vision_suppression.min_group is suppression.min_group


@pytest.mark.parametrize("key", ["comments", "active_people"])
def test_whole_months_and_weeks_hide_small_groups_too(db, settings, key):
    """The month and week tables answer a month-aligned period; the blocks are the same:
    Legal (2 people) is hidden with Finance in every view, so no subtraction gives it."""
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    sizes = {"Sales": 10, "Finance": 6, "Legal": 2}
    crowd = people(*(f"{d}{n}" for d, size in sizes.items() for n in range(size)))
    rows = []
    for name, person in crowd.items():
        department = name.rstrip("0123456789")
        level = "executive" if department == "Legal" else "staff"
        for offset in range(0, 28, 3):
            day = MONTH.first + timedelta(days=offset)
            rows.append(row(person, Verb.COMMENTED, day, department, level, "Berlin"))
    write(rows)
    rollups.build_days(MONTH.first, MONTH.last)
    assert PersonMonth.objects.exists() and WeekPeople.objects.exists()
    for by in queries.DIMENSIONS:
        report = queries.measure_report(key, MONTH, by=by)
        assert report.total.value is not None
        hidden = [s for s in report.slices if s.current.suppressed]
        shown = sum(s.current.value for s in report.slices if not s.current.suppressed)
        assert all(s.current.value is None for s in hidden)
        assert len(hidden) != 1
        if hidden:
            per_person = 10.0 if key == "comments" else 1.0
            assert (report.total.value - shown) / per_person >= report.threshold
    by_department = queries.measure_report(key, MONTH)
    legal = next(s for s in by_department.slices if s.key == "Legal")
    assert legal.current.suppressed


def test_a_pilot_without_a_provider_offers_the_slices_names(generated, monkeypatch):
    from insights.pilots import choices

    monkeypatch.setattr(choices, "_names", {})  # no app offers its own names
    assert choices.names("department") == sorted(DEPARTMENTS)
    assert choices.names("location") == sorted(LOCATIONS)


def test_the_migration_backfills_months_and_weeks_of_days_already_rolled_up(generated):
    """insights 0009 gives the days rolled up before it their month, week and day-total
    rows, 0010 their person-weeks: the rows the rollup job writes."""
    from importlib import import_module

    from django.apps import apps

    backfill = import_module("insights.migrations.0009_rollup_months").backfill
    weeks = import_module("insights.migrations.0010_person_weeks").backfill
    built = _tables()
    for model in (PersonMonth, PersonWeek, MonthlyRollup, DayTotal, WeekPeople, Slice):
        model.objects.all().delete()
    backfill(apps, None)
    weeks(apps, None)
    assert _tables() == built
