"""Factories for recognition and onboarding: kudos, company values, onboarding paths."""

import factory
from django.utils import timezone

from home.models import OnboardingAssignment, OnboardingPath, OnboardingStep, StepKind
from people.models import Kudos
from tests.brand.factories_vision import StatementPageFactory, VisionHubPageFactory
from tests.factories import UserFactory


def staff(username=None, *, manager=None, department=None, **kwargs):
    """An employee, optionally reporting to `manager` and in `department`."""
    if username:
        kwargs["username"] = username
    user = UserFactory(roles=["Employees"], **kwargs)
    if manager is not None or department is not None:
        profile = user.profile
        profile.manager = manager.profile if manager is not None else None
        profile.department = department
        profile.save()
    return user


def company_values(home, *titles):
    """Published values under a vision hub (created once)."""
    from brand.models import VisionHubPage

    hub = VisionHubPage.objects.first() or VisionHubPageFactory(parent=home)
    return [StatementPageFactory(parent=hub, title=title, kind="value") for title in titles]


class KudosFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kudos

    giver = factory.SubFactory(UserFactory, roles=["Employees"])
    recipient = factory.SubFactory(UserFactory, roles=["Employees"])
    message = factory.Faker("sentence")
    created_at = factory.LazyFunction(timezone.now)


class OnboardingPathFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OnboardingPath

    title = factory.Sequence(lambda n: f"Onboarding path {n}")
    description = "Your first weeks with us."


def path_with_steps(*steps, title="Welcome to the company") -> OnboardingPath:
    """path_with_steps(("read", "Read the handbook", {"page": page}), …) → a saved path."""
    path = OnboardingPathFactory(title=title)
    for order, (kind, step_title, *extra) in enumerate(steps):
        OnboardingStep.objects.create(
            path=path, sort_order=order, kind=kind, title=step_title, **(extra[0] if extra else {})
        )
    return path


def simple_path(count=3, title="Welcome to the company") -> OnboardingPath:
    return path_with_steps(*((StepKind.TASK, f"Step {n + 1}") for n in range(count)), title=title)


def assign(path, user, by=None) -> OnboardingAssignment:
    return OnboardingAssignment.objects.create(path=path, user=user, assigned_by=by)
