from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import Synonym
from search.reports import SearchAnalyticsReportView, may_read_search_analytics


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    menu_name = "search-synonyms"
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["terms", "note"]
    search_fields = ["terms"]
    search_backend_name = None  # a small table: plain database filtering


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def register_search_report_urls():
    return [
        path(
            "reports/search/",
            SearchAnalyticsReportView.as_view(),
            name="search_analytics",
        ),
        path(
            "reports/search/results/",
            SearchAnalyticsReportView.as_view(results_only=True),
            name="search_analytics_results",
        ),
    ]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read_search_analytics(request.user)


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(
        _("Search analytics"),
        reverse("search_analytics"),
        name="search-analytics",
        icon_name="search",
        order=1300,
    )
