from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from community import experts as community_experts
        from insights.dashboard import links as dashboard_links
        from search import measures, signals, synonyms  # noqa: F401 - connect the signal handlers
        from search.experts import services as experts
        from search.reports import may_read_search_analytics

        community_experts.register(experts.expert_ids)  # question routing asks the finder
        measures.register()  # findability on the insights dashboard
        # The dashboard's "searches" links to the search analytics, for those who may read it.
        dashboard_links.register("searches", "search_analytics", may_read_search_analytics)
        for key, report in (("zero_result_rate", "no_results"), ("no_click_rate", "no_clicks")):
            dashboard_links.register(
                key, "search_analytics", may_read_search_analytics, query={"report": report}
            )
        dashboard_links.register("search_helpful", "search_analytics", may_read_search_analytics)
