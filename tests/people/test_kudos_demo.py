"""The demo: kudos between staff tied to company values, and `employee`'s onboarding path."""

from demo.loaders import people as demo
from demo.loaders import recognition as demo_recognition
from home.models import OnboardingAssignment
from people.models import Kudos
from tests.people.factories_recognition import company_values


def _noop(message):
    return None


def test_demo_kudos_and_onboarding_are_seeded_once(home, django_capture_on_commit_callbacks):
    demo.seed(_noop, "demo-password")
    company_values(home, "We care", "Be bold", "Own it")
    demo_recognition.seed(_noop, "demo-password")
    assert Kudos.objects.count() >= 25
    assert Kudos.objects.filter(value__isnull=False).count() >= 20
    assert Kudos.objects.filter(recipient__username="employee").exists()
    assignment = OnboardingAssignment.objects.select_related("path").get(user__username="employee")
    assert assignment.path.title == "Welcome to the company"
    assert 6 <= assignment.path.steps.count() <= 8
    assert assignment.progress.count() == 2
    assert assignment.assigned_by.username == "comms"

    counts = (Kudos.objects.count(), assignment.path.steps.count(), assignment.progress.count())
    demo_recognition.seed(_noop, "demo-password")
    again = (Kudos.objects.count(), assignment.path.steps.count(), assignment.progress.count())
    assert again == counts
