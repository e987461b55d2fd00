"""Demo content: kudos tied to values, and an onboarding path for `employee`.

Idempotent and deterministic: kudos are seeded once (a second run finds its messages and
stops), the path is found by its title and its steps by their titles; a seeded
random.Random picks who thanks whom.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from brand.models import VisionHubPage
from community.models import CommunityPage
from community.recognition.services import company_values
from core.models import User
from core.permissions import viewable_pages
from core.roles import Role
from demo.content import read_yaml
from home.models import (
    OnboardingAssignment,
    OnboardingPath,
    OnboardingProgress,
    OnboardingStep,
    StepKind,
)
from knowledge.models import KnowledgeIndexPage, KnowledgePage, MustRead
from people.models import Kudos

_DATA = read_yaml("recognition.yaml")
MESSAGES = _DATA["messages"]

KUDOS_COUNT = 32


def seed(log, password: str) -> None:
    staff = list(
        User.objects.filter(is_active=True)
        .exclude(groups__name=Role.GUESTS)
        .select_related("profile__manager__user")
        .order_by("username")
    )
    if len(staff) < 2:
        log("recognition: no staff to thank yet (seed the demo people first)")
        return
    people = {user.username: user for user in staff}
    with transaction.atomic():
        _seed_kudos(log, staff, people)
    with transaction.atomic():
        _seed_onboarding(log, people)


def _seed_kudos(log, staff, people) -> None:
    seeded = Kudos.objects.filter(message__in=MESSAGES)
    if seeded.exists():
        values = list(company_values())
        if values and not seeded.filter(value__isnull=False).exists():
            # The values were published after the kudos: tie most of them now, once.
            for number, kudos in enumerate(seeded.order_by("pk")):
                if number % 4 != 3:
                    kudos.value = values[number % len(values)]
                    kudos.save(update_fields=["value"])
        tied = seeded.filter(value__isnull=False).count()
        log(f"kudos: already seeded ({seeded.count()} demo kudos, {tied} tied to a value)")
        return
    rng = random.Random(2026)  # noqa: S311 - repeatable demo data, not security
    values = list(company_values())
    pages = list(
        viewable_pages(people.get("employee") or staff[0]).type(KnowledgePage).order_by("path")[:12]
    )
    now = timezone.now()
    created = 0
    for number in range(KUDOS_COUNT):
        giver, recipient = rng.sample(staff, 2)
        if number % 6 == 0 and "employee" in people:
            recipient = people["employee"]  # Emma's profile shows some kudos
            if giver == recipient:
                giver = staff[0] if staff[0] != recipient else staff[1]
        message = MESSAGES[number % len(MESSAGES)]
        value = values[number % len(values)] if values and number % 4 != 3 else None
        page = pages[number % len(pages)] if pages and number % 3 == 0 else None
        _kudos, was_created = Kudos.objects.get_or_create(
            giver=giver,
            recipient=recipient,
            message=message,
            defaults={
                "value": value,
                "page": page,
                "created_at": now - timedelta(days=rng.randint(0, 75), hours=rng.randint(0, 23)),
            },
        )
        created += was_created
    tied = Kudos.objects.filter(value__isnull=False).count()
    log(
        f"kudos: {created} new, {Kudos.objects.count()} in all, {tied} tied to a company value"
        + ("" if values else " (no company values published yet)")
    )


def _first_live(model, **filters):
    return model.objects.live().filter(**filters).order_by("path").first()


def _targets(people) -> dict:
    """What onboarding steps in recognition.yaml name, found in what the demo made."""
    employee = people.get("employee")
    manager_profile = employee.profile.manager if employee else None
    manager = manager_profile.user if manager_profile else None
    if manager is None:  # the demo's Sales manager, or whoever manages in Sales
        manager = next(
            (user for user in people.values() if user.profile.job_title == "Sales Manager"),
            people.get("comms"),
        )
    buddy = next(
        (
            user
            for user in people.values()
            if employee
            and user.profile.job_title == employee.profile.job_title
            and user.username != employee.username
        ),
        people.get("moderator"),
    )
    must_read = (
        MustRead.objects.filter(active=True, page__live=True)
        .select_related("page")
        .order_by("page__path")
        .first()
    )
    return {
        "knowledge-index": _first_live(KnowledgeIndexPage),
        "must-read": must_read.page if must_read else None,
        "vision-hub": _first_live(VisionHubPage),
        "open-community": _first_live(CommunityPage, access="open"),
        "manager": manager,
        "buddy": buddy,
    }


def _step_specs(spec: dict, people) -> list[tuple[str, str, str, dict]]:
    """(kind, title, note, {page/person}) for each step, from what exists."""
    targets = _targets(people)
    steps = []
    for step in spec["steps"]:
        kind, note, found = step["kind"], step["note"], {}
        if "person" in step:
            found["person"] = targets[step["person"]]
        if "page" in step:
            name = step["page"]
            if name.startswith("knowledge/"):
                page = _first_live(KnowledgePage, slug=name.removeprefix("knowledge/"))
            else:
                page = targets[name]
            found["page"] = page
            if page is None and kind == StepKind.MUST_READ:
                kind = StepKind.READ
            elif page is None and kind == StepKind.JOIN:
                kind, note, found = StepKind.TASK, step["otherwise"], {}
        steps.append((kind, step["title"], note, found))
    return steps


def _seed_onboarding(log, people) -> None:
    spec = _DATA["onboarding"]
    path, _created = OnboardingPath.objects.get_or_create(
        title=spec["title"], defaults={"description": spec["description"]}
    )
    existing = {step.title: step for step in path.steps.all()}
    for order, (kind, title, note, targets) in enumerate(_step_specs(spec, people)):
        step = existing.get(title)
        if step is None:
            step = OnboardingStep(path=path, title=title)
        if step.kind == StepKind.JOIN and kind != StepKind.JOIN:
            continue  # keep a join step that found its community on an earlier run
        step.kind, step.note, step.sort_order = kind, note, order
        step.page = targets.get("page")
        step.person = targets.get("person")
        step.save()
    employee = people.get(spec["assigned_to"])
    if employee is None:
        log(f"onboarding: path “{path.title}” ({path.steps.count()} steps), no `employee`")
        return
    assignment, _created = OnboardingAssignment.objects.get_or_create(
        path=path,
        user=employee,
        defaults={
            "assigned_by": people.get(spec["assigned_by"]),
            "assigned_at": timezone.now() - timedelta(days=spec["assigned_days_ago"]),
        },
    )
    done = list(path.steps.order_by("sort_order", "pk")[: spec["done"]])
    for step in done:
        OnboardingProgress.objects.get_or_create(assignment=assignment, step=step)
    log(
        f"onboarding: path “{path.title}” ({path.steps.count()} steps) assigned to employee, "
        f"{assignment.progress.count()} done"
    )
