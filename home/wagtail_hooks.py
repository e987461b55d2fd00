"""The home app in Wagtail's admin: onboarding paths (a snippet with inline steps) and
the audit log's labels for onboarding."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import OnboardingPath
from home.onboarding import progress, services


class OnboardingPathViewSet(SnippetViewSet):
    """Communications (and administrators) curate paths; the model's panels include the
    steps as an InlinePanel. Permissions: home.add/change/delete_onboardingpath."""

    model = OnboardingPath
    icon = "list-ol"
    menu_label = _("Onboarding paths")
    menu_name = "onboarding-paths"
    add_to_admin_menu = True
    menu_order = 8600
    list_display = ["title", "created_at"]
    search_fields = ["title", "description"]


register_snippet(OnboardingPathViewSet)


@hooks.register("register_log_actions")
def register_onboarding_log_actions(actions):
    actions.register_action(
        services.LOG_ASSIGN, _("Assign onboarding path"), _("Gave an onboarding path")
    )
    actions.register_action(
        progress.LOG_COMPLETE, _("Complete onboarding path"), _("Finished an onboarding path")
    )
