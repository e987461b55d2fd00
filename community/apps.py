from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from community import contributions, signals  # noqa: F401 - connects the publish hooks
        from community.recognition import contributions as recognition

        contributions.register()  # resolved questions, helpful reactions, accepted answers
        recognition.register()  # kudos received, and kudos on the profile
        from community.services.groups import owns_community_of
        from core.policy import Action, policy

        # A community's owners moderate its posts (the site's moderators stay behind them).
        policy.register(Action.MODERATE, owns_community_of)
