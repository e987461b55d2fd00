"""`manage.py seed_demo`: deterministic, idempotent, never in production."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from wagtail.models import Page

from core.models import User
from home.models import StandardPage
from people.demo import DEMO_LOGINS
from people.models import Department, Level, Location, Profile


def _counts():
    return {
        "users": User.objects.count(),
        "profiles": Profile.objects.count(),
        "departments": Department.objects.count(),
        "locations": Location.objects.count(),
        "pages": Page.objects.count(),
        "memberships": User.groups.through.objects.count(),
    }


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_seed_creates_the_demo_organisation(seeded):
    assert Department.objects.count() == 6
    assert Location.objects.count() == 3
    staff = Profile.objects.exclude(user__username__in=[login.username for login in DEMO_LOGINS])
    assert 55 <= staff.count() <= 65
    assert set(staff.values_list("level", flat=True)) == set(Level.values)
    assert StandardPage.objects.live().count() == 3
    assert Profile.objects.filter(manager__isnull=False).count() >= 50


def test_seed_twice_gives_the_same_counts(seeded):
    first = _counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first


def test_seed_is_deterministic(seeded):
    from people.demo import demo_people

    assert [p.username for p in demo_people()] == [p.username for p in demo_people()]
    assert User.objects.filter(username=demo_people()[0].username).exists()


def test_if_empty_skips_a_database_with_people(seeded, capsys):
    before = _counts()
    call_command("seed_demo", "--if-empty")
    assert _counts() == before
    assert "skipped" in capsys.readouterr().out


def test_demo_logins_sign_in_with_their_roles(seeded):
    client = Client()
    assert client.login(username="editor", password="hearth-demo")
    editor = User.objects.get(username="editor")
    assert set(editor.groups.values_list("name", flat=True)) == {"Editors", "Employees"}
    assert User.objects.get(username="admin").is_superuser
    guest = User.objects.get(username="guest")
    assert list(guest.groups.values_list("name", flat=True)) == ["Guests"]
    assert Group.objects.get(name="Guests").permissions.count() == 0


@override_settings(HEARTH_ENVIRONMENT="production")
def test_seed_refuses_to_run_in_production(db):
    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("seed_demo")
    assert not User.objects.exists()
