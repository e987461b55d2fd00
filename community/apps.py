from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        # Imported once the app registry is ready: they connect the publish hooks, register
        # community's page-context providers and add accepted answers to the ledger.
        from community import context, contributions, signals, versions  # noqa: F401
        from community.groups.services import owns_community_of
        from community.questions import answers  # noqa: F401
        from community.questions import measures as question_measures
        from community.recognition import contributions as recognition
        from core.policy import Action, policy

        versions.connect()  # a page's discussion version follows its comments and reactions
        contributions.register()  # resolved questions, helpful reactions, accepted answers
        recognition.register()  # kudos received, and kudos on the profile
        question_measures.register()  # answers on the insights dashboard
        from community.groups.models import CommunityPage
        from insights.pilots import choices as pilot_choices

        pilot_choices.offer_scope(
            "community", CommunityPage
        )  # a pilot may be about some communities
        # A community's owners moderate its posts (the site's moderators stay behind them).
        policy.register(Action.MODERATE, owns_community_of)
