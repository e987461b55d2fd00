"""Findability, measured from search's own log (registered with insights from
`SearchConfig.ready`). "Searches" itself is the ledger's (the `searched` verb, recorded
once per query by the search view).

The log keeps the searcher's department only (no level, no location, no person), so these
split by department. A click counts for the no-click rate when it happened on the day of
the search: a finished day's figure never changes afterwards, so rebuilding the rollups
from scratch gives what the nightly job gave.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from insights import measures, toplists
from insights.external import count_rows
from insights.measures import Measure, Row, Source, Unit
from insights.toplists import Column, TopList, TopRow
from search.models import SearchClick, SearchFeedback, SearchLog

SECTION = "findability"


def _logs(first: date, last: date):
    return SearchLog.objects.filter(searched_on__gte=first, searched_on__lte=last).order_by()


def zero_result_rows(first: date, last: date) -> list[Row]:
    rows = (
        _logs(first, last)
        .values("searched_on", "department")
        .annotate(value=Count("pk", filter=Q(results=0)), base=Count("pk"))
    )
    return count_rows(
        (row["searched_on"], (row["department"], "", ""), row["value"], row["base"]) for row in rows
    )


def no_click_rows(first: date, last: date) -> list[Row]:
    clicked = Exists(
        SearchClick.objects.filter(search=OuterRef("token"), clicked_on=OuterRef("searched_on"))
    )
    rows = (
        _logs(first, last)
        .filter(results__gt=0)
        .values("searched_on", "department")
        .annotate(value=Count("pk", filter=~Q(clicked)), base=Count("pk"))
    )
    return count_rows(
        (row["searched_on"], (row["department"], "", ""), row["value"], row["base"]) for row in rows
    )


def helpful_rows(first: date, last: date) -> list[Row]:
    """Answers to "Was this helpful?" given on each day (the last answer of a search
    counts, on the day it was given), by the department of the search."""
    department = SearchLog.objects.filter(token=OuterRef("search")).values("department")[:1]
    rows = (
        SearchFeedback.objects.filter(answered_on__gte=first, answered_on__lte=last)
        .annotate(department=Subquery(department))
        .values("answered_on", "department")
        .annotate(value=Count("pk", filter=Q(helpful=True)), base=Count("pk"))
        .order_by()
    )
    return count_rows(
        (row["answered_on"], (row["department"] or "", "", ""), row["value"], row["base"])
        for row in rows
    )


def failed_query_rows(first: date, last: date, min_people: int, limit: int) -> list[TopRow]:
    """Queries that found nothing, most often first, typed by at least `min_people`
    different people (searches logged without a fingerprint never count as anyone)."""
    rows = (
        _logs(first, last)
        .filter(results=0)
        .exclude(searcher="")
        .values("query")
        .annotate(people=Count("searcher", distinct=True), searches=Count("pk"))
        .filter(people__gte=min_people)
        .order_by("-searches", "query")[:limit]
    )
    return [
        TopRow(label=row["query"], people=row["people"], values={"searches": row["searches"]})
        for row in rows
    ]


def register() -> None:
    for measure in (
        Measure(
            "zero_result_rate",
            _("Searches with no results"),
            Unit.SHARE,
            Source.EXTERNAL,
            rows=zero_result_rows,
            help_text=_("The share of searches that found nothing."),
            section=SECTION,
        ),
        Measure(
            "no_click_rate",
            _("Searches with no click"),
            Unit.SHARE,
            Source.EXTERNAL,
            rows=no_click_rows,
            help_text=_(
                "Of the searches that found something, the share whose results nobody opened."
            ),
            section=SECTION,
        ),
        Measure(
            "search_helpful",
            _("Searches found helpful"),
            Unit.SHARE,
            Source.EXTERNAL,
            rows=helpful_rows,
            help_text=_(
                "Of the answers to “Was this helpful?” under search results, the share of “yes”."
            ),
            section=SECTION,
        ),
    ):
        measures.register(measure)
    toplists.register(
        TopList(
            "failed_searches",
            _("Top failed searches"),
            (Column("searches", _("Searches")),),
            rows=failed_query_rows,
            help_text=_(
                "Queries that found nothing; a query typed by fewer people than the "
                "threshold is never listed."
            ),
            section=SECTION,
        )
    )
