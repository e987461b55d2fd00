from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self) -> None:
        # Imported once the app registry is ready: they connect the publish hooks and
        # register knowledge's page-context providers.
        from knowledge import context, contributions, measures, signals  # noqa: F401

        contributions.register()  # verified pages count in a person's contributions
        measures.register()  # knowledge health on the insights dashboard

        from insights.pilots import choices as pilot_choices
        from knowledge.models import SpacePage

        pilot_choices.offer_scope("space", SpacePage)  # a pilot may be about some spaces
