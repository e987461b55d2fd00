"""What the dashboard asks: a measure for a period and the one before, in total, by slice
(department, level or location) and week by week. Reads the rollups only (`DailyRollup`,
`PersonDay`), in a fixed number of queries whatever the period or the data: two for the
population that decides suppression (by slice, by week), then two or three per measure.

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

from django.db.models import Count, F, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from insights import measures, suppression
from insights.measures import Measure, Source, Unit
from insights.models import DailyRollup, PersonDay

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
        return [atom for atom in partition.atom_size if atom[index] == key]


def _between(period: Period, prefix: str = "") -> Q:
    return Q(**{f"{prefix}day__gte": period.first, f"{prefix}day__lte": period.last})


def _population(period: Period, previous: Period) -> _Population:
    rows = (
        PersonDay.objects.filter(day__gte=previous.first, day__lte=period.last)
        .values(*DIMENSIONS)
        .annotate(
            now=Count("person_id", distinct=True, filter=_between(period)),
            before=Count("person_id", distinct=True, filter=_between(previous)),
        )
        .order_by()
    )
    now, before = {}, {}
    for row in rows:
        atom = tuple(row[name] for name in DIMENSIONS)
        now[atom], before[atom] = row["now"], row["before"]
    weeks = (
        PersonDay.objects.filter(_between(period))
        .values("week")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    return _Population(
        suppression.pool(now),
        suppression.pool(before),
        suppression.pool({(row["week"],): row["n"] for row in weeks}),
    )


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


def _sums(measure: Measure, period: Period, previous: Period) -> dict:
    """Aggregates of rollup rows for both periods (value, base; value x base for medians)."""
    now, before = _between(period), _between(previous)
    sums = {
        "v": Sum("value", filter=now),
        "b": Sum("base", filter=now),
        "pv": Sum("value", filter=before),
        "pb": Sum("base", filter=before),
    }
    if measure.unit == Unit.MEDIAN_DURATION:
        sums["vb"] = Sum(F("value") * F("base"), filter=now)
        sums["pvb"] = Sum(F("value") * F("base"), filter=before)
    return sums


def _distinct(measure: Measure, period: Period, previous: Period, earlier: Period) -> dict:
    """Distinct-people aggregates over PersonDay for both periods."""
    if measure.source == Source.RETURNING:
        # Of the people of a period, those active again in the next one.
        again_now = PersonDay.objects.filter(_between(period)).values("person_id").distinct()
        again_before = PersonDay.objects.filter(_between(previous)).values("person_id").distinct()
        return {
            "v": Count(
                "person_id",
                distinct=True,
                filter=_between(previous) & Q(person_id__in=Subquery(again_now)),
            ),
            "b": Count("person_id", distinct=True, filter=_between(previous)),
            "pv": Count(
                "person_id",
                distinct=True,
                filter=_between(earlier) & Q(person_id__in=Subquery(again_before)),
            ),
            "pb": Count("person_id", distinct=True, filter=_between(earlier)),
        }
    return {
        "v": Count("person_id", distinct=True, filter=_between(period)),
        "pv": Count("person_id", distinct=True, filter=_between(previous)),
    }


def _report(measure: Measure, period: Period, by: str, population: _Population) -> MeasureReport:
    previous = period.previous()
    earlier = previous.previous()
    if measure.distinct_people or measure.source == Source.NEW_PEOPLE:
        first = earlier.first if measure.source == Source.RETURNING else previous.first
        rows = _people(measure).filter(day__gte=first, day__lte=period.last)
        aggregates = _distinct(measure, period, previous, earlier)
        by_slice = list(rows.values(by).annotate(**aggregates))
        totals = rows.aggregate(**aggregates)
    else:
        rows = DailyRollup.objects.filter(
            measure=measure.key, day__gte=previous.first, day__lte=period.last
        ).order_by()
        aggregates = _sums(measure, period, previous)
        by_slice = list(rows.values(by).annotate(**aggregates))
        totals = {name: sum(row[name] or 0 for row in by_slice) for name in aggregates}

    def figure(row: dict, now: bool) -> float | None:
        prefix = "" if now else "p"
        return _figure(
            measure, row.get(f"{prefix}v"), row.get(f"{prefix}b"), row.get(f"{prefix}vb")
        )

    slices = []
    for row in sorted(by_slice, key=lambda row: str(row[by])):
        key = row[by]
        slices.append(
            SliceFigure(
                key=key,
                label=str(key or suppression.NOT_SET_LABEL),
                current=_shown(
                    population.current,
                    population.atoms(population.current, by, key),
                    figure(row, True),
                ),
                previous=_shown(
                    population.previous,
                    population.atoms(population.previous, by, key),
                    figure(row, False),
                ),
            )
        )
    return MeasureReport(
        measure=measure,
        period=period,
        previous_period=previous,
        threshold=suppression.min_group(),
        by=by,
        total=_shown(population.current, list(population.current.atom_size), figure(totals, True)),
        previous_total=_shown(
            population.previous, list(population.previous.atom_size), figure(totals, False)
        ),
        slices=slices,
        weekly=_weekly(measure, period, population.weeks),
    )


def _weekly(measure: Measure, period: Period, weeks: suppression.Partition) -> list:
    """The figure of each week (by its Monday) of the period, overall; weeks with too few
    people are pooled and hidden together. Return rates have no weekly series (yet)."""
    if measure.source == Source.RETURNING:
        return []
    values: dict[date, dict] = {}
    if measure.distinct_people or measure.source == Source.NEW_PEOPLE:
        rows = _people(measure).filter(_between(period)).values("week")
        for row in rows.annotate(v=Count("person_id", distinct=True)):
            values[row["week"]] = row
    else:
        sums = {"v": Sum("value"), "b": Sum("base")}
        if measure.unit == Unit.MEDIAN_DURATION:
            sums["vb"] = Sum(F("value") * F("base"))
        days = DailyRollup.objects.filter(_between(period), measure=measure.key).order_by()
        for row in days.values("day").annotate(**sums):  # a year is 366 rows at most
            week = values.setdefault(_monday(row["day"]), {})
            for name in sums:
                week[name] = (week.get(name) or 0) + (row[name] or 0)
    series = []
    week = _monday(period.first)
    while week <= period.last:
        row = values.get(week, {})
        value = _figure(measure, row.get("v"), row.get("b"), row.get("vb"))
        series.append((week, _shown(weeks, [(week,)], value)))
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
    """Several measures at once: two population queries, then two or three per measure."""
    chosen = [_measure(key) for key in keys]
    by = _dimension(by)
    population = _population(period, period.previous())
    return [_report(measure, period, by, population) for measure in chosen]


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
