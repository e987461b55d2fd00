"""The home app in Wagtail's admin: onboarding paths (a snippet with inline steps) and
the audit log's labels for onboarding."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import FeaturedItem, OnboardingPath
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


class FeaturedItemViewSet(SnippetViewSet):
    """Communications (and administrators) choose what the start page features, for how
    long and for whom. Permissions: home.add/change/delete_featureditem (core.roles)."""

    model = FeaturedItem
    icon = "pick"
    menu_label = _("Featured on home")
    menu_name = "featured-on-home"
    add_to_admin_menu = True
    menu_order = 8590
    list_display = ["__str__", "page", "hero", "starts_at", "expires_at"]
    list_filter = ["hero"]
    ordering = ["-hero", "sort_order", "-starts_at"]


register_snippet(FeaturedItemViewSet)


@hooks.register("register_log_actions")
def register_onboarding_log_actions(actions):
    actions.register_action(
        services.LOG_ASSIGN, _("Assign onboarding path"), _("Gave an onboarding path")
    )
    actions.register_action(
        progress.LOG_COMPLETE, _("Complete onboarding path"), _("Finished an onboarding path")
    )
