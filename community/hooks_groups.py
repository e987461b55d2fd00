"""Audit-log actions of communities and questions (registered with Wagtail's hooks; this
module is imported with the models so the actions exist wherever they are logged)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

ACTIONS = {
    "hearth.community.invite": (_("Add a member"), _("Added a member to the community")),
    "hearth.community.event": (_("Add an event"), _("Added an event to the community")),
    "hearth.question.accept": (_("Accept an answer"), _("Accepted an answer")),
    "hearth.question.promote": (
        _("Promote an answer"),
        _("Turned the accepted answer into a knowledge page draft"),
    ),
}


@hooks.register("register_log_actions")
def register_group_log_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)
