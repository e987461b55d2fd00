"""Onboarding progress: which steps are done without a tick, and writing them down.

A step of a kind with an automatic rule in `AUTO_DONE` is done when the rule holds: a
must-read step once the person acknowledged the page
(`knowledge.mustread.counting_acknowledgements`), a join step once they are a member of
the community (when communities exist). `sync_assignment` writes such steps down as
progress rows and completes the path when every step is done.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Exists, OuterRef
from django.utils import timezone
from wagtail.log_actions import log

from community.models import CommunityPage
from core.models import User
from home.models import OnboardingAssignment, OnboardingProgress, OnboardingStep, StepKind
from knowledge.mustread import counting_acknowledgements

LOG_COMPLETE = "hearth.onboarding.complete"


def _acknowledged(user: User):
    return Exists(counting_acknowledgements().filter(page_id=OuterRef("page_id"), user=user))


def _community_member(user: User):
    """Members of a community are the users of its members group (community app)."""
    return Exists(CommunityPage.objects.filter(pk=OuterRef("page_id"), members_group__user=user))


def _communities_exist() -> bool:
    return any(field.name == "members_group" for field in CommunityPage._meta.get_fields())


# kind → (user → a boolean expression on an OnboardingStep row). Other apps may add rules.
AUTO_DONE: dict[str, Callable[[User], object]] = {StepKind.MUST_READ: _acknowledged}
if _communities_exist():
    AUTO_DONE[StepKind.JOIN] = _community_member


def sync_assignment(assignment: OnboardingAssignment) -> bool:
    """Write down steps the automatic rules say are done, then complete the path if every
    step is done. Returns True when this call completed it. A fixed number of queries."""
    user = assignment.user
    steps = OnboardingStep.objects.filter(path_id=assignment.path_id)
    for kind, rule in AUTO_DONE.items():
        done_ids = list(
            steps.filter(kind=kind)
            .annotate(auto=rule(user))
            .filter(auto=True)
            .values_list("pk", flat=True)
        )
        if done_ids:
            OnboardingProgress.objects.bulk_create(
                [OnboardingProgress(assignment=assignment, step_id=pk) for pk in done_ids],
                ignore_conflicts=True,
            )
    if assignment.completed_at is not None:
        return False
    total = steps.count()
    done = OnboardingProgress.objects.filter(assignment=assignment).count()
    if total and done >= total:
        updated = OnboardingAssignment.objects.filter(
            pk=assignment.pk, completed_at__isnull=True
        ).update(completed_at=timezone.now())
        if updated:
            assignment.completed_at = timezone.now()
            log(assignment, LOG_COMPLETE, user=user, data={"path": assignment.path.title})
        return bool(updated)
    return False
