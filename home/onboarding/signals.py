"""A must-read acknowledged ticks the matching onboarding steps (a background task).
Connected from `HomeConfig.ready`."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save

from home.models import OnboardingAssignment
from home.onboarding.tasks import sync_after_acknowledgement


def _acknowledgement_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if not created or raw:
        return
    user_id = instance.user_id
    if OnboardingAssignment.objects.filter(user_id=user_id, completed_at__isnull=True).exists():
        transaction.on_commit(lambda: sync_after_acknowledgement.enqueue(user_id))


def connect() -> None:
    post_save.connect(
        _acknowledgement_saved,
        sender="knowledge.Acknowledgement",
        dispatch_uid="home.onboarding.acknowledgement_saved",
    )
