"""What the dashboard asks: a measure for a period and the one before, in total, by slice
(department, level or location) and week by week. Reads the rollups only, in a fixed
number of queries whatever the period, the data or the number of measures: a period is
split into whole months (`PersonMonth`, `MonthlyRollup`), then whole weeks at its ends
(`PersonWeek`) and at most six days each side (`PersonDay`; `DailyRollup` for the
measures summed over days, which have no weekly table); who was active per person and
slice (one query, UNION ALL of the three) gives every distinct-people figure and the
suppression blocks, the weeks' people (`WeekPeople`) two more, the slices' names one,
and the measures summed over days two (months and end days in one, `DayTotal`).

Small groups are suppressed with the vision-feedback rule (`insights.suppression`): the
people active in a period are split into atoms (department x level x location) and pooled
into blocks of at least `min_group()`; a slice is shown only when it is made of whole
blocks, and weeks are pooled the same way. Any sum or difference of shown figures is then
a figure about whole blocks, so subtracting shown slices from the total never isolates a
group under the threshold.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connections
from django.db.models import BigIntegerField, Case, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from insights import measures, rollups, suppression
from insights.aggregates import BitOr
from insights.measures import Measure, Source, Unit
from insights.models import (
    DailyRollup,
    DayTotal,
    MonthlyRollup,
    PersonDay,
    PersonMonth,
    PersonWeek,
    Slice,
    WeekPeople,
)

DIMENSIONS = ("department", "level", "location")


class BadQuery(ValueError):
    """A question the dashboard cannot answer (unknown measure or slice, a backward period):
    the message says why, for a 400."""


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    def __post_init__(self):
        if self.first > self.last:
            raise BadQuery(_("A period must end on or after its first day."))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        last = self.first - timedelta(days=1)
        return Period(last - timedelta(days=self.days - 1), last)


@dataclass(frozen=True)
class Figure:
    """A number a reader may see, or a suppressed one (value None, `suppressed`)."""

    value: float | None
    suppressed: bool = False


@dataclass(frozen=True)
class SliceFigure:
    key: str
    label: str
    current: Figure
    previous: Figure


@dataclass
class MeasureReport:
    measure: Measure
    period: Period
    previous_period: Period
    threshold: int
    by: str
    total: Figure
    previous_total: Figure
    slices: list[SliceFigure] = field(default_factory=list)
    weekly: list[tuple[date, Figure]] = field(default_factory=list)


NEVER_MONTH = Q(month__isnull=True)
NEVER_WEEK = Q(week__isnull=True)
NEVER_DAY = Q(day__isnull=True)


def _whole_weeks(period: Period) -> tuple[Period | None, list[Period]]:
    """The Mondays of the whole weeks inside `period` (first and last, or None) and the
    day ranges left at its ends (six days at most each)."""
    first = _monday(period.first)
    if first < period.first:
        first += timedelta(days=7)
    last = _monday(period.last)
    if last + timedelta(days=6) > period.last:
        last -= timedelta(days=7)
    if first > last:
        return None, [period]
    ends = []
    if period.first < first:
        ends.append(Period(period.first, first - timedelta(days=1)))
    if last + timedelta(days=6) < period.last:
        ends.append(Period(last + timedelta(days=7), period.last))
    return Period(first, last), ends


@dataclass(frozen=True)
class _Split:
    """A period as whole months (PersonMonth, MonthlyRollup), then whole weeks at its ends
    (PersonWeek) and the days left (PersonDay, at most six each side): a year reads about
    twelve month rows per person, a few week rows and a few days. `ends` is everything
    outside the whole months as days (DailyRollup, which has no weeks). Empty parts are
    filters that match nothing (the query still runs, so the count of queries does not
    depend on the dates)."""

    months: Q
    weeks: Q
    days: Q
    ends: Q

    @classmethod
    def of(cls, period: Period) -> _Split:
        first = rollups.month_of(period.first)
        if first < period.first:
            first = rollups.month_of(first + timedelta(days=32))
        last = rollups.month_of(period.last)
        if rollups.month_end(last) > period.last:
            last = rollups.month_of(last - timedelta(days=1))
        if first > last:
            months, ranges = NEVER_MONTH, [period]
        else:
            months, ranges = Q(month__gte=first, month__lte=last), []
            if period.first < first:
                ranges.append(Period(period.first, first - timedelta(days=1)))
            if rollups.month_end(last) < period.last:
                ranges.append(Period(rollups.month_end(last) + timedelta(days=1), period.last))
        weeks, days, ends = NEVER_WEEK, NEVER_DAY, NEVER_DAY
        for part in ranges:
            ends |= _between(part)
            whole, left = _whole_weeks(part)
            if whole is not None:
                weeks |= Q(week__gte=whole.first, week__lte=whole.last)
            for days_left in left:
                days |= _between(days_left)
        return cls(months, weeks, days, ends)


@dataclass
class _People:
    """Who was active in each of some periods (`windows`: the current one, the one
    before, and the one before that when a return rate asks), per person and slice: the
    verbs OR-ed over each window, with `rollups.FIRST_BIT` for a first day. Read in one
    query (whole months, whole weeks and end days, UNION ALL) whatever the number of
    measures; every distinct-people figure and the suppression blocks are counted from
    it."""

    masks: dict[tuple[int, tuple], int]  # packed: see `_pack`

    @classmethod
    def read(cls, windows: list[Period], names: dict[int, tuple]) -> _People:
        splits = [_Split.of(window) for window in windows]
        months_q, weeks_q, days_q = NEVER_MONTH, NEVER_WEEK, NEVER_DAY
        for split in splits:
            months_q |= split.months
            weeks_q |= split.weeks
            days_q |= split.days
        mask = F("verbs") + rollups.first_flag()
        blank = {name: Value("") for name in DIMENSIONS}

        def masks(part: str) -> dict:
            return {
                f"w{i}": BitOr(mask, filter=getattr(split, part)) for i, split in enumerate(splits)
            }

        by_month = (
            PersonMonth.objects.filter(months_q)
            .values("person_id", "slice_id")
            .annotate(**blank, **masks("months"))
            .order_by()
        )
        by_week = (
            PersonWeek.objects.filter(weeks_q)
            .values("person_id", "slice_id")
            .annotate(**blank, **masks("weeks"))
            .order_by()
        )
        by_day = (
            PersonDay.objects.filter(days_q)
            .values("person_id", *DIMENSIONS)
            .annotate(slice_id=Cast(Value(None), BigIntegerField()), **masks("days"))
            .order_by()
        )
        columns = ["person_id", "slice_id", *DIMENSIONS, *(f"w{i}" for i in range(len(splits)))]
        found: dict[tuple[int, tuple], int] = {}
        for person, slice_id, department, level, location, *bits in _union(
            columns, by_month, by_week, by_day
        ):
            key = (
                person,
                names[slice_id] if slice_id is not None else (department, level, location),
            )
            found[key] = found.get(key, 0) | _pack(bits)
        return cls(found)

    def atoms(self, window: int) -> dict[tuple, int]:
        """People active in the window per atom (department x level x location)."""
        sizes: dict[tuple, int] = {}
        bits = WINDOW << (WIDTH * window)
        for (_person, atom), found in self.masks.items():
            if found & bits:
                sizes[atom] = sizes.get(atom, 0) + 1
        return sizes

    def tally(self, by: str) -> _Tally:
        """Each person's masks OR-ed per slice of `by` and over everything, then people
        with the same masks counted together, once for every measure (a person who moved
        counts once in each slice and once in the total)."""
        index = DIMENSIONS.index(by)
        anywhere: dict[int, int] = {}
        in_slice: dict[tuple[int, str], int] = {}
        for (person, atom), found in self.masks.items():
            anywhere[person] = anywhere.get(person, 0) | found
            key = (person, atom[index])
            in_slice[key] = in_slice.get(key, 0) | found
        # A return rate asks whether the person was active anywhere in the first two windows.
        slices = Counter(
            (key, found, _active(anywhere[person], 0), _active(anywhere[person], 1))
            for (person, key), found in in_slice.items()
        )
        return _Tally(slices, Counter(anywhere.values()))


WIDTH = 32
"""Bits per window in a person's packed masks (the verbs and `rollups.FIRST_BIT` fit)."""
WINDOW = (1 << WIDTH) - 1


def _pack(masks) -> int:
    """The windows' masks (None for none) as one int, window i at bits WIDTH x i: a
    person's rows OR together in one operation whatever the number of windows."""
    packed = 0
    for i, mask in enumerate(masks):
        packed |= (mask or 0) << (WIDTH * i)
    return packed


def _active(packed: int, window: int, wanted: int = WINDOW) -> bool:
    return bool((packed >> (WIDTH * window)) & wanted)


@dataclass
class _Tally:
    """People counted by their masks: per (slice of `by`, masks in it, active anywhere
    in the first and second window) and in total per masks."""

    in_slice: Counter
    anywhere: Counter

    def figures(self, measure: Measure) -> tuple[dict, dict]:
        """Per slice and in total: {"v", "pv"} (and "b", "pb" for return rates)."""
        by_slice: dict[str, dict] = {}
        if measure.source == Source.RETURNING:
            for (key, found, now_anywhere, before_anywhere), n in self.in_slice.items():
                row = by_slice.setdefault(key, {"v": 0, "b": 0, "pv": 0, "pb": 0})
                if _active(found, 1):
                    row["b"] += n
                    row["v"] += n * now_anywhere
                if _active(found, 2):
                    row["pb"] += n
                    row["pv"] += n * before_anywhere
            total = {"v": 0, "b": 0, "pv": 0, "pb": 0}
            for found, n in self.anywhere.items():
                if _active(found, 1):
                    total["b"] += n
                    total["v"] += n * _active(found, 0)
                if _active(found, 2):
                    total["pb"] += n
                    total["pv"] += n * _active(found, 1)
            return by_slice, total
        wanted = (
            rollups.FIRST_BIT
            if measure.source == Source.NEW_PEOPLE
            else measures.verbs_mask(measure.verbs)
        )
        before_wanted = wanted << WIDTH
        for (key, found, _now, _before), n in self.in_slice.items():
            now, before = bool(found & wanted), bool(found & before_wanted)
            if now or before:
                row = by_slice.setdefault(key, {"v": 0, "pv": 0})
                row["v"] += n * now
                row["pv"] += n * before
        total = {"v": 0, "pv": 0}
        for found, n in self.anywhere.items():
            total["v"] += n * bool(found & wanted)
            total["pv"] += n * bool(found & before_wanted)
        return by_slice, total


def _tuples(queryset: QuerySet) -> list[tuple]:
    """The rows of a `values()` queryset as the driver returns them, in its column order:
    ids, names and masks only, so none of the ORM's per-value converters are needed (a
    year reads tens of thousands of rows; they were a quarter of its time)."""
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _union(columns: list[str], *querysets: QuerySet) -> list[tuple]:
    """The rows of several `values()` querysets in one query (UNION ALL), each read as
    `columns` (by the names the querysets give them), as the driver returns them."""
    sql, params = _union_sql(columns, *querysets)
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _slice_names() -> dict[int, tuple]:
    return {
        pk: (department, level, location)
        for pk, department, level, location in Slice.objects.values_list(
            "pk", *DIMENSIONS
        ).order_by()
    }


@dataclass(frozen=True)
class _Weeks:
    """A period's weeks: the whole ones (Monday to Sunday inside it) and the days of the
    part weeks at its ends."""

    whole: Q
    days: Q

    @classmethod
    def of(cls, period: Period) -> _Weeks:
        whole, ends = _whole_weeks(period)
        days = NEVER_DAY
        for end in ends:
            days |= _between(end)
        if whole is None:
            return cls(NEVER_WEEK, days)
        return cls(Q(week__gte=whole.first, week__lte=whole.last), days)


def _people_per_week(period: Period) -> dict[date, dict[str, int]]:
    """Distinct people per week of the period for each distinct-people measure ("" is
    everyone active): whole weeks from WeekPeople, the part weeks at the ends counted
    from their days. Two queries."""
    weeks = _Weeks.of(period)
    counts: dict[date, dict[str, int]] = {}
    for week, key, value in WeekPeople.objects.filter(weeks.whole).values_list(
        "week", "measure", "value"
    ):
        counts.setdefault(week, {})[key] = value
    wanted = rollups.people_measures()
    part = (
        PersonDay.objects.filter(weeks.days)
        .values("week", "person_id")
        .annotate(mask=BitOr(F("verbs") + rollups.first_flag()))
        .order_by()
    )
    for row in part:
        week = counts.setdefault(row["week"], {})
        for key, bits in wanted.items():
            if row["mask"] & bits:
                week[key] = week.get(key, 0) + 1
    return counts


_FILLED = object()


@dataclass
class _Population:
    """Who was active, per atom, in the current and previous period: the blocks."""

    current: suppression.Partition
    previous: suppression.Partition
    weeks: suppression.Partition  # the current period's weeks, keyed (monday,)

    def atoms(self, partition: suppression.Partition, by: str, key: str | None) -> list[tuple]:
        if key is None:
            return list(partition.atom_size)
        index = DIMENSIONS.index(by)
        cache = self._atoms.setdefault((id(partition), by), {})
        if not cache:
            for atom in partition.atom_size:
                cache.setdefault(atom[index], []).append(atom)
            cache[_FILLED] = []
        return cache.get(key, [])

    def shown(self, partition: suppression.Partition, by: str, key: str | None, value) -> Figure:
        """The figure of slice `key` (None: everyone), or suppressed: decided once per
        slice for every measure (the blocks are the same)."""
        decided = self._shows.get((id(partition), by, key))
        if decided is None:
            decided = partition.shows(self.atoms(partition, by, key))
            self._shows[(id(partition), by, key)] = decided
        return Figure(value) if decided else Figure(None, suppressed=True)

    _atoms: dict = field(default_factory=dict)
    _shows: dict = field(default_factory=dict)


def _between(period: Period, prefix: str = "") -> Q:
    return Q(**{f"{prefix}day__gte": period.first, f"{prefix}day__lte": period.last})


def _figure(measure: Measure, value, base, vb=None) -> float | None:
    value, base = value or 0, base or 0
    if measure.unit == Unit.COUNT:
        return float(value)
    if not base:
        return None
    if measure.unit == Unit.SHARE:
        return 100.0 * value / base
    if measure.unit == Unit.MEDIAN_DURATION:
        return (vb or 0) / base  # the days' medians weighted by how many each holds
    return value / base


def _shown(partition: suppression.Partition, atoms: list[tuple], value) -> Figure:
    if not partition.shows(atoms):
        return Figure(None, suppressed=True)
    return Figure(value)


def _sums(now: Q, before: Q, *, monthly: bool = False) -> dict:
    """Sums of rollup rows for both periods (value, base, value x base for medians)."""
    value_base = F("value_base") if monthly else F("value") * F("base")
    return {
        "v": Sum("value", filter=now),
        "b": Sum("base", filter=now),
        "vb": Sum(value_base, filter=now),
        "pv": Sum("value", filter=before),
        "pb": Sum("base", filter=before),
        "pvb": Sum(value_base, filter=before),
    }


def _event_sums(keys: list[str], period: Period, previous: Period, by: str) -> dict:
    """Measures rolled up per slice and day (events, shares, higher apps' figures), both
    periods, per measure and slice of `by`: whole months from MonthlyRollup (its slices'
    names joined, so the database adds them up per department) and the rest of each
    period from DailyRollup, in one query (UNION ALL) for every such measure at once."""
    now, before = _Split.of(period), _Split.of(previous)
    found: dict[str, dict[str, dict]] = {key: {} for key in keys}
    sums = ("v", "b", "vb", "pv", "pb", "pvb")
    months = (
        MonthlyRollup.objects.filter(now.months | before.months, measure__in=keys)
        .values("measure", part=F(f"slice__{by}"))
        .annotate(**_sums(now.months, before.months, monthly=True))
        .order_by()
    )
    days = (
        DailyRollup.objects.filter(now.ends | before.ends, measure__in=keys)
        .values("measure", part=F(by))
        .annotate(**_sums(now.ends, before.ends))
        .order_by()
    )
    for key, part, *values in _union(["measure", "part", *sums], months, days):
        cell = found[key].setdefault(part, {})
        for name, value in zip(sums, values, strict=True):
            cell[name] = (cell.get(name) or 0) + (value or 0)
    return found


def _event_weeks(keys: list[str], period: Period) -> dict[str, dict[date, dict]]:
    """Each measure's weeks over every slice, from DayTotal (366 rows a measure a year)."""
    found: dict[str, dict[date, dict]] = {key: {} for key in keys}
    rows = DayTotal.objects.filter(_between(period), measure__in=keys).values_list(
        "measure", "day", "value", "base", "value_base"
    )
    for key, day, value, base, value_base in rows:
        week = found[key].setdefault(_monday(day), {})
        week["v"] = week.get("v", 0) + value
        week["b"] = week.get("b", 0) + base
        week["vb"] = week.get("vb", 0) + value_base
    return found


def _report(
    measure: Measure,
    period: Period,
    by: str,
    population: _Population,
    by_slice: dict[str, dict],
    totals: dict,
    weeks: dict[date, dict],
) -> MeasureReport:
    previous = period.previous()

    def figure(row: dict, now: bool) -> float | None:
        prefix = "" if now else "p"
        return _figure(
            measure, row.get(f"{prefix}v"), row.get(f"{prefix}b"), row.get(f"{prefix}vb")
        )

    slices = []
    for key in sorted(by_slice, key=str):
        row = by_slice[key]
        slices.append(
            SliceFigure(
                key=key,
                label=str(key or suppression.NOT_SET_LABEL),
                current=population.shown(population.current, by, key, figure(row, True)),
                previous=population.shown(population.previous, by, key, figure(row, False)),
            )
        )
    return MeasureReport(
        measure=measure,
        period=period,
        previous_period=previous,
        threshold=suppression.min_group(),
        by=by,
        total=population.shown(population.current, by, None, figure(totals, True)),
        previous_total=population.shown(population.previous, by, None, figure(totals, False)),
        slices=slices,
        weekly=_weekly(measure, period, population.weeks, weeks),
    )


def _weekly(
    measure: Measure, period: Period, partition: suppression.Partition, values: dict[date, dict]
) -> list:
    """The figure of each week (by its Monday) of the period, overall; weeks with too few
    people are pooled and hidden together. Return rates have no weekly series (yet)."""
    if measure.source == Source.RETURNING:
        return []
    series = []
    week = _monday(period.first)
    while week <= period.last:
        row = values.get(week, {})
        value = _figure(measure, row.get("v"), row.get("b"), row.get("vb"))
        series.append((week, _shown(partition, [(week,)], value)))
        week += timedelta(days=7)
    return series


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _measure(key: str) -> Measure:
    if not measures.exists(key):
        raise BadQuery(_("There is no measure called “%(key)s”.") % {"key": key})
    return measures.get(key)


def _dimension(by: str) -> str:
    if by not in DIMENSIONS:
        raise BadQuery(_("Figures can be split by department, level or location only."))
    return by


def measure_report(key: str, period: Period, *, by: str = "department") -> MeasureReport:
    """One measure for `period` and the one before, in total, by `by` and per week."""
    return measure_reports([key], period, by=by)[0]


def measure_reports(
    keys: list[str], period: Period, *, by: str = "department"
) -> list[MeasureReport]:
    """Several measures at once, in a fixed number of queries however many measures: who
    was active (one query: whole months, weeks and end days) and per week (two), the
    slices' names (one), and for measures summed over days, their months and the rest of
    the periods (one) and their days' totals (one)."""
    chosen = [_measure(key) for key in keys]
    by = _dimension(by)
    previous = period.previous()
    windows = [period, previous]
    if any(measure.source == Source.RETURNING for measure in chosen):
        windows.append(previous.previous())
    names = _slice_names()
    people = _People.read(windows, names)
    per_week = _people_per_week(period)
    population = _Population(
        suppression.pool(people.atoms(0)),
        suppression.pool(people.atoms(1)),
        suppression.pool({(week,): row.get("", 0) for week, row in per_week.items()}),
    )
    summed = [m.key for m in chosen if not (m.distinct_people or m.source == Source.NEW_PEOPLE)]
    tally = people.tally(by)
    if summed:
        sums = _event_sums(summed, period, previous, by)
        event_weeks = _event_weeks(summed, period)
    reports = []
    for measure in chosen:
        if measure.key in summed:
            by_slice = sums[measure.key]
            totals = {
                name: sum(row.get(name) or 0 for row in by_slice.values())
                for name in ("v", "b", "vb", "pv", "pb", "pvb")
            }
            weeks = event_weeks[measure.key]
        else:
            by_slice, totals = tally.figures(measure)
            weeks = {week: {"v": row.get(measure.key, 0)} for week, row in per_week.items()}
        reports.append(_report(measure, period, by, population, by_slice, totals, weeks))
    return reports


# --- A population against everyone else (pilots) -------------------------------------------


@dataclass(frozen=True)
class Population:
    """Some of the people: departments and locations as the ledger kept them (both given:
    the people in one of the departments *at* one of the locations), or/and people by id.

    People are matched on `person_id` (PersonMonth, PersonWeek and PersonDay know the
    person), so a list of people is exact for the measures counted in people; measures
    counted in events or from higher apps' tables are rolled up per slice, not per
    person, and are answered only for a population of departments and locations
    (`supports`).
    """

    departments: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    people: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.departments or self.locations or self.people)

    def _slices(self, prefix: str = "") -> Q | None:
        if not (self.departments or self.locations):
            return None
        q = Q()
        if self.departments:
            q &= Q(**{f"{prefix}department__in": self.departments})
        if self.locations:
            q &= Q(**{f"{prefix}location__in": self.locations})
        return q

    def q(self, prefix: str = "") -> Q:
        """The population's rows of PersonDay (or of DailyRollup, for a slice population);
        `prefix="slice__"` for the tables keyed on `Slice` (PersonMonth, PersonWeek)."""
        slices = self._slices(prefix)
        if not self.people:
            return slices if slices is not None else Q(pk__in=[])
        people = Q(person_id__in=self.people)
        return people if slices is None else slices | people

    def supports(self, measure: Measure) -> bool:
        if measure.source == Source.RETURNING:
            return False  # a return rate needs the period before each period: not here
        if measure.distinct_people or measure.source == Source.NEW_PEOPLE:
            return True
        return not self.people


@dataclass
class PopulationReport:
    """One measure for a population and for everyone else, over a period and per week;
    `inside`/`outside` are suppressed when either group is under the threshold."""

    measure: Measure
    period: Period
    threshold: int
    inside: Figure
    outside: Figure
    weekly: list[tuple[date, Figure, Figure]] = field(default_factory=list)


def _union_sql(columns: list[str], *querysets: QuerySet) -> tuple[str, list]:
    parts, params = [], []
    for n, queryset in enumerate(querysets):
        sql, more = queryset.query.get_compiler(queryset.db).as_sql()
        names = ", ".join(f"p{n}.{connections[queryset.db].ops.quote_name(c)}" for c in columns)
        # The ORM compiled the SQL (parameters kept apart) and the names are quoted.
        parts.append(f"SELECT {names} FROM ({sql}) p{n}")  # noqa: S608
        params.extend(more)
    return " UNION ALL ".join(parts), params


def _inside(population: Population, prefix: str = ""):
    """1 for a row of the population, else 0 (an expression)."""
    if population.empty:
        return Value(0)
    return Case(When(population.q(prefix), then=Value(1)), default=Value(0))


def _people_rows(model, where: Q, population: Population, prefix: str, *extra: str) -> QuerySet:
    return (
        model.objects.filter(where)
        .annotate(inside=_inside(population, prefix), mask=F("verbs") + rollups.first_flag())
        .values("person_id", "inside", "mask", *extra)
        .order_by()
    )


def _distinct_people(
    population: Population, period: Period, wanted: dict[str, int]
) -> tuple[dict[str, dict], dict[date, dict[str, dict]]]:
    """Distinct people in and out of the population with any of the bits of each of
    `wanted` ("" for everyone active), over the period and per week: two queries. The
    period is read as whole months, weeks and end days (`_Split`), the weeks as whole
    weeks and the days of the part weeks at the ends (`_Weeks`); the database counts
    each person once over the parts (COUNT DISTINCT over a UNION ALL)."""
    split, weeks = _Split.of(period), _Weeks.of(period)
    counts = []
    for n, bits in enumerate(wanted.values()):
        for side, flag in (("i", 1), ("o", 0)):
            counts.append(
                f"COUNT(DISTINCT CASE WHEN u.inside = {flag} AND (u.mask & {int(bits)}) <> 0 "
                f"THEN u.person_id END) AS {side}{n}"
            )
    columns = ["person_id", "inside", "mask"]
    union, params = _union_sql(
        columns,
        _people_rows(PersonMonth, split.months, population, "slice__"),
        _people_rows(PersonWeek, split.weeks, population, "slice__"),
        _people_rows(PersonDay, split.days, population, ""),
    )
    keys = list(wanted)

    def read(row) -> dict[str, dict]:
        return {
            key: {"inside": row[2 * n] or 0, "outside": row[2 * n + 1] or 0}
            for n, key in enumerate(keys)
        }

    connection = connections[PersonDay.objects.db]
    with connection.cursor() as cursor:
        # Bits are ints from the measures; the rest is the ORM's, parameters apart.
        cursor.execute(f"SELECT {', '.join(counts)} FROM ({union}) u", params)  # noqa: S608
        totals = read(cursor.fetchone())
        union, params = _union_sql(
            [*columns, "week"],
            _people_rows(PersonWeek, weeks.whole, population, "slice__", "week"),
            _people_rows(PersonDay, weeks.days, population, "", "week"),
        )
        cursor.execute(
            f"SELECT u.week, {', '.join(counts)} FROM ({union}) u GROUP BY u.week",  # noqa: S608
            params,
        )
        per_week = {}
        for week, *row in cursor.fetchall():
            if isinstance(week, str):  # SQLite returns the raw text of a union's column
                week = date.fromisoformat(week)
            per_week[week] = read(row)
    return totals, per_week


def _inside_outside(counts: dict) -> tuple[bool, bool]:
    """May each group be shown? The two groups make one population (the dashboard shows
    its total), so they are pooled by the suppression rule: a group under the threshold
    hides the other too, or the total minus the other would show it."""
    partition = suppression.pool({("in",): counts["inside"], ("out",): counts["outside"]})
    return partition.shows([("in",)]), partition.shows([("out",)])


def _event_sides(keys: list[str], population: Population, period: Period) -> dict[str, dict]:
    """Measures summed over days, in and out of a population of slices, per measure and
    day: one query for all of them (it runs, matching nothing, when there are none)."""
    # Events are rolled up per slice: a list of people has no rows here (`supports`).
    slices = population._slices()
    inside = slices if slices is not None else Q(pk__in=[])
    counts = {
        "iv": Sum("value", filter=inside),
        "ib": Sum("base", filter=inside),
        "ivb": Sum(F("value") * F("base"), filter=inside),
        "ov": Sum("value", filter=~inside),
        "ob": Sum("base", filter=~inside),
        "ovb": Sum(F("value") * F("base"), filter=~inside),
    }
    found: dict[str, dict] = {key: {"total": {}, "weeks": {}} for key in keys}
    rows = (
        DailyRollup.objects.filter(_between(period), measure__in=keys or [""])
        .values("measure", "day")
        .annotate(**counts)
        .order_by()
    )
    for row in rows:
        cell = found[row["measure"]]
        week = cell["weeks"].setdefault(_monday(row["day"]), {})
        for name in counts:
            value = row[name] or 0
            week[name] = week.get(name, 0) + value
            cell["total"][name] = cell["total"].get(name, 0) + value
    return found


def population_figures(
    keys: list[str], population: Population, period: Period
) -> tuple[list[PopulationReport], dict[str, int]]:
    """Each measure for `population` and everyone else over `period`, in total and per
    week, and how many people in and out of it were active: three queries whatever the
    measures, the population or the length of the period (distinct people over the
    period, per week; the measures summed over days)."""
    chosen = [_measure(key) for key in keys]
    for measure in chosen:
        if not population.supports(measure):
            raise BadQuery(
                _("“%(measure)s” cannot be counted for this population.")
                % {"measure": measure.label}
            )
    people_measures = [m for m in chosen if m.distinct_people or m.source == Source.NEW_PEOPLE]
    wanted = {"": (1 << len(measures.VERB_ORDER)) - 1}
    for measure in people_measures:
        wanted[measure.key] = (
            rollups.FIRST_BIT
            if measure.source == Source.NEW_PEOPLE
            else measures.verbs_mask(measure.verbs)
        )
    totals, weeks = _distinct_people(population, period, wanted)
    summed = _event_sides([m.key for m in chosen if m not in people_measures], population, period)
    show_in, show_out = _inside_outside(totals[""])
    shown_weeks = {week: _inside_outside(row[""]) for week, row in weeks.items()}
    reports = []
    for measure in chosen:
        if measure in people_measures:

            def people(counts: dict, key=measure.key) -> dict:
                row = counts.get(key, {})
                return {"iv": row.get("inside", 0), "ov": row.get("outside", 0)}

            total = people(totals)
            by_week = {week: people(row) for week, row in weeks.items()}
        else:
            total, by_week = summed[measure.key]["total"], summed[measure.key]["weeks"]

        def figures(row: dict, shown: tuple[bool, bool], measure=measure) -> tuple[Figure, Figure]:
            result = []
            for prefix, show in zip(("i", "o"), shown, strict=True):
                value = _figure(
                    measure, row.get(f"{prefix}v"), row.get(f"{prefix}b"), row.get(f"{prefix}vb")
                )
                result.append(Figure(value) if show else Figure(None, suppressed=True))
            return result[0], result[1]

        weekly = []
        week = _monday(period.first)
        while week <= period.last:
            shown = shown_weeks.get(week, (True, True))  # nobody active: zeros reveal nobody
            weekly.append((week, *figures(by_week.get(week, {}), shown)))
            week += timedelta(days=7)
        now_in, now_out = figures(total, (show_in, show_out))
        reports.append(
            PopulationReport(
                measure=measure,
                period=period,
                threshold=suppression.min_group(),
                inside=now_in,
                outside=now_out,
                weekly=weekly,
            )
        )
    return reports, totals[""]


def population_reports(
    keys: list[str], population: Population, period: Period
) -> list[PopulationReport]:
    """Each measure for `population` and everyone else over `period` (three queries)."""
    return population_figures(keys, population, period)[0]


def population_activity(population: Population, period: Period) -> dict[str, int]:
    """How many people of the population, and outside it, were active in the period (for
    "nothing yet" and the suppression note; the counts themselves are not shown)."""
    return _distinct_people(population, period, {"": (1 << len(measures.VERB_ORDER)) - 1})[0][""]
