"""Headcount per period (people.providers.StaffHeadcount, the insights dashboard's shares
of staff): the people employed at some time during a window, by their start and leave
dates; a deactivated account leaves on the day; an administrator edits the dates."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from insights.dashboard import people as dashboard_people
from people.models import Department, Profile
from tests.factories import UserFactory

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def _person(name, start: date | None, leave: date | None = None, roles=(Role.EMPLOYEES,)):
    user = UserFactory(username=name, roles=list(roles))
    Profile.objects.filter(user=user).update(
        department=Department.objects.get_or_create(name="Sales")[0],
        start_date=start,
        leave_date=leave,
    )
    return user


def _sales(*windows) -> list[int]:
    return [row.get("Sales", 0) for row in dashboard_people.headcount("department", windows)]


def test_who_was_employed_during_each_window(db, django_assert_num_queries):
    _person("always", date(2020, 1, 1))
    _person("left_before", date(2020, 1, 1), date(2026, 10, 31))
    _person("left_during", date(2020, 1, 1), date(2026, 11, 10))
    _person("started_during", date(2026, 11, 20))
    _person("starts_after", date(2026, 12, 1))
    october, week_of_23rd = (
        (date(2026, 10, 1), date(2026, 10, 31)),
        (
            date(2026, 11, 23),
            date(2026, 11, 29),
        ),
    )
    with django_assert_num_queries(1):
        counts = _sales(NOVEMBER, october, week_of_23rd)
    # November: always, left during, started during (not the one who left on 31 Oct).
    assert counts == [3, 3, 2]


def test_guests_are_not_staff(db):
    _person("guest", date(2020, 1, 1), roles=[Role.GUESTS])
    _person("staff", date(2020, 1, 1))
    assert _sales(NOVEMBER) == [1]


def test_a_new_account_starts_on_the_day_it_was_made(db):
    user = UserFactory(username="newcomer")
    assert Profile.objects.get(user=user).start_date == timezone.localdate(user.date_joined)


def test_deactivating_sets_the_leave_date_once(db):
    user = _person("leaver", date(2020, 1, 1))
    user.is_active = False
    user.save()
    assert Profile.objects.get(user=user).leave_date == timezone.localdate()
    Profile.objects.filter(user=user).update(leave_date=date(2026, 6, 30))
    user.save()  # saved again: the date an administrator set stays
    assert Profile.objects.get(user=user).leave_date == date(2026, 6, 30)


def test_a_sign_in_of_an_active_person_costs_no_headcount_query(db, django_assert_num_queries):
    user = _person("active", date(2020, 1, 1))
    user.last_login = timezone.now()
    with django_assert_num_queries(1):  # the UPDATE of the last login, nothing more
        user.save(update_fields=["last_login"])


def test_an_administrator_edits_the_leave_date(db, signed_in):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    person = _person("moved_on", date(2020, 1, 1))
    profile = Profile.objects.get(user=person)
    client = signed_in(admin)
    url = reverse("wagtailsnippets_people_profile:edit", args=[profile.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="leave_date"' in page.content.decode()
