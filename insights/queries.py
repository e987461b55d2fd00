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
