"""Annotations: block ids in the body, creating, seeing, editing, questions, export, privacy."""

import json

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from community import versions
from community.annotations import anchoring
from community.models import AnchorState, Annotation, Status, Visibility
from insights.models import ActivityEvent, Verb
from tests.community.annotating import annotated_page, block_ids, selection
from tests.community.discussion import HTMX, restrict_to_group
from tests.community.factories import AnnotationFactory
from tests.factories import (
    KnowledgePageFactory,
    SpacePageFactory,
    StandardPageFactory,
    UserFactory,
    publish,
)


@pytest.fixture
def owner(db):
    return UserFactory(username="oona", first_name="Oona", last_name="Owner", roles=["Employees"])


@pytest.fixture
def page(home, owner):
    return annotated_page(home, owner)


@pytest.fixture
def colleague(db):
    return UserFactory(username="sam", first_name="Sam", last_name="Lee", roles=["Employees"])


def _create(client, page, quote="renew the token", **fields):
    payload = {**selection(page, quote), "note": "Why *monthly*?", "visibility": "shared"}
    payload.update(fields)
    return client.post(
        f"/community/pages/{page.pk}/annotations/",
        json.dumps(payload),
        content_type="application/json",
    )


def _page_data(client, page) -> dict:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.context["annotations_json"]


# Block ids and block text ----------------------------------------------------------------


def test_the_reader_page_wraps_each_block_with_its_id(employee_client, page):
    html = employee_client.get(page.url).content.decode()
    for block_id in block_ids(page):
        assert f'data-block-id="{block_id}"' in html


def test_standard_pages_carry_block_ids_too(employee_client, home):
    info = StandardPageFactory(parent=home, title="About")
    publish(info, None, body=[("paragraph", RichText("<p>About us.</p>"))])
    html = employee_client.get(info.url).content.decode()
    assert f'data-block-id="{info.body[0].id}"' in html


def test_block_text_is_the_elements_text_content():
    html = (
        '<div data-block-id="a"><p>Fish &amp; chips<br>at <b>n&#233;on</b>&nbsp;!</p>'
        '<img src="x.png" alt="not text"><!-- a comment --></div>\n'
        '<div data-block-id="b"><figure><pre><code>\nline 1\r\nline 2</code></pre>'
        "<figcaption>Caption</figcaption></figure></div>"
        '<div data-block-id="c"><pre>\nleading newline dropped</pre></div>'
    )
    assert anchoring.block_texts(html) == {
        "a": "Fish & chipsat néon\xa0!",
        "b": "\nline 1\nline 2Caption",
        "c": "leading newline dropped",
    }


# Creating ----------------------------------------------------------------------------------


def test_an_employee_annotates_a_passage_and_colleagues_see_it(
    employee_client, employee, signed_in, colleague, page
):
    response = _create(employee_client, page, note="Why **monthly**? @sam knows.")
    assert response.status_code == 201, response.content
    annotation = Annotation.objects.get()
    texts = anchoring.live_texts(page)
    text = texts[annotation.block_id]
    assert text[annotation.start : annotation.end] == "renew the token"
    assert text.endswith(annotation.suffix) or annotation.suffix == text[annotation.end :][:32]
    assert annotation.prefix == text[max(0, annotation.start - 32) : annotation.start]
    assert annotation.revision_id == page.live_revision_id
    assert annotation.body_html == "<p>Why <strong>monthly</strong>? @sam knows.</p>\n"
    assert list(annotation.mentioned.all()) == [colleague]
    assert annotation.anchor_state == AnchorState.ANCHORED
    assert (annotation.current_block_id, annotation.current_start) == (
        annotation.block_id,
        annotation.start,
    )
    assert response.json()["annotation"]["id"] == annotation.pk
    # The measurement framework counts it (who and where, never the note).
    assert (
        ActivityEvent.objects.for_target(page).filter(actor=employee, verb=Verb.ANNOTATED).exists()
    )

    client = signed_in(colleague)
    data = _page_data(client, page)
    assert [item["id"] for item in data["items"]] == [annotation.pk]
    assert data["items"][0]["block"] == annotation.block_id
    html = client.get(page.url).content.decode()
    assert f'id="annotation-{annotation.pk}"' in html
    assert "renew the token" in html
    assert 'id="annotations-data"' in html


def test_a_highlight_without_a_note_is_allowed_but_a_question_needs_one(employee_client, page):
    assert _create(employee_client, page, note="").status_code == 201
    response = _create(employee_client, page, note=" ", is_question=True)
    assert response.status_code == 400
    assert "empty" in response.json()["error"]
    assert Annotation.objects.count() == 1
    assert Annotation.objects.get().body_html == ""


def test_a_selector_that_no_longer_matches_is_refused_and_nothing_is_stored(employee_client, page):
    payload = selection(page, "renew the token")
    payload.update(exact="renew the badge", note="x", visibility="shared")
    response = employee_client.post(
        f"/community/pages/{page.pk}/annotations/",
        json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "does not match the page" in response.json()["error"]
    assert not Annotation.objects.exists()


def test_a_quote_found_elsewhere_in_its_block_is_stored_where_it_is(employee_client, page):
    # The reader's offsets are stale (counted on an older text) but the quote is there.
    payload = selection(page, "token", occurrence=1)
    payload.update(start=0, end=len("token"), note="", visibility="shared")
    response = employee_client.post(
        f"/community/pages/{page.pk}/annotations/",
        json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 201
    annotation = Annotation.objects.get()
    assert annotation.start == selection(page, "token", occurrence=1)["start"]
    assert annotation.start != selection(page, "token")["start"]


BAD_SELECTIONS = [
    ({"block_id": None}, "missing (block_id)"),
    ({"block_id": "no-such-block"}, "no longer exists"),
    ({"block_id": "x" * 65}, "too long"),
    ({"exact": ""}, "missing (exact)"),
    ({"exact": "x" * 2001, "end": 2001, "start": 0}, "at most 2000 characters"),
    ({"start": -3}, "out of range"),
    ({"start": "abc"}, "malformed (start)"),
    ({"start": [1]}, "malformed (start)"),
    ({"end": None}, "malformed (end)"),
    ({"start": 30, "end": 15}, "reversed"),
    ({"start": 1, "end": 4}, "does not match its text"),
    ({"prefix": "p" * 200}, "prefix too long"),
    ({"exact": {"a": 1}}, "malformed (exact)"),
    ({"visibility": None}, "missing visibility"),
    ({"visibility": "everyone"}, "Choose who can see"),
    ({"visibility": "private", "is_question": True}, "must be shared"),
    ({"is_question": "perhaps"}, "malformed (is_question)"),
    ({"is_question": [1]}, "malformed (is_question)"),
    ({"note": 12}, "malformed (note)"),
    ({"note": "x" * 10_001}, "the limit is 10,000"),
]


@pytest.mark.parametrize(("change", "message"), BAD_SELECTIONS)
def test_bad_input_is_a_400_with_a_message(employee_client, page, change, message):
    response = _create(employee_client, page, **change)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Annotation.objects.exists()


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_garbage_bodies_are_a_400(employee_client, page, body):
    response = employee_client.post(
        f"/community/pages/{page.pk}/annotations/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Annotation.objects.exists()


def test_unknown_pages_are_404(employee_client, page):
    assert employee_client.post("/community/pages/999999/annotations/", {}).status_code == 404
    assert employee_client.get("/community/pages/999999/annotations.jsonld").status_code == 404
    assert employee_client.get("/community/pages/0/annotations.jsonld").status_code == 404


@override_settings(HEARTH_POSTS_PER_MINUTE=2)
def test_posting_too_fast_is_refused_with_a_message(employee_client, page):
    assert _create(employee_client, page).status_code == 201
    assert _create(employee_client, page).status_code == 201
    response = _create(employee_client, page)
    assert response.status_code == 429
    assert "wait a minute" in response.json()["error"]
    assert Annotation.objects.count() == 2


def test_a_mention_of_someone_who_cannot_see_the_page_tells_the_writer(
    employee_client, employee, page
):
    group = restrict_to_group(page, "IT staff")
    employee.groups.add(group)
    UserFactory(username="guestin", first_name="Guest", last_name="In", roles=["Employees"])
    response = _create(employee_client, page, note="@guestin should read this")
    assert response.status_code == 201
    assert response.json()["notices"] == ["Guest In cannot see this page, so was not told."]
    assert not Annotation.objects.get().mentioned.exists()


# Privacy -----------------------------------------------------------------------------------


def test_private_annotations_are_for_their_author_alone(
    employee_client, employee, signed_in, colleague, page
):
    assert _create(employee_client, page, note="my secret", visibility="private").status_code == 201
    mine = Annotation.objects.get()
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    export_url = f"/community/pages/{page.pk}/annotations.jsonld"
    for reader in (colleague, admin):
        client = signed_in(reader)
        assert _page_data(client, page)["items"] == []
        html = client.get(page.url).content.decode()
        assert "my secret" not in html and f"annotation-{mine.pk}" not in html
        assert json.loads(client.get(export_url).content)["total"] == 0
        assert client.get(f"/community/annotations/{mine.pk}/edit/").status_code == 404
        assert client.post(f"/community/annotations/{mine.pk}/delete/").status_code == 404
    assert [item["id"] for item in _page_data(employee_client, page)["items"]] == [mine.pk]
    assert json.loads(employee_client.get(export_url).content)["total"] == 1


def test_an_outsider_of_a_restricted_page_never_sees_its_annotations(
    employee_client, employee, signed_in, colleague, page
):
    group = restrict_to_group(page, "IT staff")
    employee.groups.add(group)
    assert _create(employee_client, page).status_code == 201
    annotation = Annotation.objects.get()
    outsider = signed_in(colleague)
    assert outsider.get(page.url).status_code in (302, 403, 404)
    assert _create(outsider, page).status_code == 404
    assert outsider.get(f"/community/pages/{page.pk}/annotations.jsonld").status_code == 404
    assert outsider.get(f"/community/annotations/{annotation.pk}/edit/").status_code == 404
    assert outsider.post(f"/community/annotations/{annotation.pk}/resolve/").status_code == 404
    assert Annotation.objects.count() == 1


def test_deleted_annotations_disappear(employee_client, page):
    assert _create(employee_client, page, visibility="private", note="gone").status_code == 201
    annotation = Annotation.objects.get()
    response = employee_client.post(f"/community/annotations/{annotation.pk}/delete/")
    assert response.status_code == 302
    annotation.refresh_from_db()
    assert annotation.status == Status.DELETED
    assert _page_data(employee_client, page)["items"] == []


# Editing and deleting ----------------------------------------------------------------------


def test_the_author_edits_the_note_and_visibility_without_javascript(employee_client, page):
    assert _create(employee_client, page).status_code == 201
    annotation = Annotation.objects.get()
    url = f"/community/annotations/{annotation.pk}/edit/"
    assert "Why *monthly*?" in employee_client.get(url).content.decode()
    response = employee_client.post(url, {"note": "Now _private_", "visibility": "private"})
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}#annotations"
    annotation.refresh_from_db()
    assert annotation.body_html == "<p>Now <em>private</em></p>\n"
    assert annotation.visibility == Visibility.PRIVATE
    bad = employee_client.post(url, {"note": "x", "visibility": "nobody"})
    assert bad.status_code == 400
    assert "Choose who can see" in bad.content.decode()


def test_someone_elses_annotation_cannot_be_edited_or_deleted(signed_in, colleague, page):
    annotation = AnnotationFactory(page=page, body="Theirs")
    client = signed_in(colleague)
    url = f"/community/annotations/{annotation.pk}"
    assert client.get(f"{url}/edit/").status_code == 403
    edit = client.post(f"{url}/edit/", {"note": "Mine now", "visibility": "shared"})
    assert edit.status_code == 403
    assert "your own annotations" in edit.content.decode()
    assert client.post(f"{url}/delete/").status_code == 403
    as_json = client.post(f"{url}/delete/", HTTP_ACCEPT="application/json")
    assert as_json.status_code == 403 and as_json.json()["error"]
    annotation.refresh_from_db()
    assert (annotation.body, annotation.status) == ("Theirs", Status.VISIBLE)
    assert client.post("/community/annotations/999999/delete/").status_code == 404
    assert client.get("/community/annotations/abc/edit/").status_code == 404


# Questions ---------------------------------------------------------------------------------


def test_an_owner_sees_open_questions_and_resolves_one(
    employee_client, signed_in, owner, page, home
):
    assert _create(employee_client, page, is_question=True, note="Monthly?").status_code == 201
    question = Annotation.objects.get()
    other_space = SpacePageFactory(parent=page.get_parent().get_parent(), title="HR")
    other_page = KnowledgePageFactory(parent=other_space, title="Someone else's page")
    publish(other_page, None)
    AnnotationFactory(page=other_page, is_question=True, body="Not for Oona")

    client = signed_in(owner)
    html = client.get(page.url).content.decode()
    assert 'data-testid="open-questions-count"' in html
    assert "1 open question on this page for you" in html
    listing = client.get("/community/questions/").content.decode()
    assert "Monthly?" in listing and "Not for Oona" not in listing

    response = client.post(f"/community/annotations/{question.pk}/resolve/", **HTMX)
    assert response.status_code == 200
    assert 'data-testid="question-resolved"' in response.content.decode()
    question.refresh_from_db()
    assert question.resolved_by == owner and question.resolved_at is not None
    assert "No open questions" in client.get("/community/questions/").content.decode()
    # Readers do not get the owners' count.
    reader_html = employee_client.get(page.url).content.decode()
    assert 'data-testid="open-questions-count"' not in reader_html


def test_a_space_owner_resolves_but_a_reader_cannot(employee_client, signed_in, page, owner):
    space_owner = UserFactory(roles=["Employees"])
    space = page.get_parent().specific
    space.owners.add(space_owner)
    space.save()
    from knowledge.services import sync_space_permissions

    sync_space_permissions(space)
    question = AnnotationFactory(page=page, is_question=True, body="Who approves?")
    url = f"/community/annotations/{question.pk}/resolve/"
    refused = employee_client.post(url)
    assert refused.status_code == 403
    assert "Only the page" in refused.content.decode()
    question.refresh_from_db()
    assert question.resolved_at is None
    listing = signed_in(space_owner).get("/community/questions/").content.decode()
    assert "Who approves?" in listing
    response = signed_in(space_owner).post(url, {"next": "/community/questions/"})
    assert response.status_code == 302 and response["Location"] == "/community/questions/"
    question.refresh_from_db()
    assert question.resolved_by == space_owner


def test_only_shared_open_questions_can_be_resolved(signed_in, owner, page):
    note = AnnotationFactory(page=page, is_question=False)
    response = signed_in(owner).post(f"/community/annotations/{note.pk}/resolve/")
    assert response.status_code == 400
    assert "not an open question" in response.content.decode()


def test_questions_are_paginated(signed_in, owner, page):
    AnnotationFactory.create_batch(25, page=page, is_question=True, body="Q?")
    client = signed_in(owner)
    first = client.get("/community/questions/").content.decode()
    assert first.count('data-testid="question-item"') == 20
    second = client.get("/community/questions/?page=2").content.decode()
    assert second.count('data-testid="question-item"') == 5


# The panel, orphans, queries ---------------------------------------------------------------


def test_without_javascript_the_panel_lists_quotes_and_says_creating_needs_it(
    employee_client, page
):
    AnnotationFactory(page=page, exact="laptop", body="Charged?")
    html = employee_client.get(page.url).content.decode()
    assert "Annotating needs JavaScript" in html
    assert '<blockquote class="annotation-quote">laptop</blockquote>' in html
    assert "Charged?" in html


def test_the_page_costs_the_same_queries_with_50_annotations(
    signed_in, employee, colleague, page, django_assert_num_queries
):
    client = signed_in(employee)
    client.get(page.url)  # warm the body cache and the day's view
    # Measure a read that rebuilds the discussion (a new comment or annotation just made
    # it stale), before and after 50 annotations: it costs the same.
    versions.changed(page.pk)
    with CaptureQueriesContext(connection) as empty:
        client.get(page.url)
    texts = anchoring.live_texts(page)
    block_id = block_ids(page)[1]
    for n in range(50):
        AnnotationFactory(
            page=page,
            author=employee if n % 3 else colleague,
            visibility=Visibility.PRIVATE if n % 5 == 0 else Visibility.SHARED,
            is_question=n % 7 == 0,
            exact=texts[block_id][n : n + 5],
            start=n,
            block_id=block_id,
            current_block_id=block_id,
            current_start=n,
            current_end=n + 5,
            anchor_state=AnchorState.ORPHANED if n % 10 == 0 else AnchorState.ANCHORED,
        )
    with django_assert_num_queries(len(empty.captured_queries)):
        response = client.get(page.url)
    assert len(response.context["annotations_json"]["items"]) > 30


# Export ----------------------------------------------------------------------------------------


def test_the_export_is_w3c_web_annotation_json_ld(employee_client, page):
    assert _create(employee_client, page, note="Why?", is_question=True).status_code == 201
    assert _create(employee_client, page, quote="laptop", note="").status_code == 201
    response = employee_client.get(f"/community/pages/{page.pk}/annotations.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(response.content)
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection"
    assert document["total"] == 2
    first = document["first"]
    assert first["type"] == "AnnotationPage" and first["startIndex"] == 0
    question, highlight = first["items"]
    for item in (question, highlight):
        assert item["type"] == "Annotation"
        assert item["id"].startswith("http://testserver/")
        assert {"created", "modified", "creator", "motivation", "target"} <= set(item)
        assert item["target"]["source"] == f"http://testserver{page.url}"
        types = [selector["type"] for selector in item["target"]["selector"]]
        assert types == ["FragmentSelector", "TextQuoteSelector", "TextPositionSelector"]
    assert question["motivation"] == "questioning"
    assert question["body"] == {
        "type": "TextualBody",
        "value": "Why?",
        "format": "text/markdown",
        "purpose": "questioning",
    }
    assert highlight["motivation"] == "highlighting" and "body" not in highlight
    fragment, quote, position = question["target"]["selector"]
    assert quote["exact"] == "renew the token"
    text = anchoring.live_texts(page)[fragment["value"]]
    assert text[position["start"] : position["end"]] == quote["exact"]
    page_two = employee_client.get(f"/community/pages/{page.pk}/annotations.jsonld?page=2")
    assert page_two.status_code == 404
    page_one = json.loads(
        employee_client.get(f"/community/pages/{page.pk}/annotations.jsonld?page=1").content
    )
    assert page_one["type"] == "AnnotationPage" and len(page_one["items"]) == 2
