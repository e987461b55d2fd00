"""The activity ledger: one cheap, append-only row per meaningful action."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from insights.models import ActivityEvent, Verb
from insights.services import record_view
from people.models import Level
from tests.factories import DepartmentFactory, LocationFactory, StandardPageFactory, UserFactory


@pytest.fixture
def reader(db):
    user = UserFactory(roles=["Employees"])
    profile = user.profile
    profile.department = DepartmentFactory(name="Sales")
    profile.location = LocationFactory(name="Berlin")
    profile.level = Level.MANAGER
    profile.save()
    return user


@pytest.fixture
def page(home):
    return StandardPageFactory(parent=home, title="Pricing guide")


def test_reading_a_page_records_one_view_a_day_with_the_readers_org(reader, page, signed_in):
    client = signed_in(reader)
    for _ in range(3):
        assert client.get(page.url).status_code == 200
    views = ActivityEvent.objects.for_target(page).filter(verb=Verb.VIEWED)
    assert views.count() == 1
    view = views.get()
    assert view.actor == reader
    assert (view.actor_department, view.actor_level, view.actor_location) == (
        "Sales",
        "manager",
        "Berlin",
    )


def test_the_snapshot_keeps_the_department_at_the_time(reader, page, signed_in):
    signed_in(reader).get(page.url)
    reader.profile.department = DepartmentFactory(name="Finance")
    reader.profile.save()
    assert ActivityEvent.objects.get(verb=Verb.VIEWED).actor_department == "Sales"


def test_a_repeat_view_costs_no_query(reader, page, django_assert_num_queries):
    assert record_view(reader, page)
    with django_assert_num_queries(0):
        assert not record_view(reader, page)


def test_a_cold_cache_still_counts_once_per_day(reader, page):
    record_view(reader, page)
    cache.clear()  # another process, or a restart
    record_view(reader, page)
    assert ActivityEvent.objects.filter(verb=Verb.VIEWED).count() == 1


def test_a_new_day_is_a_new_view(reader, page, monkeypatch):
    record_view(reader, page)
    tomorrow = timezone.now() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    record_view(reader, page)
    assert ActivityEvent.objects.filter(verb=Verb.VIEWED).count() == 2


def test_publishing_is_recorded_with_the_publisher(home, reader):
    page = StandardPageFactory(parent=home, live=False)
    page.save_revision(user=reader).publish(user=reader, skip_permission_checks=True)
    event = ActivityEvent.objects.for_target(page).get(verb=Verb.PUBLISHED)
    assert event.actor == reader
    assert event.actor_department == "Sales"


def test_events_are_append_only(reader, page):
    record_view(reader, page)
    event = ActivityEvent.objects.get()
    event.verb = Verb.PUBLISHED
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    assert ActivityEvent.objects.get().verb == Verb.VIEWED
