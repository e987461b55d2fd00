"""Recognition in Wagtail's admin: the top-contributors report (admin URLs and a Reports
menu item) and the audit log's label for kudos. Imported by community/wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from community.recognition import admin
from community.recognition.services import LOG_ACTION
from core.reports import register_report

register_report(
    admin.TopContributorsReportView,
    "top-contributors",
    label=_("Top contributors"),
    name="top-contributors",
    order=1400,
)


@hooks.register("register_log_actions")
def register_kudos_log_actions(actions):
    actions.register_action(LOG_ACTION, _("Give kudos"), _("Gave kudos"))
