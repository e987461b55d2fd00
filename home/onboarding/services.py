"""Onboarding: paths assigned to new people, their checklist, and their manager's view.

Who assigns: communications (and administrators) to anyone at the company; a manager to
their own reports (`Profile.manager`). A step is done when the person ticked it, or — for
kinds with an automatic rule (`progress.AUTO_DONE`) — when the rule holds: a must-read
step once they have acknowledged the page, a join step once they are a member of the
community (when communities exist). The rules are read
live for the checklist (so it is right at once) and written down as progress rows when the
person ticks, when a path is assigned and after an acknowledgement (a background task), so
the team view can count rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.models import User
from core.permissions import has_role
from core.policy import Action, policy
from core.roles import Role
from home.models import (
    OnboardingAssignment,
    OnboardingPath,
    OnboardingProgress,
    OnboardingStep,
)
from home.onboarding.progress import AUTO_DONE, sync_assignment
from home.onboarding.tasks import notify_assignment
from people.services import profile_url

TEAM_PAGE_SIZE = 25
LOG_ASSIGN = "hearth.onboarding.assign"


# Who may do what ----------------------------------------------------------------------------
def is_communications(user: User | AnonymousUser) -> bool:
    """Communications or an administrator (asked once per request: kept on the user)."""
    cached = getattr(user, "_hearth_onboarding_comms", None)
    if cached is None:
        cached = has_role(user, Role.COMMUNICATIONS) or has_role(user, Role.ADMINISTRATORS)
        if user.is_authenticated:
            user._hearth_onboarding_comms = cached
    return cached


def staff() -> QuerySet[User]:
    return policy.users_with_permission(Action.STAFF)


def reports_of(manager: User) -> QuerySet[User]:
    return staff().filter(profile__manager__user=manager)


def assignable_people(user: User | AnonymousUser) -> QuerySet[User]:
    """Whom `user` may give a path: everyone (communications), their reports (managers)."""
    if not user.is_authenticated:
        return User.objects.none()
    people = staff() if is_communications(user) else reports_of(user)
    return people.select_related("profile").order_by("first_name", "last_name", "username")


def can_assign_anyone(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and (is_communications(user) or reports_of(user).exists())


def can_see_team(user: User | AnonymousUser) -> bool:
    return can_assign_anyone(user)


# Side effects -------------------------------------------------------------------------------
def assign_path(assigner: User, path: OnboardingPath, person: User) -> OnboardingAssignment:
    """Give `person` the path; they are told by a background task."""
    if not assignable_people(assigner).filter(pk=person.pk).exists():
        raise PermissionDenied(
            _(
                "You can give an onboarding path only to your own reports "
                "(or, in communications, to anyone)."
            )
        )
    if OnboardingAssignment.objects.filter(path=path, user=person).exists():
        raise ValidationError(
            _("%(name)s already has the path “%(path)s”.")
            % {"name": person.display_name, "path": path.title}
        )
    try:
        with transaction.atomic():
            assignment = OnboardingAssignment.objects.create(
                path=path, user=person, assigned_by=assigner
            )
            log(assignment, LOG_ASSIGN, user=assigner, data={"path": path.title})
    except IntegrityError as error:  # assigned at the same moment by someone else
        raise ValidationError(_("This person already has that path.")) from error
    sync_assignment(assignment)
    transaction.on_commit(lambda: notify_assignment.enqueue(assignment.pk))
    return assignment


def own_assignment(user: User, assignment_id: int) -> OnboardingAssignment:
    """The person's own assignment; someone else's (or none) → PermissionDenied."""
    assignment = (
        OnboardingAssignment.objects.select_related("path").filter(pk=assignment_id).first()
    )
    if assignment is None or assignment.user_id != user.pk:
        raise PermissionDenied(_("This onboarding path is someone else's."))
    return assignment


def tick_step(user: User, assignment_id: int, step_id: int) -> OnboardingAssignment:
    """Mark a step done (again: no change). Completing the last step completes the path."""
    assignment = own_assignment(user, assignment_id)
    if not OnboardingStep.objects.filter(pk=step_id, path_id=assignment.path_id).exists():
        raise ValidationError(_("That step is not part of your path."))
    OnboardingProgress.objects.bulk_create(
        [OnboardingProgress(assignment=assignment, step_id=step_id)], ignore_conflicts=True
    )
    sync_assignment(assignment)
    return assignment


# Reading ------------------------------------------------------------------------------------
@dataclass
class Checklist:
    assignment_id: int
    path_title: str
    path_description: str
    assigned_at: object
    completed_at: object
    steps: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def done(self) -> int:
        return sum(1 for step in self.steps if step.is_done)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def next_step(self):
        """The first step not done yet (None when every step is)."""
        return next((step for step in self.steps if not step.is_done), None)

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None or (self.total and self.done == self.total)


def checklists(user: User | AnonymousUser, *, include_completed: bool = False) -> list[Checklist]:
    """The person's paths with every step and whether it is done: ONE query."""
    if not user.is_authenticated:
        return []
    condition = Q(path__assignments__user=user)
    if not include_completed:
        condition &= Q(path__assignments__completed_at__isnull=True)
    rows = (
        OnboardingStep.objects.filter(condition)
        .annotate(
            assignment_id=F("path__assignments__id"),
            assigned_at=F("path__assignments__assigned_at"),
            completed_at=F("path__assignments__completed_at"),
            path_title=F("path__title"),
            path_description=F("path__description"),
            ticked=Exists(
                OnboardingProgress.objects.filter(
                    assignment_id=OuterRef("assignment_id"), step_id=OuterRef("pk")
                )
            ),
            **{f"auto_{kind}": rule(user) for kind, rule in AUTO_DONE.items()},
        )
        .select_related("page", "person")
        .order_by("assigned_at", "assignment_id", "sort_order", "pk")
    )
    lists: dict[int, Checklist] = {}
    for step in rows:
        checklist = lists.get(step.assignment_id)
        if checklist is None:
            checklist = lists[step.assignment_id] = Checklist(
                step.assignment_id,
                step.path_title,
                step.path_description,
                step.assigned_at,
                step.completed_at,
            )
        auto = step.kind in AUTO_DONE and getattr(step, f"auto_{step.kind}", False)
        step.is_done = bool(step.ticked or auto)
        step.is_automatic = step.kind in AUTO_DONE
        step.person_url = profile_url(step.person) if step.person_id else ""
        checklist.steps.append(step)
    return list(lists.values())


def home_context(user: User | AnonymousUser) -> dict:
    """What home/onboarding/home_panel.html needs: the person's open paths (one query)."""
    return {"onboarding": checklists(user)}


def team_progress(viewer: User) -> QuerySet[OnboardingAssignment]:
    """Assignments of the viewer's reports (everyone's, for communications), with counts."""
    if not can_see_team(viewer):
        raise PermissionDenied(_("Only managers and communications see onboarding progress."))
    assignments = OnboardingAssignment.objects.all()
    if not is_communications(viewer):
        assignments = assignments.filter(user__in=reports_of(viewer))
    return (
        assignments.select_related("user__profile", "path", "assigned_by")
        .annotate(
            total=Count("path__steps", distinct=True),
            done=Count("progress", distinct=True),
        )
        .order_by(F("completed_at").desc(nulls_first=True), "-assigned_at", "pk")
    )
