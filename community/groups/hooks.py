"""Audit-log actions of communities (registered with Wagtail's hooks)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

ACTIONS = {
    "hearth.community.invite": (_("Add a member"), _("Added a member to the community")),
    "hearth.community.event": (_("Add an event"), _("Added an event to the community")),
}


@hooks.register("register_log_actions")
def register_group_log_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)
