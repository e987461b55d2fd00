from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from community import signals  # noqa: F401 - connects the publish hooks
        from community.services.groups import owns_community_of
        from core.policy import Action, policy

        # A community's owners moderate its posts (the site's moderators stay behind them).
        policy.register(Action.MODERATE, owns_community_of)
