"""The pilot form: bad input is the form's error (400), nothing stored; good input makes
the pilot with its population and targets."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from insights.pilots.models import Pilot
from tests.factories import DepartmentFactory, UserFactory

TODAY = timezone.localdate()


@pytest.fixture
def admin_client(client, db):
    DepartmentFactory(name="Sales")
    DepartmentFactory(name="Support")
    client.force_login(UserFactory(username="ada", roles=["Administrators"]))
    return client


def targets(*rows, total=None):
    data = {
        "targets-TOTAL_FORMS": str(total if total is not None else max(len(rows), 5)),
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "5",
    }
    for n, (measure, comparison, value) in enumerate(rows):
        data |= {
            f"targets-{n}-measure": measure,
            f"targets-{n}-comparison": comparison,
            f"targets-{n}-value": str(value),
        }
    return data


def form(**changes):
    data = {
        "name": "Sales knowledge pilot",
        "goal": "Sales find answers without asking.",
        "departments": ["Sales"],
        "people": "",
        "baseline_first": (TODAY - timedelta(days=60)).isoformat(),
        "baseline_last": (TODAY - timedelta(days=31)).isoformat(),
        "pilot_first": (TODAY - timedelta(days=30)).isoformat(),
        "pilot_last": (TODAY + timedelta(days=30)).isoformat(),
        **targets(("active_readers", "gte", 10), ("comments", "gte", 20)),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post(client, data):
    return client.post(reverse("insights_pilots:create"), data)


def test_the_empty_form_offers_an_empty_people_box(admin_client):
    response = admin_client.get(reverse("insights_pilots:create"))
    assert re.search(r'<textarea name="people"[^>]*>\s*</textarea>', response.content.decode())


def test_a_good_form_makes_the_pilot(admin_client):
    people = [UserFactory(username="sam"), UserFactory(username="sue")]
    group = Group.objects.get(name="Editors")
    chosen = targets(("active_readers", "gte", 10), ("new_people", "gte", 3))
    response = post(admin_client, form(people="sam, sue", groups=[group.pk], **chosen))
    assert response.status_code == 302, [
        line for line in response.content.decode().splitlines() if "error" in line
    ]
    pilot = Pilot.objects.get()
    assert pilot.departments == ["Sales"]
    assert set(pilot.people.all()) == set(people)
    assert list(pilot.groups.all()) == [group]
    assert [(t.measure, t.comparison, t.value) for t in pilot.targets.all()] == [
        ("active_readers", "gte", 10),
        ("new_people", "gte", 3),
    ]
    assert response["Location"] == reverse("insights_pilots:detail", args=[pilot.pk])


def test_editing_keeps_and_changes_targets(admin_client):
    post(admin_client, form())
    pilot = Pilot.objects.get()
    first, second = pilot.targets.all()
    data = form(name="Renamed", **{"targets-INITIAL_FORMS": "2"})
    data |= {"targets-0-id": str(first.pk), "targets-1-id": str(second.pk)}
    data |= {"targets-1-DELETE": "on", "targets-0-value": "12"}
    response = admin_client.post(reverse("insights_pilots:edit", args=[pilot.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    pilot.refresh_from_db()
    assert pilot.name == "Renamed"
    assert [(t.measure, t.value) for t in pilot.targets.all()] == [("active_readers", 12)]


BAD = {
    "an empty population": (
        {"departments": None},
        "Choose who takes part: groups, departments, locations or people.",
    ),
    "overlapping periods": (
        {"pilot_first": (TODAY - timedelta(days=40)).isoformat()},
        "The baseline and the pilot periods must not overlap.",
    ),
    "a baseline in the future": (
        {
            "baseline_last": (TODAY + timedelta(days=1)).isoformat(),
            "pilot_first": (TODAY + timedelta(days=2)).isoformat(),
        },
        "The baseline must be over before today",
    ),
    "a backward period": (
        {"pilot_last": (TODAY - timedelta(days=35)).isoformat()},
        "The pilot must end on or after its first day.",
    ),
    "an unknown measure": (
        targets(("no_such_measure", "gte", 1)),
        "There is no measure called “no_such_measure”.",
    ),
    "more than five targets": (
        targets(*[("active_readers", "gte", n) for n in range(6)]),
        "Please submit at most 5 forms.",
    ),
    "an unknown person": ({"people": "sam nobody"}, "There is nobody called nobody, sam."),
    "an unknown department": ({"departments": ["Nowhere"]}, "Select a valid choice."),
    "a bad date": ({"pilot_first": "31/02/2026"}, "Enter a valid date."),
    "a value that is not a number": (
        targets(("active_readers", "gte", "ten")),
        "Enter a number.",
    ),
    "an event measure for a list of people": (
        {"departments": None, "people": "ada", **targets(("comments", "gte", 1))},
        "is counted per department and location, not per person",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_a_400_with_the_reason_and_nothing_stored(case, admin_client):
    changes, message = BAD[case]
    response = post(admin_client, form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Pilot.objects.exists()
