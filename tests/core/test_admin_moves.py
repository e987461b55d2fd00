"""No move or copy puts a private page where more people may read it, even by a member of
the group with every page permission; the archive keeps a page's restriction."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from governance.review.services import archive
from tests.factories import (
    KnowledgePageFactory,
    UserFactory,
    knowledge_space,
    publish,
    restrict_to_groups,
)


@pytest.fixture
def board(home):
    group = Group.objects.create(name="Board")
    member = UserFactory(username="mona", roles=["Employees", "Communications"])
    member.groups.add(group)
    handbook = knowledge_space("Handbook")
    publish(handbook)
    room = knowledge_space("Board room")
    restrict_to_groups(room, group)
    publish(room)
    minutes = KnowledgePageFactory(parent=room, title="Board minutes", slug="board-minutes")
    publish(minutes)
    notes = KnowledgePageFactory(parent=room, title="Board notes", slug="board-notes")
    publish(notes)
    client = Client()
    client.force_login(member)
    return {
        "client": client,
        "room": room,
        "handbook": handbook,
        "minutes": minutes,
        "notes": notes,
    }


def test_a_member_cannot_move_a_private_page_into_a_public_space(board):
    minutes, handbook = board["minutes"], board["handbook"]
    response = board["client"].post(f"/admin/pages/{minutes.pk}/move/{handbook.pk}/confirm/")
    assert response.status_code in (302, 403)
    assert Page.objects.get(pk=minutes.pk).get_parent().pk == board["room"].pk


def test_a_member_may_still_move_within_the_private_space(board):
    minutes, notes = board["minutes"], board["notes"]
    response = board["client"].post(f"/admin/pages/{minutes.pk}/move/{notes.pk}/confirm/")
    assert response.status_code == 302
    assert Page.objects.get(pk=minutes.pk).get_parent().pk == notes.pk


def test_a_member_cannot_copy_a_private_page_into_a_public_space(board):
    minutes, handbook = board["minutes"], board["handbook"]
    response = board["client"].post(
        f"/admin/pages/{minutes.pk}/copy/",
        {
            "new_title": "Copied minutes",
            "new_slug": "copied-minutes",
            "new_parent_page": handbook.pk,
        },
    )
    assert response.status_code == 200
    assert "You do not have permission to copy to page" in response.content.decode()
    assert not Page.objects.filter(slug="copied-minutes").exists()


def test_an_archived_private_page_stays_private(board):
    outsider = UserFactory(username="otto", roles=["Employees", "Editors"])
    minutes = board["minutes"]
    archive(minutes, reason="stale")
    moved = Page.objects.get(pk=minutes.pk)
    assert moved.get_parent().pk != board["room"].pk  # now under the archive
    # Unpublished, yet in the admin it must stay the Board's: hidden from an outsider.
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/admin/pages/{minutes.pk}/edit/").status_code == 404
    assert not moved.specific.permissions_for_user(outsider).can_edit()
    kept = PageViewRestriction.objects.get(page=moved)
    assert list(kept.groups.values_list("name", flat=True)) == ["Board"]
