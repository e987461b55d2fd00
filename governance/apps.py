from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # Connecting receivers: the review cycle's dates, workflow notifications, and
        # guests' sign-ins (the middleware module's user_logged_in receiver).
        from governance.guests import middleware  # noqa: F401
        from governance.review import services as review_services
        from governance.review import signals as review_signals  # noqa: F401
        from governance.workflows import signals as workflow_signals  # noqa: F401
        from insights.dashboard import links as dashboard_links

        # Knowledge health on the insights dashboard links to the stale content report,
        # filtered, for the people who may open it (administrators, communications, owners).
        may_see = review_services.can_view_report
        for key, status in (("stale_pages", "stale"), ("review_due", "overdue")):
            dashboard_links.register(
                key, "knowledge_stale_report", may_see, query={"status": status}
            )
