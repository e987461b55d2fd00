"""Workflow events that notify someone (connected by GovernanceConfig.ready): each only
schedules a background task of `governance.workflows.tasks`, on commit.

`core.workflows.connect_signals` keeps Wagtail's own workflow emails out; these send
Hearth's notifications in their place."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.models import WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected

from core.workflows import workflow_declined
from governance.workflows.tasks import notify_outcome, notify_review


def schedule_outcome(workflow_state: WorkflowState, outcome: str, user=None) -> None:
    state_id, actor_id = workflow_state.pk, getattr(user, "pk", None)
    transaction.on_commit(lambda: notify_outcome.enqueue(state_id, outcome, actor_id))


# Every task type (each task state class is its own sender): tell the reviewers.
@receiver(task_submitted, dispatch_uid="hearth_review_requested")
def on_task_submitted(sender, instance, user=None, **kwargs) -> None:
    task_state_id, actor_id = instance.pk, getattr(user, "pk", None)
    transaction.on_commit(lambda: notify_review.enqueue(task_state_id, actor_id))


@receiver(workflow_approved, sender=WorkflowState, dispatch_uid="hearth_workflow_approved")
def on_workflow_approved(sender, instance, user=None, **kwargs) -> None:
    schedule_outcome(instance, "approved", user)


@receiver(workflow_rejected, sender=WorkflowState, dispatch_uid="hearth_workflow_rejected")
def on_workflow_rejected(sender, instance, user=None, **kwargs) -> None:
    """Wagtail's "reject": the workflow waits for the editor's changes."""
    schedule_outcome(instance, "changes", user)


@receiver(workflow_declined, dispatch_uid="hearth_workflow_declined")
def on_workflow_declined(sender, instance, user=None, **kwargs) -> None:
    """Rejected outright (core.workflows.decline): the workflow ended."""
    schedule_outcome(instance, "rejected", user)
