"""Hearth's own actions in Wagtail's audit log (verify, acknowledge, moderation, roles and
permissions, view restrictions, exports), each with its label, and the "Audit log" report:
administrators only, filterable, exportable (and the export logged), constant queries."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import LogContext
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupPagePermission,
    ModelLogEntry,
    PageLogEntry,
)

from community.moderation import services as moderation
from core import audit
from knowledge import mustread
from knowledge.services import verify_page
from tests.community.factories import CommentFactory
from tests.factories import (
    KnowledgePageFactory,
    UserFactory,
    knowledge_space,
    publish,
)

AUDIT = "/admin/reports/audit/"
AUDIT_RESULTS = "/admin/reports/audit/results/"


@pytest.fixture
def owner(db):
    return UserFactory(username="oona", roles=["Employees"])


@pytest.fixture
def page(owner):
    space = knowledge_space(owner=owner)
    page = KnowledgePageFactory(parent=space, title="Expense policy", content_owner=owner)
    publish(page, owner)
    return page


@pytest.fixture
def administrator(db):
    """The Administrators role, not a superuser."""
    return UserFactory(username="ada", roles=["Employees", "Administrators"])


@pytest.fixture
def admin_client(administrator, signed_in):
    return signed_in(administrator)


def _entries(action):
    return [
        *PageLogEntry.objects.filter(action=action),
        *ModelLogEntry.objects.filter(action=action),
    ]


def _shown(client, **query) -> str:
    response = client.get(AUDIT_RESULTS, query)
    assert response.status_code == 200
    return response.content.decode()


def _csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


# -- our actions, with their labels --------------------------------------------------------


def test_verifying_a_page_is_logged_and_shown(page, owner, signed_in, admin_client):
    signed_in(owner).post(reverse("knowledge:verify", args=[page.pk]))
    [entry] = _entries(audit.VERIFY)
    assert entry.user == owner
    assert entry.page_id == page.pk
    html = _shown(admin_client, action=audit.VERIFY)
    assert "Verified that the page is still right" in html
    assert "Expense policy" in html


def test_acknowledging_a_must_read_is_logged_once(page, owner, employee, employee_client):
    mustread.set_must_read(owner, page, everyone=True)
    url = reverse("knowledge:acknowledge", args=[page.pk])
    employee_client.post(url)
    employee_client.post(url)  # the same revision again: nothing new
    [entry] = _entries(audit.ACKNOWLEDGE)
    assert (entry.user, entry.page_id, entry.data["in_audience"]) == (employee, page.pk, True)
    assert entry.message == "Acknowledged reading the page"


def test_moderation_shows_in_the_audit_log(page, admin_client):
    comment = CommentFactory(page=page, body="Buy cheap watches")
    moderator = UserFactory(username="mona", roles=["Employees", "Moderators"])
    moderation.hide(moderator, comment, "Spam")
    html = _shown(admin_client, action="hearth.comment.hide")
    assert "Expense policy" in html  # the entry's title names the page
    assert "mona" in html or moderator.get_full_name() in html


def test_an_administrator_changing_someones_roles_is_logged_with_who_did_it(
    administrator, admin_client, employee
):
    editors = Group.objects.get(name="Editors")
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[employee.pk]),
        {
            "username": employee.username,
            "email": employee.email,
            "first_name": employee.first_name,
            "last_name": employee.last_name,
            "is_active": "on",
            "groups": [editors.pk],  # Employees removed, Editors added
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    about_emma = ModelLogEntry.objects.filter(object_id=str(employee.pk), user=administrator)
    [added] = about_emma.filter(action=audit.ROLE_ADD)
    [removed] = about_emma.filter(action=audit.ROLE_REMOVE)
    assert (added.user, added.object_id, added.data["group"]) == (
        administrator,
        str(employee.pk),
        "Editors",
    )
    assert removed.data["group"] == "Employees"
    html = _shown(admin_client, action=audit.ROLE_ADD)
    assert "Added to the group “Editors”" in html


def test_group_model_and_page_permissions_are_logged(administrator, page):
    group = Group.objects.create(name="Auditors")
    change = Permission.objects.get(codename="change_page")
    with LogContext(user=administrator):
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        grant = GroupPagePermission.objects.create(group=group, page=page, permission=change)
        grant.delete()
        group.permissions.clear()
    grants = ModelLogEntry.objects.filter(object_id=str(group.pk)).order_by("pk")
    assert [(e.action, e.data["kind"], e.user) for e in grants] == [
        (audit.PERMISSION_GRANT, "model", administrator),
        (audit.PERMISSION_GRANT, "page", administrator),
        (audit.PERMISSION_REVOKE, "page", administrator),
        (audit.PERMISSION_REVOKE, "model", administrator),
    ]
    assert grants[1].message == "Granted wagtailcore.change_page on the page “Expense policy”"


def test_page_permissions_added_in_wagtails_group_editor_are_logged(
    administrator, admin_client, page
):
    """Wagtail's group editor creates page permissions with bulk_create (no signal)."""
    group = Group.objects.create(name="Reviewers")
    data = {
        "name": "Reviewers",
        "page_permissions-TOTAL_FORMS": "1",
        "page_permissions-INITIAL_FORMS": "0",
        "page_permissions-MIN_NUM_FORMS": "0",
        "page_permissions-MAX_NUM_FORMS": "1000",
        "page_permissions-0-page": str(page.pk),
        "page_permissions-0-permissions": ["change_page"],
    }
    for prefix in ("collection_permissions", "image_permissions", "document_permissions"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = admin_client.post(reverse("wagtailusers_groups:edit", args=[group.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert GroupPagePermission.objects.filter(group=group, page=page).exists()
    [entry] = ModelLogEntry.objects.filter(action=audit.PERMISSION_GRANT, object_id=str(group.pk))
    assert (entry.user, entry.data["page_id"]) == (administrator, page.pk)


def test_view_restrictions_and_their_groups_are_logged(administrator, admin_client, page):
    editors = Group.objects.get(name="Editors")
    response = admin_client.post(
        reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
        {"restriction_type": "groups", "groups": [editors.pk], "password": ""},
    )
    assert response.status_code == 200
    actions = PageLogEntry.objects.filter(page=page, user=administrator).values_list(
        "action", "data"
    )
    assert ("wagtail.view_restriction.create", page.pk) in [(a, page.pk) for a, _ in actions]
    [groups] = [data for action, data in actions if action == audit.RESTRICTION_GROUPS]
    assert groups == {"added": ["Editors"]}
    collection = Collection.get_first_root_node().add_child(name="Private files")
    with LogContext(user=administrator):
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
        restriction.delete()
    logged = ModelLogEntry.objects.filter(
        object_id=str(collection.pk), content_type=ContentType.objects.get_for_model(Collection)
    ).order_by("pk")
    assert [entry.action for entry in logged] == [
        "wagtail.view_restriction.create",
        "wagtail.view_restriction.delete",
    ]


def test_every_spreadsheet_download_is_logged(page, owner, signed_in, admin_client):
    mustread.set_must_read(owner, page, everyone=True)
    response = signed_in(owner).get(reverse("knowledge:acknowledgements_csv", args=[page.pk]))
    assert response.status_code == 200
    [on_page] = _entries(audit.EXPORT)
    assert (on_page.user, on_page.page_id) == (owner, page.pk)
    assert on_page.data["filename"] == f"acknowledgements-{page.pk}.csv"
    # Wagtail's report exports (here: the audit log itself, as Excel) are caught too.
    response = admin_client.get(AUDIT, {"action": audit.EXPORT, "export": "xlsx"})
    assert response.status_code == 200
    exports = ModelLogEntry.objects.filter(action=audit.EXPORT)
    [own] = exports
    assert own.data["format"] == "xlsx"
    assert own.data["filters"] == {"action": [audit.EXPORT]}
    assert own.label.startswith("hearth-audit-log-")
    assert "Exported hearth-audit-log-" in _shown(admin_client, action=audit.EXPORT)


# -- the report ----------------------------------------------------------------------------


def test_only_administrators_read_the_audit_log(administrator, signed_in, page):
    editor = UserFactory(username="eddie", roles=["Employees", "Editors"])
    superuser = UserFactory(username="root", is_superuser=True)
    assert signed_in(administrator).get(AUDIT).status_code == 200
    assert signed_in(superuser).get(AUDIT).status_code == 200
    denied = signed_in(editor).get(AUDIT)
    assert denied.status_code == 403
    assert signed_in(editor).get(f"{AUDIT}?export=csv").status_code == 403
    employee = UserFactory(username="emil", roles=["Employees"])
    assert signed_in(employee).get(AUDIT).status_code != 200  # no admin at all
    # In the Reports menu for administrators only.
    assert AUDIT in signed_in(administrator).get("/admin/").content.decode()
    assert AUDIT not in signed_in(editor).get("/admin/").content.decode()


def test_administrators_see_entries_about_things_they_cannot_edit(page, admin_client):
    """Wagtail's Site history hides entries about models the reader has no permission on;
    the audit log does not (comments are not editable by Administrators)."""
    comment = CommentFactory(page=page, body="Off topic")
    moderator = UserFactory(username="mona", roles=["Employees", "Moderators"])
    moderation.remove(moderator, comment, "Off topic")
    rows = _csv(admin_client.get(AUDIT, {"action": "hearth.comment.remove", "export": "csv"}))
    assert len(rows) == 1
    assert rows[0]["Action type"]


def test_filters_action_user_type_and_dates(page, owner, administrator, admin_client):
    other = UserFactory(username="otto", roles=["Employees"])
    with LogContext(user=administrator):
        other.groups.add(Group.objects.get(name="Editors"))
    ModelLogEntry.objects.filter(action=audit.ROLE_ADD).update(
        timestamp=timezone.now() - timedelta(days=40)
    )
    verify_page(owner, page)

    def names(**query):
        rows = _csv(admin_client.get(AUDIT, {**query, "export": "csv"}))
        return {(row["Action type"], row["User"]) for row in rows}

    by_action = names(action=audit.VERIFY)
    assert {action for action, _ in by_action} == {"Verify a page"}
    by_user = names(user=administrator.pk)
    assert by_user and all(user == administrator.get_full_name() for _, user in by_user)
    people = ContentType.objects.get(app_label="core", model="user")
    by_type = names(object_type=people.pk)
    assert "Add to a group (role)" in {action for action, _ in by_type}
    assert "Verify a page" not in {action for action, _ in by_type}
    recent = (timezone.localdate() - timedelta(days=7)).isoformat()
    by_date = names(timestamp_from=recent)
    assert "Verify a page" in {action for action, _ in by_date}
    assert "Add to a group (role)" not in {action for action, _ in by_date}


def test_the_report_costs_the_same_queries_for_few_or_many_entries(
    page, owner, admin_client, administrator
):
    def grow(count):
        for number in range(count):
            person = UserFactory(username=f"p{number}-{count}")
            with LogContext(user=administrator):
                person.groups.add(Group.objects.get(name="Editors"))
            CommentFactory(page=page)
            moderation.hide(administrator, CommentFactory(page=page), "Spam")
            publish(page, owner)

    def queries():
        admin_client.get(AUDIT)
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(AUDIT)
        assert response.status_code == 200
        return len(captured.captured_queries)

    # Rows of one kind per cycle, so any first page holds the same kinds (Wagtail reads the
    # logged objects with one query per kind on the page, never one per row).
    grow(20)
    few = queries()
    grow(20)
    assert queries() == few
