"""Each role can do what docs/roles.md says, and no more."""

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from core.roles import ROLE_PERMISSIONS, Role, ensure_roles
from tests.factories import StandardPageFactory, UserFactory


@pytest.fixture
def page(home):
    return StandardPageFactory(parent=home)


def _person(*roles: str):
    return UserFactory(roles=list(roles))


def test_the_data_migration_created_every_role(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_ensure_roles_is_idempotent(db):
    def counts():
        return (
            Group.objects.count(),
            Group.permissions.through.objects.count(),
            GroupPagePermission.objects.count(),
            GroupCollectionPermission.objects.count(),
        )

    before = counts()
    ensure_roles(global_apps)
    ensure_roles(global_apps)
    assert counts() == before


def test_wagtail_default_moderators_lost_their_publish_rights(db):
    """Wagtail's starter "Moderators" group may publish; Hearth's moderators moderate talk."""
    moderators = Group.objects.get(name=Role.MODERATORS)
    assert not GroupPagePermission.objects.filter(group=moderators).exists()


@pytest.mark.parametrize("role", [Role.EMPLOYEES, Role.GUESTS, Role.MODERATORS])
def test_readers_reach_a_403_with_a_way_back_from_the_admin(role, signed_in, home):
    client = signed_in(_person(role))
    response = client.get("/admin/pages/", follow=True)
    if role == Role.MODERATORS:  # may open the admin, has no pages to edit
        assert response.status_code == 200
        return
    assert response.status_code == 403
    assert "You don't have access to this" in response.content.decode()
    assert len(response.redirect_chain) == 1  # no loop between the admin and sign-in


@pytest.mark.parametrize(
    ("role", "can_edit", "can_publish"),
    [
        (Role.EDITORS, True, False),
        (Role.SPACE_OWNERS, False, False),  # only inside their spaces, see tests/knowledge
        (Role.COMMUNICATIONS, True, True),
        (Role.MODERATORS, False, False),
        (Role.ADMINISTRATORS, True, True),
        (Role.EMPLOYEES, False, False),
        (Role.GUESTS, False, False),
    ],
)
def test_page_permissions_by_role(role, can_edit, can_publish, page):
    permissions = page.permissions_for_user(_person(role))
    assert permissions.can_edit() is can_edit
    assert permissions.can_publish() is can_publish


def test_an_editor_writes_a_page_in_the_admin_and_submits_a_draft(signed_in, home):
    editor = _person(Role.EDITORS)
    client = signed_in(editor)
    assert client.get("/admin/").status_code == 200
    response = client.post(
        f"/admin/pages/add/home/standardpage/{home.pk}/",
        {
            "title": "Expense policy",
            "slug": "expense-policy",
            "listing_summary": "How to claim expenses.",
            "body-count": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from home.models import StandardPage

    draft = StandardPage.objects.get(slug="expense-policy")
    assert not draft.live
    assert draft.owner == editor


def test_only_communications_and_administrators_edit_the_brand(signed_in, home):
    url = f"/admin/settings/core/brandsettings/{home.get_site().pk}/"
    assert signed_in(_person(Role.COMMUNICATIONS)).get(url).status_code == 200
    assert signed_in(_person(Role.ADMINISTRATORS)).get(url).status_code == 200
    assert signed_in(_person(Role.EDITORS)).get(url).status_code in (302, 403)


def test_only_administrators_manage_people_records(signed_in, db):
    url = "/admin/snippets/people/profile/"
    assert signed_in(_person(Role.ADMINISTRATORS)).get(url).status_code == 200
    assert signed_in(_person(Role.EDITORS)).get(url).status_code in (302, 403)


def test_every_role_in_the_table_has_a_group(db):
    assert set(ROLE_PERMISSIONS) == set(Role)


def test_ensure_roles_leaves_the_running_app_registry_as_it_was(db):
    """It borrows `models_module` to create permissions; the real registry must get it back
    (Django's test serialisation, among others, skips apps whose models_module is None)."""
    before = {config.label: config.models_module for config in global_apps.get_app_configs()}
    ensure_roles(global_apps)
    after = {config.label: config.models_module for config in global_apps.get_app_configs()}
    assert after == before
