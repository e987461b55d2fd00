"""Wagtail hooks for workflows: Hearth's workflow actions in the audit log and history."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from core.workflows import CHECKLIST_ACTION, REJECT_ACTION


def _task_title(log_entry) -> str:
    return ((log_entry.data or {}).get("task") or {}).get("title", "")


class ChecklistFormatter(LogFormatter):
    label = _("Tick a review checklist")

    def format_message(self, log_entry):
        ticked = (log_entry.data or {}).get("ticked") or []
        return _("Ticked the checklist of “%(task)s”: %(items)s") % {
            "task": _task_title(log_entry),
            "items": ", ".join(str(item) for item in ticked),
        }


class RejectFormatter(LogFormatter):
    label = _("Reject a change")

    def format_message(self, log_entry):
        return _("Rejected the change at “%(task)s”; the workflow ended") % {
            "task": _task_title(log_entry)
        }

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("comment", "")


@hooks.register("register_log_actions")
def register_workflow_log_actions(actions):
    actions.register_action(CHECKLIST_ACTION)(ChecklistFormatter)
    actions.register_action(REJECT_ACTION)(RejectFormatter)
