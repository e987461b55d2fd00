from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        # Imported once the app registry is ready: they connect the publish hooks, register
        # community's page-context providers and add accepted answers to the ledger.
        from community import context, signals  # noqa: F401
        from community.questions import answers  # noqa: F401
