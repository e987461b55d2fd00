"""Onboarding: paths assigned to new people, their checklist, and their manager's view.

Who assigns: communications (and administrators) to anyone at the company; a manager to
their own reports (`Profile.manager`). A step is done when the person ticked it, or — for
kinds with an automatic rule in `AUTO_DONE` — when the rule holds: a must-read step once
they have acknowledged the page (`knowledge.mustread.counting_acknowledgements`), a join
step once they are a member of the community (when communities exist). The rules are read
live for the checklist (so it is right at once) and written down as progress rows when the
person ticks, when a path is assigned and after an acknowledgement (a background task), so
the team view can count rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.log_actions import log

from core.models import User
from core.permissions import has_role
from core.roles import Role
from home.models import (
    OnboardingAssignment,
    OnboardingPath,
    OnboardingProgress,
    OnboardingStep,
    StepKind,
)
from people.recognition import profile_url

TEAM_PAGE_SIZE = 25
LOG_ASSIGN = "hearth.onboarding.assign"
LOG_COMPLETE = "hearth.onboarding.complete"


# Automatic completion -----------------------------------------------------------------------
def _acknowledged(user: User):
    from knowledge.mustread import counting_acknowledgements

    return Exists(counting_acknowledgements().filter(page_id=OuterRef("page_id"), user=user))


def _community_member(user: User):
    """Members of a community are the users of its members group (community app)."""
    from community.models import CommunityPage

    return Exists(CommunityPage.objects.filter(pk=OuterRef("page_id"), members_group__user=user))


def _communities_exist() -> bool:
    try:
        from community.models import CommunityPage
    except ImportError:
        return False
    return any(field.name == "members_group" for field in CommunityPage._meta.get_fields())


# kind → (user → a boolean expression on an OnboardingStep row). Other apps may add rules.
AUTO_DONE: dict[str, Callable[[User], object]] = {StepKind.MUST_READ: _acknowledged}
if _communities_exist():
    AUTO_DONE[StepKind.JOIN] = _community_member


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
    return User.objects.filter(is_active=True).exclude(groups__name=Role.GUESTS)


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


# Notifications ------------------------------------------------------------------------------
@task()
def notify_assignment(assignment_id: int) -> int:
    """The new person hears of their path (notification, and email by their choice)."""
    from community.models import NotificationVerb
    from community.notifications.services import Event, deliver

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


def _acknowledgement_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if not created or raw:
        return
    user_id = instance.user_id
    if OnboardingAssignment.objects.filter(user_id=user_id, completed_at__isnull=True).exists():
        transaction.on_commit(lambda: sync_after_acknowledgement.enqueue(user_id))


def connect_signals() -> None:
    post_save.connect(
        _acknowledgement_saved,
        sender="knowledge.Acknowledgement",
        dispatch_uid="home.onboarding.acknowledgement_saved",
    )
