"""The knowledge layout's space tree (issue 21): every page of a space beside each of its
pages, the current one marked and the pages above it open; only what the reader may see,
though the tree is cached per role key (knowledge.context.space_tree)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from people.models import GuestAccess
from tests.factories import KnowledgePageFactory, UserFactory, publish, restrict_to_groups


def _tree(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode().split('data-testid="space-tree"')[1].split("</details>\n")[0]


@pytest.fixture
def pages(space, page, owner):
    """Reset your VPN token > Token app > Android; and Printers > Floor 2."""
    app = KnowledgePageFactory(parent=page, title="Token app")
    android = KnowledgePageFactory(parent=app, title="Android")
    printers = KnowledgePageFactory(parent=space, title="Printers")
    floor = KnowledgePageFactory(parent=printers, title="Floor 2")
    for item in (app, android, printers, floor):
        publish(item, owner)
    return {"app": app, "android": android, "printers": printers, "floor": floor}


def test_a_reader_sees_the_space_tree_with_the_page_marked_and_its_ancestors_open(
    employee_client, space, page, pages
):
    tree = _tree(employee_client, pages["android"])

    # Every page of the space, in tree order, the space itself first.
    titles = re.findall(r"<a [^>]*>([^<]+)</a>", tree)
    assert titles == [
        "IT Help",
        "Reset your VPN token",
        "Token app",
        "Android",
        "Printers",
        "Floor 2",
    ]
    assert re.search(r'<a href="[^"]*android/" aria-current="page">Android</a>', tree)
    assert tree.count('aria-current="page"') == 1
    # The branches on the way to the page are open; the others closed.
    assert re.search(
        r'<details class="page-tree__branch" open><summary><a href="[^"]*">Reset your VPN token',
        tree,
    )
    assert re.search(
        r'<details class="page-tree__branch" open><summary><a href="[^"]*">Token app', tree
    )
    assert re.search(r'<details class="page-tree__branch"><summary><a href="[^"]*">Printers', tree)
    # The tree is a disclosure named for what it holds.
    assert '<summary class="page-tree__summary">Pages in this space</summary>' in tree


def test_the_space_page_shows_the_same_tree(employee_client, space, page, pages):
    tree = _tree(employee_client, space)
    assert "Android" in tree and "Floor 2" in tree
    assert 'aria-current="page"' not in tree  # the space is not one of its pages


def test_a_new_page_shows_in_the_tree_on_the_next_request(employee_client, space, page, owner):
    assert "Printers" not in _tree(employee_client, page)
    publish(KnowledgePageFactory(parent=space, title="Printers"), owner)
    assert "Printers" in _tree(employee_client, page)


def test_a_private_page_never_reaches_the_tree_of_an_employee_outside_its_group_nor_a_guest(
    signed_in, space, page, owner
):
    leadership = Group.objects.create(name="Leadership")
    secret = KnowledgePageFactory(parent=space, title="Board memo on VPN costs")
    publish(secret, owner)
    restrict_to_groups(secret, leadership)
    leader = UserFactory(roles=["Employees"])
    leader.groups.add(leadership)
    guest = UserFactory(roles=["Guests"])
    GuestAccess.objects.create(
        user=guest, space=space, expires_at=timezone.now() + timedelta(days=7)
    )

    # The leader's request fills the cache first, on the page and on the space.
    assert "Board memo" in _tree(signed_in(leader), page)
    assert "Board memo" in _tree(signed_in(leader), space)
    for reader in (UserFactory(roles=["Employees"]), guest):
        client = signed_in(reader)
        for shown in (page, space):
            html = client.get(shown.url).content.decode()
            assert "Reset your VPN token" in html.split('data-testid="space-tree"')[1]
            assert "Board memo" not in html, f"{reader} sees the private page on {shown.title}"
