"""A pilot's figures kept to its scope: the ledger's measures counted over the events that
happened in the spaces and communities it chose (`ActivityEvent.space`, `.community`,
recorded with each event by `insights.scopes`).

The rollups are per slice, not per space, so these read the ledger itself, restricted to
the scope's days (an index on space and day, and on community and day): two queries a
period whatever the number of spaces, measures or weeks (the period's figures; the same
per week). bench/bench_rollups.py --scoped times it against the rollups' answer.
Measures from higher apps' tables (verified %, zero-result searches…) and new people are
not about a place: the report shows them for the whole company and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek

from insights import measures, suppression
from insights.measures import Measure, Source, Unit
from insights.models import ActivityEvent
from insights.queries import Figure, Period, Population, PopulationReport

LIMITED = (Source.EVENTS, Source.PEOPLE, Source.SHARE_OF_EVENTS)
EVERYONE = ""  # the active people, for the suppression of each side


def can_limit(measure: Measure) -> bool:
    """May `measure` be kept to a scope (counted from the ledger's events)?"""
    return measure.source in LIMITED


def in_scope(scope: Sequence[int]) -> Q:
    return Q(space_id__in=scope) | Q(community_id__in=scope)


def _members(population: Population) -> Q:
    """The population's events: its departments at its locations (as the ledger kept them
    when each event happened), or its people."""
    found = Q(pk__in=[])
    if population.departments or population.locations:
        slices = Q()
        if population.departments:
            slices &= Q(actor_department__in=population.departments)
        if population.locations:
            slices &= Q(actor_location__in=population.locations)
        found |= slices
    if population.people:
        found |= Q(actor_id__in=population.people)
    return found


def _counts(chosen: list[Measure], inside: Q) -> dict:
    """One aggregate per measure, side and part (v: value, b: base)."""
    every_verb = Q(verb__in=measures.VERB_ORDER)
    counts = {}
    for side, where in (("i", inside), ("o", ~inside)):
        counts[f"{side}_{EVERYONE}"] = Count("actor_id", distinct=True, filter=where & every_verb)
        for measure in chosen:
            verbs = where & Q(verb__in=measure.verbs)
            key = f"{side}_{measure.key}"
            if measure.source == Source.PEOPLE:
                counts[f"{key}_v"] = Count("actor_id", distinct=True, filter=verbs)
            elif measure.source == Source.EVENTS:
                counts[f"{key}_v"] = Count("pk", filter=verbs)
            else:  # a share of events: by people who are not editors, of all of them
                counts[f"{key}_v"] = Count("pk", filter=verbs & Q(actor_is_editor=False))
                counts[f"{key}_b"] = Count("pk", filter=verbs)
    return counts


def _value(measure: Measure, row: dict, side: str) -> float | None:
    value = row.get(f"{side}_{measure.key}_v") or 0
    if measure.unit == Unit.SHARE:
        base = row.get(f"{side}_{measure.key}_b") or 0
        return 100.0 * value / base if base else None
    return float(value)


def _shown(row: dict) -> tuple[bool, bool]:
    """The two sides are one population (as `insights.queries` pools them): a side under
    the threshold hides the other too."""
    sizes = {("in",): row.get(f"i_{EVERYONE}") or 0, ("out",): row.get(f"o_{EVERYONE}") or 0}
    partition = suppression.pool(sizes)
    return partition.shows([("in",)]), partition.shows([("out",)])


def _figures(measure: Measure, row: dict, shown: tuple[bool, bool]) -> tuple[Figure, Figure]:
    inside, outside = (
        Figure(_value(measure, row, side)) if show else Figure(None, suppressed=True)
        for side, show in zip(("i", "o"), shown, strict=True)
    )
    return inside, outside


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def population_figures(
    keys: list[str], population: Population, period: Period, scope: Sequence[int]
) -> tuple[list[PopulationReport], dict[str, int]]:
    """Each measure (`can_limit`) for `population` and everyone else, over the events in
    `scope` (page ids of spaces and communities) during `period`, in total and per week,
    and how many people in and out of it were active there: two queries."""
    chosen = [measures.get(key) for key in keys]
    if any(not can_limit(measure) for measure in chosen):
        raise ValueError("Only ledger measures of events and people can keep to a scope.")
    events = ActivityEvent.objects.filter(
        in_scope(scope), day__gte=period.first, day__lte=period.last
    ).order_by()
    counts = _counts(chosen, _members(population))
    total = events.aggregate(**counts)
    weeks = {}
    for row in events.annotate(week=TruncWeek("day")).values("week").annotate(**counts):
        week = row.pop("week")
        weeks[_monday(week.date() if isinstance(week, datetime) else week)] = row
    reports = []
    threshold = suppression.min_group()
    for measure in chosen:
        weekly = []
        week = _monday(period.first)
        while week <= period.last:
            row = weeks.get(week, {})
            weekly.append((week, *_figures(measure, row, _shown(row))))
            week += timedelta(days=7)
        inside, outside = _figures(measure, total, _shown(total))
        reports.append(
            PopulationReport(
                measure=measure,
                period=period,
                threshold=threshold,
                inside=inside,
                outside=outside,
                weekly=weekly,
            )
        )
    active = {"inside": total[f"i_{EVERYONE}"] or 0, "outside": total[f"o_{EVERYONE}"] or 0}
    return reports, active
