"""Editing is not governing: in a space where every employee may edit, an employee edits a
page's text and nothing else. Who must read it, who has not, its review settings and the
space's own governance stay with the space's owners, communications and administrators
(`core.permissions.may_govern`); each test attacks one of those paths as an employee would.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.permissions import may_govern, may_set_review
from core.policy import Action, policy
from knowledge import mustread
from knowledge.models import MustRead
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    publish,
)

GOVERNANCE = ("review_interval_days", "content_owner")


@pytest.fixture
def owner(db):
    return UserFactory(username="olga", roles=["Employees", "Space owners"])


@pytest.fixture
def author(db):
    """The page's content owner: accountable for its text, not a governor."""
    return UserFactory(username="carl", roles=["Employees"])


@pytest.fixture
def employee(db):
    return UserFactory(username="emma", roles=["Employees"])


@pytest.fixture
def comms(db):
    return UserFactory(username="cora", roles=["Employees", "Communications"])


@pytest.fixture
def wiki(home, owner):
    index = KnowledgeIndexPageFactory(parent=home)
    return SpacePageFactory(parent=index, title="Handbook", owners=[owner], edit_policy="everyone")


@pytest.fixture
def page(wiki, owner, author):
    page = KnowledgePageFactory(parent=wiki, title="Holidays", slug="holidays")
    publish(page, owner, content_owner=author, review_interval_days=90)
    mustread.set_must_read(owner, page, everyone=True)
    return page


def _fresh(page):
    return Page.objects.get(pk=page.pk).specific


def _editor_data(page, text, **extra):
    """What the page editor posts: the page as it is, with a new body text."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "listing_summary": page.listing_summary,
            "kind": page.kind,
            "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            "tags": "",
            "related_links": inline_formset([]),
            "comments": inline_formset([]),
            "change_note": "Reworded",
            **extra,
        }
    )


# The page editor ---------------------------------------------------------------------------


def test_an_employee_may_edit_a_wiki_page_but_its_editor_shows_no_review_settings(
    page, employee, signed_in
):
    response = signed_in(employee).get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    fields = response.context["form"].fields
    assert "body" in fields
    assert not set(GOVERNANCE) & set(fields)
    html = response.content.decode()
    assert 'name="review_interval_days"' not in html
    assert 'name="content_owner"' not in html


def test_an_employee_posting_review_settings_saves_the_text_and_changes_nothing_else(
    page, employee, author, signed_in
):
    data = _editor_data(page, "New wording", review_interval_days="1", content_owner=employee.pk)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = signed_in(employee).post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors

    draft = _fresh(page).get_latest_revision_as_object()
    assert "New wording" in str(draft.body)  # their edit is kept...
    assert (draft.review_interval_days, draft.content_owner_id) == (90, author.pk)  # ...only it
    live = _fresh(page)
    assert (live.review_interval_days, live.content_owner_id) == (90, author.pk)


def test_restoring_an_old_revision_does_not_bring_back_its_review_settings(
    page, owner, employee, author, signed_in
):
    old = page.get_latest_revision()
    publish(_fresh(page), owner, review_interval_days=30, content_owner=owner)
    url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, old.pk])
    response = signed_in(employee).post(url, _editor_data(page, "Back to the old text"))
    assert response.status_code == 302

    draft = _fresh(page).get_latest_revision_as_object()
    assert "Back to the old text" in str(draft.body)
    assert (draft.review_interval_days, draft.content_owner_id) == (30, owner.pk)


@pytest.mark.parametrize("who", ["owner", "comms"])
def test_governors_see_and_change_the_review_settings(page, who, employee, signed_in, request):
    governor = request.getfixturevalue(who)
    client = signed_in(governor)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert set(GOVERNANCE) <= set(client.get(url).context["form"].fields)
    data = _editor_data(page, "Checked", review_interval_days="30", content_owner=employee.pk)
    assert client.post(url, data).status_code == 302
    draft = _fresh(page).get_latest_revision_as_object()
    assert (draft.review_interval_days, draft.content_owner_id) == (30, employee.pk)


def test_the_content_owner_may_change_the_review_settings_but_not_the_must_read(page, author):
    assert may_set_review(author, page)
    assert not may_govern(author, page)


def test_an_employee_cannot_take_over_a_wiki_space_from_its_editor(
    wiki, owner, employee, signed_in
):
    """The space's own Governance panel (owners, edit policy...) is the owners', though
    every employee may edit the space page."""
    client = signed_in(employee)
    url = reverse("wagtailadmin_pages:edit", args=[wiki.pk])
    form = client.get(url).context["form"]
    assert "description" in form.fields
    assert not {"owners", "editors", "edit_policy", "stale_policy"} & set(form.fields)
    data = nested_form_data(
        {
            "title": wiki.title,
            "slug": wiki.slug,
            "listing_summary": wiki.listing_summary,
            "description": rich_text("<p>Our handbook.</p>"),
            "comments": inline_formset([]),
            "edit_policy": "editors",
            "stale_policy": "archive",
        }
    )
    data["owners"] = [employee.pk]
    assert client.post(url, data).status_code == 302
    draft = _fresh(wiki).get_latest_revision_as_object()
    assert "Our handbook." in draft.description
    assert list(draft.owners.all()) == [owner]
    assert (draft.edit_policy, draft.stale_policy) == ("everyone", "nothing")


# Must-read audience and report -------------------------------------------------------------


def test_an_employee_who_may_edit_may_not_change_the_must_read_audience(page, employee, signed_in):
    client = signed_in(employee)
    url = reverse("knowledge:must_read", args=[page.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "deactivate"}).status_code == 403
    assert client.post(url, {"levels": ["executive"], "action": "save"}).status_code == 403
    must_read = MustRead.objects.get(page=page)
    assert (must_read.active, must_read.everyone, must_read.levels) == (True, True, [])


def test_an_employee_who_may_edit_may_not_see_who_has_not_read_it(page, employee, signed_in):
    client = signed_in(employee)
    for name in ("knowledge:acknowledgements", "knowledge:acknowledgements_csv"):
        response = client.get(reverse(name, args=[page.pk]))
        assert response.status_code == 403, name
        assert b"emma" not in response.content
    page_html = client.get(page.url).content.decode()
    assert reverse("knowledge:acknowledgements", args=[page.pk]) not in page_html
    assert reverse("knowledge:must_read", args=[page.pk]) not in page_html


@pytest.mark.parametrize("who", ["owner", "comms"])
def test_governors_set_the_audience_and_read_the_report(page, who, employee, signed_in, request):
    client = signed_in(request.getfixturevalue(who))
    assert client.get(reverse("knowledge:acknowledgements", args=[page.pk])).status_code == 200
    csv = client.get(reverse("knowledge:acknowledgements_csv", args=[page.pk]))
    assert csv.status_code == 200 and b"emma" in csv.content
    url = reverse("knowledge:must_read", args=[page.pk])
    assert client.post(url, {"levels": ["executive"], "action": "save"}).status_code == 302
    assert MustRead.objects.get(page=page).levels == ["executive"]


# Guests and workflows ----------------------------------------------------------------------


def test_an_employee_who_may_edit_a_space_may_not_open_it_to_guests(
    wiki, owner, employee, signed_in
):
    assert not policy.user_has_permission_for_instance(employee, Action.MANAGE_GUESTS, wiki)
    assert policy.user_has_permission_for_instance(owner, Action.MANAGE_GUESTS, wiki)


def test_workflow_settings_are_for_administrators_only(wiki, owner, employee, comms, signed_in):
    admin = UserFactory(username="ada", roles=["Employees", "Administrators"])
    url = reverse("wagtailadmin_workflows:index")
    for person in (employee, owner, comms):
        response = signed_in(person).get(url)
        assert response.status_code in (302, 403), person.username
    assert signed_in(admin).get(url).status_code == 200
