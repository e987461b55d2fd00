from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from insights import signals  # noqa: F401 - receivers connect once models are ready
        from insights.aggregates import register_sqlite_bit_or

        connection_created.connect(register_sqlite_bit_or, dispatch_uid="insights_bit_or")
