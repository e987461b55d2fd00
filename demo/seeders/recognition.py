"""Demo content: kudos tied to values, and an onboarding path for `employee`.

Idempotent and deterministic: kudos are seeded once (a second run finds its messages and
stops), the path is found by its title and its steps by their titles; a seeded
random.Random picks who thanks whom.
"""

import random
from datetime import timedelta

KUDOS_COUNT = 32
PATH_TITLE = "Welcome to the company"
MESSAGES = [
    "Thanks for walking me through the **deploy checklist** — my first release went smoothly.",
    "You answered my question on the expense policy within minutes. Huge help!",
    "Thank you for keeping the on-call handbook verified; it saved us during last night's page.",
    "Brilliant workshop on negotiation — the whole team is using your framework now.",
    "Thanks for mentoring our new joiners so patiently this month.",
    "Your review of the migration checklist caught two things we would have missed.",
    "Thank you for organising the Berlin offsite — everything just worked.",
    "You turned a messy spreadsheet into a clear budget page. Thank you!",
    "Thanks for stepping in on the customer escalation over the weekend.",
    "Your write-up of the post-incident review was honest and useful. Thank you.",
    "Thanks for pairing with me on the API versioning policy.",
    "You made the parental leave page so much clearer — thank you on behalf of many.",
    "Thanks for sharing your **pricing** know-how with the partnerships team.",
    "Thank you for the quick laptop swap before my trip!",
    "Your idea for the travel booking flow is already saving us hours.",
    "Thanks for answering every annotation question on the payroll pages.",
]


def seed(log, password: str) -> None:
    from django.db import transaction

    from core.models import User
    from core.roles import Role

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
    from django.utils import timezone

    from core.permissions import viewable_pages
    from knowledge.models import KnowledgePage
    from people.models import Kudos
    from people.recognition import company_values

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


def _step_specs(people) -> list[tuple[str, str, str, dict]]:
    """(kind, title, note, {page/person}) for the demo path, from what exists."""
    from brand.models import VisionHubPage
    from home.models import StepKind
    from knowledge.models import KnowledgeIndexPage, KnowledgePage, MustRead

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
            if user.profile.job_title == "Sales Specialist" and user.username != "employee"
        ),
        people.get("moderator"),
    )
    must_read = (
        MustRead.objects.filter(active=True, page__live=True)
        .select_related("page")
        .order_by("page__path")
        .first()
    )
    specs = [
        (
            StepKind.READ,
            "Find your way around the knowledge base",
            "Spaces hold what each team knows; search finds it all.",
            {"page": _first_live(KnowledgeIndexPage)},
        ),
        (
            StepKind.READ,
            "Read the expense policy",
            "You will travel and buy things: this is how we pay for them.",
            {"page": _first_live(KnowledgePage, slug="expense-policy")},
        ),
        (
            StepKind.MUST_READ if must_read else StepKind.READ,
            "Read and acknowledge our must-read",
            "Everyone at the company confirms they have read this.",
            {"page": must_read.page if must_read else None},
        ),
        (
            StepKind.READ,
            "Read our mission and values",
            "Why we are here and how we work together.",
            {"page": _first_live(VisionHubPage)},
        ),
        (
            StepKind.MEET,
            "Meet your manager",
            "Book 30 minutes in your first week.",
            {"person": manager},
        ),
        (
            StepKind.MEET,
            "Have coffee with your onboarding buddy",
            "They have been here a while and know who to ask.",
            {"person": buddy},
        ),
        _join_step(),
        (
            StepKind.TASK,
            "Complete your profile",
            "Add a photo, your expertise and what people can ask you about.",
            {},
        ),
    ]
    return specs


def _join_step():
    from home.models import StepKind

    community = None
    try:
        from community.models import CommunityPage

        community = _first_live(CommunityPage, access="open")
    except ImportError:  # communities are optional here
        community = None
    if community is not None:
        return (
            StepKind.JOIN,
            "Join a community of interest",
            "Communities connect people across teams.",
            {"page": community},
        )
    return (
        StepKind.TASK,
        "Join a community of interest",
        "Communities connect people across teams: find one in the directory.",
        {},
    )


def _seed_onboarding(log, people) -> None:
    from django.utils import timezone

    from home.models import (
        OnboardingAssignment,
        OnboardingPath,
        OnboardingProgress,
        OnboardingStep,
        StepKind,
    )

    path, _created = OnboardingPath.objects.get_or_create(
        title=PATH_TITLE,
        defaults={
            "description": "Your first weeks with us: where things are, who to meet, "
            "and what everyone reads."
        },
    )
    existing = {step.title: step for step in path.steps.all()}
    for order, (kind, title, note, targets) in enumerate(_step_specs(people)):
        step = existing.get(title)
        if step is None:
            step = OnboardingStep(path=path, title=title)
        if step.kind == StepKind.JOIN and kind != StepKind.JOIN:
            continue  # keep a join step that found its community on an earlier run
        step.kind, step.note, step.sort_order = kind, note, order
        step.page = targets.get("page")
        step.person = targets.get("person")
        step.save()
    employee = people.get("employee")
    if employee is None:
        log(f"onboarding: path “{path.title}” ({path.steps.count()} steps), no `employee`")
        return
    assignment, _created = OnboardingAssignment.objects.get_or_create(
        path=path,
        user=employee,
        defaults={
            "assigned_by": people.get("comms"),
            "assigned_at": timezone.now() - timedelta(days=3),
        },
    )
    done = list(path.steps.order_by("sort_order", "pk")[:2])
    for step in done:
        OnboardingProgress.objects.get_or_create(assignment=assignment, step=step)
    log(
        f"onboarding: path “{path.title}” ({path.steps.count()} steps) assigned to employee, "
        f"{assignment.progress.count()} done"
    )
