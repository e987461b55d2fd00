"""The archive (/knowledge/archive/, issue 21): archived pages a reader may know of, with
the reason and the date, by space, paginated; restoring stays with the space's owners."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from governance.review import services as review
from knowledge.models import ArchivedPage
from people.models import GuestAccess
from tests.factories import KnowledgePageFactory, UserFactory, knowledge_space, restrict_to_groups

URL = "/knowledge/archive/"
ARCHIVE_PER_PAGE = review.ARCHIVE_PER_PAGE


@pytest.fixture
def owner(db):
    return UserFactory(roles=["Employees", "Space owners"])


@pytest.fixture
def spaces(home, owner):
    it = knowledge_space("IT Help", owner=owner)
    board = knowledge_space("Board room")
    restrict_to_groups(board, Group.objects.create(name="Leadership"))
    return {"it": it, "board": board}


def _archive(space, title, reason):
    return review.archive(KnowledgePageFactory(parent=space, title=title), reason=reason)


def _archive_html(client, query="") -> str:
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def test_an_archived_page_appears_in_the_archive_with_its_reason_and_space(spaces, employee_client):
    _archive(spaces["it"], "Old VPN guide", "Replaced by the new VPN page.")
    html = _archive_html(employee_client)
    row = html.split('data-testid="archived-page"')[1].split("</tr>")[0]
    assert "Old VPN guide" in row
    assert "Replaced by the new VPN page." in row
    assert "IT Help" in row
    assert 'data-testid="restore"' not in row  # an employee may not restore


def test_the_space_owner_restores_from_the_archive(spaces, owner, signed_in):
    record = _archive(spaces["it"], "Old VPN guide", "Stale")
    client = signed_in(owner)
    html = _archive_html(client)
    assert 'data-testid="restore"' in html
    response = client.post(f"/pages/{record.page_id}/restore/", {"next": URL})
    assert response.status_code == 302
    assert not ArchivedPage.objects.exists()
    assert "Old VPN guide" not in _archive_html(client)


def test_an_employee_outside_a_private_space_never_sees_its_archived_pages(
    spaces, signed_in, employee_client
):
    _archive(spaces["board"], "Merger memo", "Deal closed")
    _archive(spaces["it"], "Old VPN guide", "Stale")
    html = _archive_html(employee_client)
    assert "Old VPN guide" in html
    assert "Merger memo" not in html
    assert "Deal closed" not in html
    assert "Board room" not in html  # not even in the space filter
    leader = UserFactory(roles=["Employees"])
    leader.groups.add(Group.objects.get(name="Leadership"))
    assert "Merger memo" in _archive_html(signed_in(leader))


def test_a_guest_sees_only_what_was_archived_from_their_spaces(home, spaces, signed_in):
    portal = knowledge_space("Partner portal")
    _archive(portal, "Old price list", "Superseded")
    _archive(spaces["it"], "Old VPN guide", "Stale")
    guest = UserFactory(roles=["Guests"])
    GuestAccess.objects.create(
        user=guest, space=portal, expires_at=timezone.now() + timedelta(days=9)
    )
    html = _archive_html(signed_in(guest))
    assert "Old price list" in html
    assert "Old VPN guide" not in html
    assert "IT Help" not in html


def test_the_archive_filters_by_space_and_refuses_a_malformed_one(spaces, employee_client):
    hr = knowledge_space("HR")
    _archive(spaces["it"], "Old VPN guide", "Stale")
    _archive(hr, "Old leave form", "Stale")
    html = _archive_html(employee_client, f"?space={hr.pk}")
    assert "Old leave form" in html
    assert "Old VPN guide" not in html
    # A private space's id filters nothing and says nothing about it.
    html = _archive_html(employee_client, f"?space={spaces['board'].pk}")
    assert "Old leave form" in html and "Old VPN guide" in html
    response = employee_client.get(URL + "?space=abc")
    assert response.status_code == 400
    assert "Choose a space from the list." in response.content.decode()


@pytest.mark.parametrize("count", [3, ARCHIVE_PER_PAGE + 3])
def test_the_archive_is_paginated_in_a_constant_number_of_queries(
    count, spaces, employee_client, django_assert_num_queries
):
    for number in range(count):
        _archive(spaces["it"], f"Archived {number:02d}", "Stale")
    _archive_html(employee_client)  # warm
    with django_assert_num_queries(ARCHIVE_QUERIES):
        first = _archive_html(employee_client)
    assert first.count('data-testid="archived-page"') == min(count, ARCHIVE_PER_PAGE)
    if count > ARCHIVE_PER_PAGE:
        second = _archive_html(employee_client, "?page=2")
        assert second.count('data-testid="archived-page"') == count - ARCHIVE_PER_PAGE
    assert employee_client.get(URL + "?page=999").status_code == 200


# Session, user, versions, the spaces for the filter, the count, the page of rows (with
# page, place and who archived it joined), the header's chrome: the same for 3 or 300 rows.
ARCHIVE_QUERIES = 7
