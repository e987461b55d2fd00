from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self) -> None:
        from knowledge import contributions, signals  # noqa: F401

        contributions.register()  # verified pages count in a person's contributions
