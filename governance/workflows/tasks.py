"""Who hears about a workflow: reviewers when a step starts, the editor at the end.

Signal handlers only schedule a background task, on commit
(`governance.workflows.signals`); the task reloads the rows and hands one event to
`community.notifications.services.deliver`, which writes the notification rows and sends
the emails. The rows carry no page: a draft under review is not readable on the site yet,
so they link to the page in the admin (reviewers and editors may open it there) and name
it in `subject`.
"""

from __future__ import annotations

from django.urls import reverse
from django_tasks import task
from wagtail.models import Page, TaskState, WorkflowState

from community.models import NotificationVerb
from community.notifications.services import Event, deliver
from core.models import User
from core.workflows import reviewer_ids

OUTCOME_VERBS = {
    "approved": NotificationVerb.APPROVED,
    "changes": NotificationVerb.CHANGES,
    "rejected": NotificationVerb.REJECTED,
}


def _page_of(workflow_state: WorkflowState) -> Page | None:
    if not issubclass(workflow_state.base_content_type.model_class() or object, Page):
        return None
    return Page.objects.filter(pk=int(workflow_state.object_id)).first()


def _admin_url(page: Page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


# Tasks --------------------------------------------------------------------------------------
@task()
def notify_review(task_state_id: int, actor_id: int | None) -> int:
    """A step started: its reviewers are asked to review (not the person who submitted)."""
    state = (
        TaskState.objects.select_related("task", "workflow_state__base_content_type")
        .filter(pk=task_state_id)
        .first()
    )
    if state is None or state.status != TaskState.STATUS_IN_PROGRESS:
        return 0
    page = _page_of(state.workflow_state)
    if page is None:
        return 0
    task_ = state.task.specific
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    event = Event(
        page=None,
        actor=actor,
        plan=[(NotificationVerb.REVIEW, reviewer_ids(task_, page))],
        detail=task_.name,
        link=_admin_url(page),
        subject=page.title,
    )
    return len(deliver(event))


@task()
def notify_outcome(workflow_state_id: int, outcome: str, actor_id: int | None) -> int:
    """The workflow ended (approved, rejected) or waits for changes: tell who submitted it,
    with the reviewer's comment."""
    state = (
        WorkflowState.objects.select_related("current_task_state", "base_content_type")
        .filter(pk=workflow_state_id)
        .first()
    )
    verb = OUTCOME_VERBS.get(outcome)
    if state is None or verb is None or not state.requested_by_id:
        return 0
    page = _page_of(state)
    if page is None:
        return 0
    comment = state.current_task_state.comment if state.current_task_state else ""
    link = page.url if verb == NotificationVerb.APPROVED and page.live else _admin_url(page)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    event = Event(
        page=None,
        actor=actor,
        plan=[(verb, [state.requested_by_id])],
        detail=comment or "",
        link=link or _admin_url(page),
        subject=page.title,
    )
    return len(deliver(event))


__all__ = ["notify_outcome", "notify_review"]
