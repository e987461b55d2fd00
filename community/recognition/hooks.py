"""Recognition in Wagtail's admin: the top-contributors report (admin URLs and a Reports
menu item) and the audit log's label for kudos. Imported by community/wagtail_hooks.py."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from community.recognition import admin
from community.recognition.services import LOG_ACTION


@hooks.register("register_admin_urls")
def register_top_contributors_urls():
    view = admin.TopContributorsReportView
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
    return admin.menu_item()


@hooks.register("register_log_actions")
def register_kudos_log_actions(actions):
    actions.register_action(LOG_ACTION, _("Give kudos"), _("Gave kudos"))
