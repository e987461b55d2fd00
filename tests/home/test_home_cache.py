"""The home page's latest updates and sections are cached per reader's roles until the
tree changes (home.context.shared_feeds, issue 19): what a Leadership member's request
filled never reaches an employee, and every change shows on the next request."""

import pytest
from django.contrib.auth.models import Group

from home.context import shared_feeds
from home.models import HomePage
from tests.factories import StandardPageFactory, UserFactory, restrict_to_groups


@pytest.fixture
def leadership(db):
    return Group.objects.create(name="Leadership")


def _publish(page, user):
    page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    return page


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_leadership_update_cached_for_a_leader_never_reaches_an_employee(
    home, signed_in, leadership
):
    author = UserFactory()
    memo = _publish(
        StandardPageFactory(parent=home, title="Board memo", show_in_menus=True), author
    )
    restrict_to_groups(memo, leadership)
    leader = UserFactory(roles=["Employees"])
    leader.groups.add(leadership)
    assert "Board memo" in _home(signed_in(leader))  # fills the cache for its roles
    assert "Board memo" not in _home(signed_in(UserFactory(roles=["Employees"])))


def test_a_group_change_shows_on_the_next_request(home, signed_in, leadership):
    memo = _publish(StandardPageFactory(parent=home, title="Board memo"), UserFactory())
    restrict_to_groups(memo, leadership)
    employee = UserFactory(roles=["Employees"])
    client = signed_in(employee)
    assert "Board memo" not in _home(client)
    employee.groups.add(leadership)
    assert "Board memo" in _home(client)
    employee.groups.remove(leadership)
    assert "Board memo" not in _home(client)


def test_publish_unpublish_and_restriction_show_on_the_next_request(home, signed_in, leadership):
    client = signed_in(UserFactory(roles=["Employees"]))
    assert "Canteen menu" not in _home(client)
    page = _publish(StandardPageFactory(parent=home, title="Canteen menu"), UserFactory())
    assert "Canteen menu" in _home(client)
    restriction = restrict_to_groups(page, leadership)
    assert "Canteen menu" not in _home(client)
    restriction.delete()
    assert "Canteen menu" in _home(client)
    page.unpublish()
    assert "Canteen menu" not in _home(client)


def test_the_cached_publisher_carries_no_account_details(home, signed_in):
    author = UserFactory(first_name="Pat", last_name="Publisher", email="pat@example.com")
    _publish(StandardPageFactory(parent=home, title="Canteen menu"), author)
    reader = UserFactory(roles=["Employees"])
    assert "Pat Publisher" in _home(signed_in(reader))
    feeds = shared_feeds(HomePage.objects.get(pk=home.pk), reader)
    publisher = feeds["latest_updates"][0].live_revision.user
    assert publisher.display_name == "Pat Publisher"
    assert not publisher.password and not publisher.email
