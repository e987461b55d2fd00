"""Audit-log actions of questions and answers (registered with Wagtail's hooks)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

ACTIONS = {
    "hearth.question.accept": (_("Accept an answer"), _("Accepted an answer")),
    "hearth.question.promote": (
        _("Promote an answer"),
        _("Turned the accepted answer into a knowledge page draft"),
    ),
}


@hooks.register("register_log_actions")
def register_question_log_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)
