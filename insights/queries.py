"""What the dashboard asks: a measure for a period and the one before, in total, by slice
(department, level or location) and week by week. Reads the rollups only, in a fixed
number of queries whatever the period, the data or the number of measures: a period is
split into whole months (`PersonMonth`, `MonthlyRollup`), whole weeks (`WeekPeople`) and
the days at its ends (`PersonDay`, `DailyRollup`); who was active per person and slice
(two queries) gives every distinct-people figure and the suppression blocks, the weeks'
people two more, the slices' names one, and the measures summed over days three
(months, end days, `DayTotal`). Pilots' population reports still read `PersonDay`.

Small groups are suppressed with the vision-feedback rule (`insights.suppression`): the
people active in a period are split into atoms (department x level x location) and pooled
into blocks of at least `min_group()`; a slice is shown only when it is made of whole
blocks, and weeks are pooled the same way. Any sum or difference of shown figures is then
a figure about whole blocks, so subtracting shown slices from the total never isolates a
group under the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connections
from django.db.models import Count, F, Q, QuerySet, Sum
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
NEVER_DAY = Q(day__isnull=True)


@dataclass(frozen=True)
class _Split:
    """A period as whole months (PersonMonth, MonthlyRollup) and the days at its ends
    (PersonDay, DailyRollup): a year reads about twelve month rows per person or cell and
    the days of two part months at most. Empty parts are filters that match nothing (the
    query still runs, so the count of queries does not depend on the dates)."""

    months: Q
    days: Q

    @classmethod
    def of(cls, period: Period) -> _Split:
        first = rollups.month_of(period.first)
        if first < period.first:
            first = rollups.month_of(first + timedelta(days=32))
        last = rollups.month_of(period.last)
        if rollups.month_end(last) > period.last:
            last = rollups.month_of(last - timedelta(days=1))
        if first > last:
            return cls(NEVER_MONTH, _between(period))
        days = NEVER_DAY
        if period.first < first:
            days |= _between(Period(period.first, first - timedelta(days=1)))
        if rollups.month_end(last) < period.last:
            days |= _between(Period(rollups.month_end(last) + timedelta(days=1), period.last))
        return cls(Q(month__gte=first, month__lte=last), days)


@dataclass
class _People:
    """Who was active in each of some periods (`windows`: the current one, the one
    before, and the one before that when a return rate asks), per person and slice: the
    verbs OR-ed over each window, with `rollups.FIRST_BIT` for a first day. Read in two
    queries (whole months, end days) whatever the number of measures; every
    distinct-people figure and the suppression blocks are counted from it."""

    masks: dict[tuple[int, tuple], list[int]]

    @classmethod
    def read(cls, windows: list[Period], names: dict[int, tuple]) -> _People:
        splits = [_Split.of(window) for window in windows]
        months_q, days_q = NEVER_MONTH, NEVER_DAY
        for split in splits:
            months_q |= split.months
            days_q |= split.days
        mask = F("verbs") + rollups.first_flag()
        by_month = (
            PersonMonth.objects.filter(months_q)
            .values("person_id", "slice_id")
            .annotate(
                **{f"w{i}": BitOr(mask, filter=split.months) for i, split in enumerate(splits)}
            )
            .order_by()
        )
        by_day = (
            PersonDay.objects.filter(days_q)
            .values("person_id", *DIMENSIONS)
            .annotate(**{f"w{i}": BitOr(mask, filter=split.days) for i, split in enumerate(splits)})
            .order_by()
        )
        masks: dict[tuple[int, tuple], list[int]] = {}
        for person, slice_id, *found in _tuples(by_month):
            masks[(person, names[slice_id])] = [mask or 0 for mask in found]
        for person, department, level, location, *found in _tuples(by_day):
            key = (person, (department, level, location))
            known = masks.get(key)
            masks[key] = (
                [mask or 0 for mask in found]
                if known is None
                else [a | (b or 0) for a, b in zip(known, found, strict=True)]
            )
        return cls(masks)

    def atoms(self, window: int) -> dict[tuple, int]:
        """People active in the window per atom (department x level x location)."""
        sizes: dict[tuple, int] = {}
        for (_person, atom), found in self.masks.items():
            if found[window]:
                sizes[atom] = sizes.get(atom, 0) + 1
        return sizes

    def tally(self, by: str) -> _Tally:
        """Each person's masks OR-ed per slice of `by` and over everything, once for every
        measure (a person who moved counts once in each slice and once in the total)."""
        index = DIMENSIONS.index(by)
        anywhere: dict[int, list[int]] = {}
        in_slice: dict[tuple[int, str], list[int]] = {}
        for (person, atom), found in self.masks.items():
            total = anywhere.get(person)
            anywhere[person] = found if total is None else _or(total, found)
            key = (person, atom[index])
            mine = in_slice.get(key)
            in_slice[key] = found if mine is None else _or(mine, found)
        return _Tally(in_slice, anywhere)


def _or(masks: list[int], more: list[int]) -> list[int]:
    return [a | b for a, b in zip(masks, more, strict=True)]


@dataclass
class _Tally:
    in_slice: dict[tuple[int, str], list[int]]
    anywhere: dict[int, list[int]]

    def figures(self, measure: Measure) -> tuple[dict, dict]:
        """Per slice and in total: {"v", "pv"} (and "b", "pb" for return rates)."""
        by_slice: dict[str, dict] = {}
        if measure.source == Source.RETURNING:
            anywhere = self.anywhere
            for (person, key), (_now, before, earlier) in self.in_slice.items():
                row = by_slice.setdefault(key, {"v": 0, "b": 0, "pv": 0, "pb": 0})
                if before:
                    row["b"] += 1
                    row["v"] += bool(anywhere[person][0])
                if earlier:
                    row["pb"] += 1
                    row["pv"] += bool(anywhere[person][1])
            total = {"v": 0, "b": 0, "pv": 0, "pb": 0}
            for now, before, earlier in anywhere.values():
                if before:
                    total["b"] += 1
                    total["v"] += bool(now)
                if earlier:
                    total["pb"] += 1
                    total["pv"] += bool(before)
            return by_slice, total
        wanted = (
            rollups.FIRST_BIT
            if measure.source == Source.NEW_PEOPLE
            else measures.verbs_mask(measure.verbs)
        )
        for (_person, key), found in self.in_slice.items():
            now, before = found[0] & wanted, found[1] & wanted
            if now or before:
                row = by_slice.setdefault(key, {"v": 0, "pv": 0})
                row["v"] += bool(now)
                row["pv"] += bool(before)
        total = {"v": 0, "pv": 0}
        for found in self.anywhere.values():
            total["v"] += bool(found[0] & wanted)
            total["pv"] += bool(found[1] & wanted)
        return by_slice, total


def _tuples(queryset: QuerySet) -> list[tuple]:
    """The rows of a `values()` queryset as the driver returns them, in its column order:
    ids, names and masks only, so none of the ORM's per-value converters are needed (a
    year reads tens of thousands of rows; they were a quarter of its time)."""
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
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
        first = _monday(period.first)
        if first < period.first:
            first += timedelta(days=7)
        last = _monday(period.last)
        if last + timedelta(days=6) > period.last:
            last -= timedelta(days=7)
        if first > last:
            return cls(Q(week__isnull=True), _between(period))
        days = NEVER_DAY
        if period.first < first:
            days |= _between(Period(period.first, first - timedelta(days=1)))
        if last + timedelta(days=6) < period.last:
            days |= _between(Period(last + timedelta(days=7), period.last))
        return cls(Q(week__gte=first, week__lte=last), days)


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


def _people(measure: Measure) -> QuerySet:
    rows = PersonDay.objects.order_by()
    if measure.source == Source.NEW_PEOPLE:
        return rows.filter(first=True)
    if measure.source == Source.PEOPLE:
        mask = measures.verbs_mask(measure.verbs)
        return rows.alias(hit=F("verbs").bitand(mask)).exclude(hit=0)
    return rows


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


def _event_sums(keys: list[str], period: Period, previous: Period, by: str, names) -> dict:
    """Measures rolled up per slice and day (events, shares, higher apps' figures), both
    periods, per measure and slice of `by`: whole months from MonthlyRollup, the end days
    from DailyRollup; two queries for every such measure at once."""
    now, before = _Split.of(period), _Split.of(previous)
    found: dict[str, dict[str, dict]] = {key: {} for key in keys}

    def add(key: str, part: str, row: dict) -> None:
        cell = found[key].setdefault(part, {})
        for name in ("v", "b", "vb", "pv", "pb", "pvb"):
            cell[name] = (cell.get(name) or 0) + (row[name] or 0)

    months = (
        MonthlyRollup.objects.filter(now.months | before.months, measure__in=keys)
        .values("measure", "slice_id")
        .annotate(**_sums(now.months, before.months, monthly=True))
        .order_by()
    )
    index = DIMENSIONS.index(by)
    for row in months:
        add(row["measure"], names[row["slice_id"]][index], row)
    days = (
        DailyRollup.objects.filter(now.days | before.days, measure__in=keys)
        .values("measure", by)
        .annotate(**_sums(now.days, before.days))
        .order_by()
    )
    for row in days:
        add(row["measure"], row[by], row)
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
    was active (two queries, whole months and end days) and per week (two), the slices'
    names (one), and for measures summed over days, their months and end days (two) and
    their days' totals (one)."""
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
        sums = _event_sums(summed, period, previous, by, names)
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

    People are matched on `PersonDay.person_id`, so a list of people is exact for the
    measures counted in people (PersonDay knows the person); measures counted in events or
    from higher apps' tables are rolled up per slice, not per person, and are answered
    only for a population of departments and locations (`supports`).
    """

    departments: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    people: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.departments or self.locations or self.people)

    def _slices(self) -> Q | None:
        if not (self.departments or self.locations):
            return None
        q = Q()
        if self.departments:
            q &= Q(department__in=self.departments)
        if self.locations:
            q &= Q(location__in=self.locations)
        return q

    def q(self) -> Q:
        """The population's rows of PersonDay (or of DailyRollup, for a slice population)."""
        slices = self._slices()
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


def _two_groups(population: Population, period: Period) -> tuple[dict, dict]:
    """Distinct people in and out of the population: over the period, and per week."""
    inside = population.q()
    rows = (
        PersonDay.objects.filter(_between(period))
        .values("week")
        .annotate(
            inside=Count("person_id", distinct=True, filter=inside),
            outside=Count("person_id", distinct=True, filter=~inside),
        )
        .order_by()
    )
    totals = PersonDay.objects.filter(_between(period)).aggregate(
        inside=Count("person_id", distinct=True, filter=inside),
        outside=Count("person_id", distinct=True, filter=~inside),
    )
    return totals, {row["week"]: row for row in rows}


def _inside_outside(counts: dict) -> tuple[bool, bool]:
    """May each group be shown? The two groups make one population (the dashboard shows
    its total), so they are pooled by the suppression rule: a group under the threshold
    hides the other too, or the total minus the other would show it."""
    partition = suppression.pool({("in",): counts["inside"], ("out",): counts["outside"]})
    return partition.shows([("in",)]), partition.shows([("out",)])


def population_reports(
    keys: list[str], population: Population, period: Period
) -> list[PopulationReport]:
    """Each measure for `population` and everyone else over `period`, in total and per
    week: two queries for who was active, then two per measure."""
    chosen = [_measure(key) for key in keys]
    for measure in chosen:
        if not population.supports(measure):
            raise BadQuery(
                _("“%(measure)s” cannot be counted for this population.")
                % {"measure": measure.label}
            )
    totals, weeks = _two_groups(population, period)
    show_in, show_out = _inside_outside(totals)
    shown_weeks = {week: _inside_outside(row) for week, row in weeks.items()}
    inside = population.q()
    reports = []
    for measure in chosen:
        if measure.distinct_people or measure.source == Source.NEW_PEOPLE:
            rows = _people(measure).filter(_between(period))
            counts = {
                "iv": Count("person_id", distinct=True, filter=inside),
                "ov": Count("person_id", distinct=True, filter=~inside),
            }
        else:
            rows = DailyRollup.objects.filter(_between(period), measure=measure.key).order_by()
            counts = {
                "iv": Sum("value", filter=inside),
                "ib": Sum("base", filter=inside),
                "ov": Sum("value", filter=~inside),
                "ob": Sum("base", filter=~inside),
            }
            if measure.unit == Unit.MEDIAN_DURATION:
                counts["ivb"] = Sum(F("value") * F("base"), filter=inside)
                counts["ovb"] = Sum(F("value") * F("base"), filter=~inside)
        total = rows.aggregate(**counts)
        if measure.distinct_people or measure.source == Source.NEW_PEOPLE:
            by_week = {row["week"]: row for row in rows.values("week").annotate(**counts)}
        else:
            by_week = {}
            for row in rows.values("day").annotate(**counts):  # a year is 366 rows at most
                week = by_week.setdefault(_monday(row["day"]), {})
                for name in counts:
                    week[name] = (week.get(name) or 0) + (row[name] or 0)

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
    return reports


def population_activity(population: Population, period: Period) -> dict[str, int]:
    """How many people of the population, and outside it, were active in the period (for
    "nothing yet" and the suppression note; the counts themselves are not shown)."""
    return _two_groups(population, period)[0]
