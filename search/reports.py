"""The search analytics report in Wagtail's admin: the content team's to-do list.

Top queries, queries that found nothing, queries whose results nobody opened, answers to
"Was this helpful?" and searches per day, each exportable as CSV or Excel.
"""

import datetime

import django_filters
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from core.reports import RestrictedReportView
from search.models import SearchClick, SearchFeedback, SearchLog

KINDS = [
    ("top", _("Top queries")),
    ("no_results", _("Queries with no results")),
    ("no_clicks", _("Queries with no clicks")),
    ("trend", _("Searches per day")),
]
PERIODS = [
    ("7", _("Past 7 days")),
    ("30", _("Past 30 days")),
    ("90", _("Past 90 days")),
    ("365", _("Past year")),
]


def may_read_search_analytics(user) -> bool:
    return user.is_superuser or user.has_perm("wagtailsearchpromotions.change_query")


class SearchReportFilterSet(WagtailFilterSet):
    report = django_filters.ChoiceFilter(
        label=_("Report"), choices=KINDS, empty_label=None, method="keep"
    )
    days = django_filters.ChoiceFilter(
        label=_("Period"), choices=PERIODS, empty_label=None, method="keep"
    )

    class Meta:
        model = SearchLog
        fields = ["report", "days"]

    def keep(self, queryset, name, value):
        return queryset  # the view shapes the query from both values


def search_report_rows(kind: str, days: int):
    """The rows of one report: dictionaries, newest or biggest first."""
    logs = SearchLog.objects.since(timezone.localdate() - datetime.timedelta(days=days))
    if kind == "trend":
        return (
            logs.values("searched_on")
            .annotate(
                searches=Count("pk"),
                no_results=Count("pk", filter=Q(results=0)),
                clicked=Count(
                    "pk", filter=Q(Exists(SearchClick.objects.filter(search=OuterRef("token"))))
                ),
            )
            .order_by("-searched_on")
        )
    clicked = Exists(SearchClick.objects.filter(search=OuterRef("token")))
    if kind == "no_results":
        logs = logs.filter(results=0)
    elif kind == "no_clicks":
        logs = logs.filter(results__gt=0).exclude(clicked)
    return (
        logs.values("query")
        .annotate(
            searches=Count("pk"),
            clicks=Count("pk", filter=Q(clicked)),
            helpful=Count(
                "pk",
                filter=Q(
                    Exists(SearchFeedback.objects.filter(search=OuterRef("token"), helpful=True))
                ),
            ),
            unhelpful=Count(
                "pk",
                filter=Q(
                    Exists(SearchFeedback.objects.filter(search=OuterRef("token"), helpful=False))
                ),
            ),
        )
        .order_by("-searches", "query")
    )


class SearchAnalyticsReportView(RestrictedReportView):
    page_title = _("Search analytics")
    header_icon = "search"
    results_template_name = "search/admin/report_results.html"
    filterset_class = SearchReportFilterSet
    index_url_name = "search_analytics"
    index_results_url_name = "search_analytics_results"
    export_filename = "search-analytics"
    may_see = staticmethod(may_read_search_analytics)
    # A 403 with the reason, not Wagtail's redirect to the dashboard: the insights dashboard
    # links here only for those who may read it, and anyone else typing the address is told.
    denied_message = _("Only the people who manage search promotions see the search analytics.")

    @property
    def kind(self) -> str:
        value = self.request.GET.get("report", "top")
        return value if value in dict(KINDS) else "top"

    @property
    def days(self) -> int:
        value = self.request.GET.get("days", "30")
        return int(value) if value in dict(PERIODS) else 30

    @property
    def list_export(self):
        if self.kind == "trend":
            return ["searched_on", "searches", "no_results", "clicked"]
        return ["query", "searches", "clicks", "helpful", "unhelpful"]

    export_headings = {
        "searched_on": _("Date"),
        "searches": _("Searches"),
        "no_results": _("With no results"),
        "clicked": _("With a click"),
        "query": _("Query"),
        "clicks": _("With a click"),
        "helpful": _("Helpful"),
        "unhelpful": _("Not helpful"),
    }

    def get_queryset(self):
        return SearchLog.objects.all()

    def get_filtered_queryset(self):
        self.filter_queryset(self.get_queryset())  # builds the filter form
        return search_report_rows(self.kind, self.days)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["kind"] = self.kind
        context["report_title"] = dict(KINDS)[self.kind]
        return context
