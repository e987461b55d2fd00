"""The command palette's actions: only what the person may do, in a constant number of
queries (the palette itself is driven in Chromium: tests/browser/test_palette.py)."""

import pytest

from tests.factories import UserFactory, knowledge_space, publish

ACTIONS = "/search/palette/actions/"


def labels(client) -> dict[str, str]:
    response = client.get(ACTIONS)
    assert response.status_code == 200
    return {item["label"]: item["url"] for item in response.json()["actions"]}


@pytest.fixture
def spaces(home):
    it = knowledge_space("IT Help")
    publish(it)
    return it


def test_an_employee_may_give_kudos_ask_and_write_but_not_see_insights(spaces, signed_in):
    found = labels(signed_in(UserFactory(roles=["Employees"])))
    assert found["Give kudos"] == "/people/recognition/kudos/new/"
    assert found["Ask a question in IT Help"] == f"/community/groups/questions/ask/{spaces.pk}/"
    assert "Notifications" in found
    assert "Insights" not in found
    # Spaces are a wiki: employees may add pages to them (Wagtail's "add" permission).
    assert found["New page in IT Help"] == f"/admin/pages/{spaces.pk}/add_subpage/"


def test_no_new_page_where_the_person_may_not_add_one(spaces, signed_in):
    from wagtail.models import GroupPagePermission

    GroupPagePermission.objects.filter(page=spaces, permission__codename="add_page").delete()
    found = labels(signed_in(UserFactory(roles=["Employees"])))
    assert "Give kudos" in found
    assert not any(label.startswith("New page in") for label in found)


def test_communications_see_insights(spaces, signed_in):
    assert "Insights" in labels(signed_in(UserFactory(roles=["Communications"])))


def test_a_guest_gets_no_staff_actions(spaces, signed_in):
    found = labels(signed_in(UserFactory(roles=["Guests"])))
    assert set(found) == {"Notifications"}


def test_actions_cost_the_same_queries_for_1_or_12_spaces(home, signed_in):
    client = signed_in(UserFactory(roles=["Employees", "Editors"]))
    publish(knowledge_space("Space 0"))
    client.get(ACTIONS)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert len(labels(client)) > 0
    for number in range(1, 12):
        publish(knowledge_space(f"Space {number}"))
    client.get(ACTIONS)  # what publishing changed is read again once
    with CaptureQueriesContext(connection) as twelve:
        assert sum(label.startswith("New page in") for label in labels(client)) == 12
    assert len(twelve.captured_queries) == len(one.captured_queries)
