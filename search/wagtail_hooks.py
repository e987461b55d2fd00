from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.reports import register_report
from search.models import Synonym
from search.reports import SearchAnalyticsReportView


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


register_report(
    SearchAnalyticsReportView,
    "search",
    label=_("Search analytics"),
    name="search-analytics",
    order=1300,
)
