"""`manage.py seed_demo`: deterministic, idempotent, never in production."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from wagtail.models import Page, PageLogEntry, Revision

from core.models import User
from core.permissions import viewable_pages
from demo.content import CONTENT
from demo.loaders.people import demo_logins, demo_people
from home.models import StandardPage
from knowledge.markdown import split_front_matter
from knowledge.models import Acknowledgement, KnowledgePage, MustRead, ReviewStatus, SpacePage
from people.models import Department, Level, Location, Profile


def _counts():
    return {
        "users": User.objects.count(),
        "profiles": Profile.objects.count(),
        "departments": Department.objects.count(),
        "locations": Location.objects.count(),
        "pages": Page.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "revisions": Revision.objects.count(),
        "expertise": Profile.expertise.through.objects.count(),
    }


@pytest.fixture
def seeded(demo_module, db):
    """The demo, seeded once for this module (tests/conftest.py)."""


def test_seed_creates_the_demo_organisation(seeded):
    assert Department.objects.count() == 6
    assert Location.objects.count() == 3
    staff = Profile.objects.exclude(user__username__in=[login.username for login in demo_logins()])
    assert 55 <= staff.count() <= 65
    assert set(staff.values_list("level", flat=True)) == set(Level.values)
    assert StandardPage.objects.live().count() == 3
    assert Profile.objects.filter(manager__isnull=False).count() >= 50


def test_seed_twice_gives_the_same_counts(seeded):
    first = _counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first


def test_seed_is_deterministic(seeded):
    assert [p["username"] for p in demo_people()] == [p["username"] for p in demo_people()]
    assert User.objects.filter(username=demo_people()[0]["username"]).exists()


def test_if_empty_skips_a_database_with_people(seeded, capsys):
    before = _counts()
    call_command("seed_demo", "--if-empty")
    assert _counts() == before
    assert "skipped" in capsys.readouterr().out


def test_demo_logins_sign_in_with_their_roles(seeded):
    client = Client()
    response = client.post("/accounts/login/", {"username": "editor", "password": "hearth-demo"})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    editor = User.objects.get(username="editor")
    roles = {"Editors", "Employees"}
    groups = set(editor.groups.values_list("name", flat=True))
    assert groups & {"Administrators", "Space owners", "Communications", "Guests"} == set()
    assert roles <= groups  # plus the editor groups of the demo spaces they write in
    assert User.objects.get(username="admin").is_superuser
    guest = User.objects.get(username="guest")
    assert list(guest.groups.values_list("name", flat=True)) == ["Guests"]
    assert Group.objects.get(name="Guests").permissions.count() == 0


@override_settings(HEARTH_ENVIRONMENT="production")
def test_seed_refuses_to_run_in_production(db):
    before = _counts()  # (the module's seeded demo may be there already)
    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("seed_demo")
    assert _counts() == before


def test_seed_builds_a_realistic_wiki(seeded):
    assert SpacePage.objects.live().count() >= 5
    pages = KnowledgePage.objects.live().with_review()
    assert pages.count() >= 40
    statuses = {page.review_status() for page in pages}
    assert statuses == set(ReviewStatus)
    published = PageLogEntry.objects.filter(action="wagtail.publish", page__in=pages)
    per_page = {}
    for entry in published:
        per_page[entry.page_id] = per_page.get(entry.page_id, 0) + 1
    assert sum(1 for count in per_page.values() if count >= 3) >= 5
    # The two knowledge must-reads, and the one the live demo campaign's channel sets.
    assert MustRead.objects.filter(active=True).count() == 3
    assert Acknowledgement.objects.exists()

    leadership = SpacePage.objects.get(slug="leadership")
    employee = User.objects.get(username="employee")
    assert not viewable_pages(employee).filter(pk=leadership.pk).exists()
    assert viewable_pages(User.objects.get(username="admin")).filter(pk=leadership.pk).exists()
    assert not viewable_pages(AnonymousUser()).filter(pk=leadership.pk).exists()


def test_the_demo_pages_come_from_the_markdown_files(seeded):
    """Each Markdown file under demo/content/knowledge/SPACE/ is a page with its front
    matter's title: live in that space (the review demo's archived page sits in the
    archive)."""
    files = sorted((CONTENT / "knowledge").glob("*/**/*.md"))
    assert len(files) >= 50
    for path in files:
        space = SpacePage.objects.get(slug=path.relative_to(CONTENT / "knowledge").parts[0])
        slug = path.parent.name if path.name == "index.md" else path.stem
        meta, _body = split_front_matter(path.read_text())
        page = KnowledgePage.objects.get(slug=slug, title=meta["title"])
        assert page.live == page.is_descendant_of(space)
    assert KnowledgePage.objects.live().filter(slug="fax-machine-instructions").count() == 0
