"""docs/permissions.md's second table, "A private space in the Wagtail admin", checked cell
by cell against real admin requests and Wagtail's page permission testers."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from core.policy import Action, policy
from tests.brand.factories_hub import DocumentFactory
from tests.core.test_permission_matrix import read_tables
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    publish,
)

TABLE = read_tables()[1]
ROLES = {
    "Employees": [],
    "Editors": ["Editors"],
    "Space owners": ["Space owners"],
    "Communications": ["Communications"],
    "Moderators": ["Moderators"],
    "Administrators": ["Administrators"],
    # Communications may publish anywhere: only the privacy rule stops a move out.
    "Communications in the space's group": ["Communications", "Board"],
}


@pytest.fixture
def world(home):
    Group.objects.create(name="Board")
    index = KnowledgeIndexPageFactory(parent=home)
    open_space = SpacePageFactory(parent=index, title="Handbook", edit_policy="everyone")
    publish(open_space)
    board = SpacePageFactory(parent=index, title="Board room", edit_policy="everyone")
    restriction = PageViewRestriction.objects.create(
        page=board, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Board"))
    publish(board)
    board.refresh_from_db()
    minutes = KnowledgePageFactory(parent=board, title="Board minutes")
    publish(minutes)
    minutes.save_revision()
    document = DocumentFactory(title="Board budget", collection=board.collection)
    return {"open": open_space, "board": board, "minutes": minutes, "document": document}


def probe(world, user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    minutes, board = world["minutes"], world["board"]

    def shows(url, text):
        response = client.get(url)
        return response.status_code == 200 and text in response.content.decode()

    revision = minutes.latest_revision_id
    found = {
        "explore": shows(f"/admin/pages/{board.get_parent().pk}/", "Board room"),
        "edit": client.get(f"/admin/pages/{minutes.pk}/edit/").status_code == 200,
        "revisions": shows(f"/admin/pages/{minutes.pk}/revisions/{revision}/view/", "Board"),
        "files": shows("/admin/documents/", "Board budget"),
        "move out": minutes.permissions_for_user(user).can_move_to(world["open"]),
    }
    return {action: "yes" if allowed else "no" for action, allowed in found.items()}


# The columns the permission policy answers (the others are Wagtail's own screens).
POLICY_COLUMNS = {"explore": (Action.EXPLORE, "board"), "edit": (Action.EDIT, "minutes")}


def policy_probe(world, user) -> dict[str, str]:
    """The same cells as `core.policy` answers them (`user_has_permission_for_instance`)."""
    return {
        column: "yes" if policy.user_has_permission_for_instance(user, action, world[key]) else "no"
        for column, (action, key) in POLICY_COLUMNS.items()
    }


def test_the_table_has_every_row():
    assert list(TABLE) == list(ROLES)


@pytest.mark.parametrize("who", ROLES)
def test_every_cell_of_the_admin_table_holds(world, who):
    username = who.lower().replace(" ", "-").replace("'", "")
    user = UserFactory(username=username, roles=["Employees", *ROLES[who]])
    assert probe(world, user) == TABLE[who]
    expected = {column: TABLE[who][column] for column in POLICY_COLUMNS}
    assert policy_probe(world, type(user).objects.get(pk=user.pk)) == expected
