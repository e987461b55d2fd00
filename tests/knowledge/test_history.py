"""A knowledge page's history as readers see it: versions, old versions, compare, restore."""

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageLogEntry, PageViewRestriction, Revision
from wagtail.rich_text import RichText

from knowledge import history as page_history
from knowledge.history import history_context, published_versions, snapshot_cache_key
from knowledge.models import KnowledgePage
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    publish,
)


def body(text: str) -> list:
    return [
        ("heading", {"text": "Overview", "level": "h2"}),
        ("paragraph", RichText(f"<p>{text}</p>")),
    ]


@pytest.fixture
def editor(db):
    return UserFactory(username="ed", first_name="Ada", last_name="Lovelace", roles=["Editors"])


@pytest.fixture
def space(home):
    index = KnowledgeIndexPageFactory(parent=home)
    # Only editors and owners may edit here, so a plain employee is only a reader.
    return SpacePageFactory(parent=index, title="IT Help", edit_policy="editors")


@pytest.fixture
def page(space, editor):
    """Three published versions and one unpublished draft on top."""
    page = KnowledgePageFactory(parent=space, title="Reset your VPN token")
    publish(page, editor, change_note="First version", body=body("The quick brown fox jumps."))
    publish(page, editor, change_note="Fixed a typo", body=body("The quick brown fox jumped."))
    publish(
        page,
        editor,
        change_note="New token portal",
        material_change=True,
        title="Reset your VPN token online",
        body=body("The quick red fox jumped."),
    )
    page.change_note = "Secret draft note"
    page.body = body("A draft nobody may read yet.")
    page.save_revision(user=editor, log_action=True)
    page.refresh_from_db()
    return page


def published_ids(page: KnowledgePage) -> list[int]:
    """Oldest first."""
    return list(
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish")
        .order_by("timestamp", "id")
        .values_list("revision_id", flat=True)
    )


def url(name: str, page: KnowledgePage, *args) -> str:
    return reverse(f"knowledge:{name}", args=[page.pk, *args])


# The history list ------------------------------------------------------------------


def test_reader_sees_published_versions_newest_first(employee_client, page):
    response = employee_client.get(url("history", page))

    assert response.status_code == 200
    html = response.content.decode()
    notes = [v.change_note for v in response.context["page_obj"].object_list]
    assert notes == ["New token portal", "Fixed a typo", "First version"]
    assert html.index("New token portal") < html.index("Fixed a typo") < html.index("First")
    assert "By Ada Lovelace" in html
    assert html.count('data-testid="material-flag"') == 1
    # The draft is not a published version: neither its note nor a link to it shows.
    assert "Secret draft note" not in html
    assert url("version", page, page.latest_revision_id) not in html
    first, second, third = published_ids(page)
    assert url("compare", page, second, third) in html  # "compare with previous"
    assert url("compare", page, first, second) in html


def test_history_is_paginated_by_20(employee_client, space, editor):
    page = KnowledgePageFactory(parent=space)
    for number in range(25):
        publish(page, editor, change_note=f"Change number {number}")

    first = employee_client.get(url("history", page))
    second = employee_client.get(url("history", page), {"page": 2})

    assert first.content.decode().count('data-testid="history-item"') == 20
    assert "Change number 24" in first.content.decode()
    assert "Change number 4<" not in first.content.decode()
    assert second.content.decode().count('data-testid="history-item"') == 5
    assert "Change number 0" in second.content.decode()
    # The last version of page 1 can still be compared with its predecessor on page 2.
    ids = published_ids(page)
    assert url("compare", page, ids[4], ids[5]) in first.content.decode()


def test_history_query_count_does_not_grow_with_versions(employee_client, space, editor):
    few = KnowledgePageFactory(parent=space)
    many = KnowledgePageFactory(parent=space)
    for _ in range(2):
        publish(few, editor, change_note="A change")
    for _ in range(30):
        publish(many, editor, change_note="A change")

    def queries(page):
        employee_client.get(url("history", page))  # warm per-process caches (site roots)
        with CaptureQueriesContext(connection) as captured:
            response = employee_client.get(url("history", page))
        assert response.status_code == 200
        return len(captured)

    assert queries(few) == queries(many)


def test_published_versions_and_panel_context(page, django_assert_num_queries):
    with django_assert_num_queries(1):
        context = history_context(page)

    recent = context["history_recent"]
    assert [v.change_note for v in recent] == ["New token portal", "Fixed a typo", "First version"]
    assert [v.material_change for v in recent] == [True, False, False]
    assert recent[0].author == "Ada Lovelace"
    assert published_versions(page).count() == 3

    html = render_to_string("knowledge/includes/history_panel.html", {"page": page, **context})
    assert 'data-testid="history-link"' in html
    assert url("history", page) in html
    assert "New token portal" in html
    assert "Secret draft note" not in html


# Old versions ----------------------------------------------------------------------


def test_reader_opens_an_old_version(employee_client, page):
    first = published_ids(page)[0]

    response = employee_client.get(url("version", page, first))

    assert response.status_code == 200
    html = response.content.decode()
    assert "You are reading an old version from" in html
    assert 'data-testid="old-version-banner"' in html
    assert "The quick brown fox jumps." in html
    assert "The quick red fox" not in html
    assert "<h1>Reset your VPN token</h1>" in html
    assert f'href="{page.url}" data-testid="current-link"' in html
    assert 'data-testid="restore-button"' not in html  # a reader may not restore


def test_unknown_draft_and_foreign_revisions_are_404(employee_client, page, space, editor):
    other = KnowledgePageFactory(parent=space)
    foreign = publish(other, editor).pk
    draft = page.latest_revision_id
    good = published_ids(page)[0]
    assert not PageLogEntry.objects.filter(action="wagtail.publish", revision_id=draft).exists()

    for bad in (draft, foreign, 999_999, 2**70):
        assert employee_client.get(url("version", page, bad)).status_code == 404
        assert employee_client.get(url("compare", page, bad, good)).status_code == 404
        assert employee_client.get(url("compare", page, good, bad)).status_code == 404


def test_private_page_is_404_for_every_history_view(employee_client, page, space, editor):
    PageViewRestriction.objects.create(page=space, restriction_type="groups")
    first, _second, third = published_ids(page)

    for address in (
        url("history", page),
        url("version", page, first),
        url("compare", page, first, third),
        url("compare", page, first, first),
        url("compare_form", page) + f"?from={first}&to={third}",
        url("compare_form", page),
    ):
        response = employee_client.get(address)
        assert response.status_code == 404, address
        assert "Reset your VPN token" not in response.content.decode()
    assert employee_client.post(url("restore", page, first)).status_code == 404


# Comparing -------------------------------------------------------------------------


def test_compare_highlights_words_and_field_changes(employee_client, page):
    _first, second, third = published_ids(page)

    response = employee_client.get(url("compare", page, second, third))

    assert response.status_code == 200
    html = response.content.decode()
    diff = html[html.index('data-testid="body-diff"') :]
    assert "<del>brown</del>" in diff
    assert "<ins>red</ins>" in diff
    # Side by side too (shown instead on a wide screen): before | after, row by row.
    sides = html[html.index('data-testid="body-diff-sides"') :]
    assert re.search(
        r'<p class="diff-side">[^<]*<del>brown</del>[^<]*</p>'
        r'<p class="diff-side">[^<]*<ins>red</ins>',
        sides,
    )
    assert "+1 word" in html and "\u22121 word" in html  # a minus sign
    table = html[html.index('data-testid="field-changes"') : html.index("</table>")]
    assert "Title" in table
    assert "<del>Reset your VPN token</del>" in table
    assert "<ins>Reset your VPN token online</ins>" in table
    assert "Summary" not in table  # unchanged fields are not listed


def test_compare_same_version_is_a_friendly_page(employee_client, page):
    first = published_ids(page)[0]

    response = employee_client.get(url("compare", page, first, first))

    assert response.status_code == 200
    assert "These are the same version" in response.content.decode()


def test_compare_form_redirects_to_the_canonical_address(employee_client, page):
    first, _second, third = published_ids(page)

    response = employee_client.get(url("compare_form", page), {"from": third, "to": first})

    assert response.status_code == 302
    assert response["Location"] == url("compare", page, first, third)


@pytest.mark.parametrize(
    "query", [{}, {"from": "1"}, {"to": "2"}, {"from": "abc", "to": "2"}, {"from": "-1", "to": "2"}]
)
def test_compare_form_with_missing_or_invalid_ids_is_400(employee_client, page, query):
    response = employee_client.get(url("compare_form", page), query)

    assert response.status_code == 400
    assert "Choose two versions to compare" in response.content.decode()


def test_rendered_revisions_are_cached(employee_client, page):
    first, _second, third = published_ids(page)
    with mock.patch.object(page_history, "render_body", wraps=page_history.render_body) as render:
        assert employee_client.get(url("compare", page, first, third)).status_code == 200
        assert render.call_count == 2
        assert employee_client.get(url("compare", page, first, third)).status_code == 200
        assert employee_client.get(url("version", page, first)).status_code == 200
        assert render.call_count == 2  # nothing rendered again
    assert cache.get(snapshot_cache_key(Revision.objects.get(pk=first))) is not None


# Restoring -------------------------------------------------------------------------


def test_editor_restores_an_old_version_as_a_new_draft(signed_in, page, editor):
    first = published_ids(page)[0]
    live_before = page.live_revision_id
    latest_before = page.latest_revision_id
    client = signed_in(editor)
    assert (
        'data-testid="restore-button"' in client.get(url("version", page, first)).content.decode()
    )

    response = client.post(url("restore", page, first), follow=False)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    page.refresh_from_db()
    assert page.live_revision_id == live_before  # the live page is untouched
    assert page.title == "Reset your VPN token online"
    assert "red fox" in str(page.body)
    restored = page.latest_revision
    assert restored.pk not in (latest_before, live_before)
    assert restored.user == editor
    assert restored.content["title"] == "Reset your VPN token"
    assert "brown fox jumps" in str(restored.as_object().body)
    assert restored.content["change_note"].startswith("Restored the version of ")
    assert restored.content["material_change"] is False
    assert not PageLogEntry.objects.filter(action="wagtail.publish", revision=restored).exists()


def test_plain_employee_may_not_restore(employee_client, page):
    first = published_ids(page)[0]
    revisions_before = Revision.objects.count()

    response = employee_client.post(url("restore", page, first))

    assert response.status_code == 403
    assert Revision.objects.count() == revisions_before


def test_space_owner_may_restore(signed_in, space, home):
    owner = UserFactory(roles=["Employees"])
    index = space.get_parent()
    owned = SpacePageFactory(parent=index, owners=[owner], edit_policy="editors")
    page = KnowledgePageFactory(parent=owned)
    first = publish(page, owner, body=body("Version one.")).pk
    publish(page, owner, body=body("Version two."))

    response = signed_in(owner).post(url("restore", page, first))

    assert response.status_code == 302
    page.refresh_from_db()
    assert "Version one." in str(page.latest_revision.as_object().body)
    assert "Version two." in str(page.body)


def test_restore_of_a_draft_is_404(signed_in, page, editor):
    response = signed_in(editor).post(url("restore", page, page.latest_revision_id))

    assert response.status_code == 404


def test_restore_of_a_page_locked_by_someone_else_is_refused(signed_in, page, editor):
    other = UserFactory(roles=["Editors"])
    page.locked, page.locked_by = True, other
    page.save(update_fields=["locked", "locked_by"])
    first = published_ids(page)[0]
    revisions_before = Revision.objects.count()

    response = signed_in(editor).post(url("restore", page, first), follow=True)

    assert response.redirect_chain[-1][0] == url("version", page, first)
    assert "This page is locked" in response.content.decode()
    assert Revision.objects.count() == revisions_before


def test_huge_page_id_is_404(employee_client, db):
    assert employee_client.get(f"/pages/{2**70}/history/").status_code == 404


def test_compare_lists_kind_summary_and_tag_changes(employee_client, space, editor):
    page = KnowledgePageFactory(parent=space, listing_summary="Old summary")
    old = publish(page, editor, kind="howto").pk
    page.tags.add("vpn", "security")
    new = publish(page, editor, kind="policy", listing_summary="New summary").pk

    response = employee_client.get(url("compare", page, old, new))

    html = response.content.decode()
    table = html[html.index('data-testid="field-changes"') : html.index("</table>")]
    assert "<del>How-to</del>" in table and "<ins>Policy</ins>" in table
    assert "<del>Old summary</del>" in table and "<ins>New summary</ins>" in table
    assert "<ins>security, vpn</ins>" in table
    assert 'data-testid="body-diff"' not in html  # the body did not change
