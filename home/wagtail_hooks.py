"""The home app in Wagtail's admin: onboarding paths (a snippet with inline steps), the
top-contributors report (people/admin_recognition.py), and the audit log's labels for
onboarding and kudos."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home import onboarding
from home.models import OnboardingPath
from people import admin_recognition
from people.recognition import LOG_ACTION as KUDOS_LOG_ACTION


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


@hooks.register("register_admin_urls")
def register_top_contributors_urls():
    view = admin_recognition.TopContributorsReportView
    return [
        path("reports/top-contributors/", view.as_view(), name="top_contributors"),
        path(
            "reports/top-contributors/results/",
            view.as_view(results_only=True),
            name="top_contributors_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_top_contributors_menu_item():
    return admin_recognition.menu_item()


@hooks.register("register_log_actions")
def register_onboarding_log_actions(actions):
    actions.register_action(
        onboarding.LOG_ASSIGN, _("Assign onboarding path"), _("Gave an onboarding path")
    )
    actions.register_action(
        onboarding.LOG_COMPLETE, _("Complete onboarding path"), _("Finished an onboarding path")
    )
    actions.register_action(KUDOS_LOG_ACTION, _("Give kudos"), _("Gave kudos"))
