"""Background work for onboarding: telling a person of their new path, and ticking the
steps a must-read acknowledgement completes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django_tasks import task

from community.models import NotificationVerb
from community.notifications.services import Event, deliver
from home.models import OnboardingAssignment
from home.onboarding.progress import sync_assignment


@task()
def notify_assignment(assignment_id: int) -> int:
    """The new person hears of their path (notification, and email by their choice)."""
    assignment = (
        OnboardingAssignment.objects.select_related("path", "assigned_by")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        return 0
    event = Event(
        page=None,
        actor=assignment.assigned_by,
        plan=[(NotificationVerb.ONBOARDING, [assignment.user_id])],
        link=reverse("onboarding:mine"),
        subject=assignment.path.title,
        detail=Truncator(assignment.path.description).chars(200),
    )
    return len(deliver(event))


@task()
def sync_after_acknowledgement(user_id: int) -> int:
    """A must-read acknowledged: tick the matching steps of the person's open paths."""
    completed = 0
    for assignment in OnboardingAssignment.objects.select_related("user", "path").filter(
        user_id=user_id, completed_at__isnull=True
    ):
        completed += sync_assignment(assignment)
    return completed
