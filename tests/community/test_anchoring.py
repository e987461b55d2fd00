"""Re-anchoring on publish: unchanged, moved, lightly edited, deleted (orphaned), repeats."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.annotations import anchoring
from community.annotations.services import create_annotation
from community.models import AnchorState, Annotation, Status, Visibility
from tests.community.annotating import annotated_page, block_ids, selection
from tests.factories import UserFactory, publish


@pytest.fixture
def owner(db):
    return UserFactory(username="oona", first_name="Oona", roles=["Employees"])


@pytest.fixture
def page(home, owner):
    return annotated_page(home, owner)


def _annotate(user, page, quote, occurrence=0, **fields) -> Annotation:
    selector = anchoring.Selector(**selection(page, quote, occurrence=occurrence))
    fields.setdefault("note", "A note")
    fields.setdefault("visibility", Visibility.SHARED)
    return create_annotation(user, page, selector, **fields)


def _raw(page) -> list[dict]:
    """The live body as raw blocks (ids kept), to edit as an editor would."""
    return [dict(block) for block in page.body.raw_data]


def _republish(page, owner, raw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        revision = publish(page, owner, body=raw)
    return revision


@pytest.fixture
def annotate_and_edit(employee, owner, page, django_capture_on_commit_callbacks):
    """annotate_and_edit(old, new): annotate the monthly-renewal sentence, replace `old`
    with `new` in its block and republish; returns the annotation as re-anchored."""

    def annotate_and_edit(old, new) -> Annotation:
        annotation = _annotate(employee, page, "renew the token before the end of the month")
        raw = _raw(page)
        raw[1]["value"] = raw[1]["value"].replace(old, new)
        _republish(page, owner, raw, django_capture_on_commit_callbacks)
        annotation.refresh_from_db()
        return annotation

    return annotate_and_edit


def _current_text(annotation) -> str:
    texts = anchoring.live_texts(annotation.page.specific)
    return texts[annotation.current_block_id][annotation.current_start : annotation.current_end]


def test_an_unchanged_passage_stays_anchored_on_the_new_revision(
    employee, owner, page, django_capture_on_commit_callbacks
):
    annotation = _annotate(employee, page, "renew the token")
    first_revision = page.live_revision_id
    revision = _republish(page, owner, _raw(page), django_capture_on_commit_callbacks)
    annotation.refresh_from_db()
    assert annotation.anchor_state == AnchorState.ANCHORED
    assert annotation.anchored_revision_id == revision.pk != first_revision
    assert annotation.revision_id == first_revision  # the revision it was made on stays
    assert (annotation.current_start, annotation.current_end) == (annotation.start, annotation.end)
    assert _current_text(annotation) == "renew the token"


def test_a_reordered_block_keeps_its_annotations(
    employee, owner, page, django_capture_on_commit_callbacks
):
    annotation = _annotate(employee, page, "self-service portal")
    raw = _raw(page)
    _republish(page, owner, [raw[3], raw[0], raw[1], raw[2]], django_capture_on_commit_callbacks)
    annotation.refresh_from_db()
    assert annotation.anchor_state == AnchorState.ANCHORED
    assert annotation.current_block_id == block_ids(page)[0] == annotation.block_id
    assert _current_text(annotation) == "self-service portal"


def test_text_moved_to_another_block_follows_it(
    employee, owner, page, django_capture_on_commit_callbacks
):
    annotation = _annotate(employee, page, "The token expires after thirty days")
    raw = _raw(page)
    raw[1]["value"] = "<p>Have your laptop &amp; phone ready.</p>"
    raw[3]["value"] = (
        "<p>Open the portal. The token expires after thirty days, so renew it monthly.</p>"
    )
    _republish(page, owner, raw, django_capture_on_commit_callbacks)
    annotation.refresh_from_db()
    assert annotation.anchor_state == AnchorState.ANCHORED
    assert annotation.current_block_id == raw[3]["id"] != annotation.block_id
    assert _current_text(annotation) == "The token expires after thirty days"


def test_an_edit_next_to_the_quote_keeps_the_exact_match(annotate_and_edit):
    annotation = annotate_and_edit("thirty days", "30 days (it used to be 60)")
    assert annotation.anchor_state == AnchorState.ANCHORED
    assert annotation.current_start != annotation.start
    assert _current_text(annotation) == "renew the token before the end of the month"


def test_a_word_changed_inside_the_quote_is_found_by_the_fuzzy_match(annotate_and_edit):
    annotation = annotate_and_edit("renew the token", "renew your token")
    assert annotation.anchor_state == AnchorState.ANCHORED
    assert annotation.current_block_id == annotation.block_id
    assert _current_text(annotation) == "renew your token before the end of the month"


def test_moved_and_edited_text_is_found_anywhere_in_the_body():
    texts = {
        "a": "Nothing of the kind here at all.",
        "b": "Steps: open the self-service portal and choose Renew token.",
    }
    found = anchoring.locate(
        texts, "open the self service portal and pick Renew token", "", "", "gone", 0
    )
    assert found is not None and found.block_id == "b"
    text = texts["b"][found.start : found.end]
    assert text == "open the self-service portal and choose Renew token"


def test_deleted_text_orphans_the_annotation_and_it_comes_back_when_the_text_does(
    employee, owner, page, signed_in, django_capture_on_commit_callbacks
):
    annotation = _annotate(employee, page, "renew the token before the end of the month")
    made_on = page.live_revision_id
    original = _raw(page)
    raw = _raw(page)
    raw[1]["value"] = "<p>Have your laptop &amp; phone ready. Tokens no longer expire.</p>"
    revision = _republish(page, owner, raw, django_capture_on_commit_callbacks)
    annotation.refresh_from_db()
    assert annotation.anchor_state == AnchorState.ORPHANED
    assert (annotation.current_block_id, annotation.current_start, annotation.current_end) == (
        "",
        None,
        None,
    )
    assert annotation.anchored_revision_id == revision.pk
    assert annotation.exact == "renew the token before the end of the month"

    client = signed_in(employee)
    response = client.get(page.url)
    html = response.content.decode()
    assert "No longer matches the page" in html
    assert 'data-testid="annotations-orphans"' in html
    assert f"/pages/{page.pk}/compare/{made_on}/{revision.pk}/" in html
    assert "renew the token before the end of the month" in html
    assert response.context["annotations_json"]["items"] == []  # no highlight drawn
    assert client.get(f"/pages/{page.pk}/compare/{made_on}/{revision.pk}/").status_code == 200

    _republish(page, owner, original, django_capture_on_commit_callbacks)
    annotation.refresh_from_db()
    assert annotation.anchor_state == AnchorState.ANCHORED
    assert _current_text(annotation) == "renew the token before the end of the month"


def test_repeated_text_is_told_apart_by_its_prefix_and_suffix(
    employee, owner, home, django_capture_on_commit_callbacks
):
    from wagtail.rich_text import RichText

    page = annotated_page(
        home,
        owner,
        body=[
            (
                "paragraph",
                RichText(
                    "<p>Type the code and press Enter to confirm. "
                    "Type the PIN and press Enter to unlock.</p>"
                ),
            )
        ],
    )
    annotation = _annotate(employee, page, "press Enter", occurrence=1)
    assert annotation.prefix.endswith("Type the PIN and ")
    raw = _raw(page)
    raw[0]["value"] = (
        "<p>Wake the laptop, type the code and press Enter to confirm, then, when the PIN "
        "prompt appears, type the PIN and press Enter to unlock.</p>"
    )
    new_text = anchoring.block_texts(f'<div data-block-id="x">{raw[0]["value"]}</div>')["x"]
    first, second = new_text.find("press Enter"), new_text.rfind("press Enter")
    # The old position alone would pick the wrong one.
    assert abs(first - annotation.start) < abs(second - annotation.start)
    _republish(page, owner, raw, django_capture_on_commit_callbacks)
    annotation.refresh_from_db()
    assert annotation.current_start == second


def test_a_short_quote_is_never_matched_fuzzily():
    texts = {"a": "Ask for the VAT number."}
    assert anchoring.locate(texts, "VPN", "for the ", " number", "a", 8) is None


def test_every_annotation_is_reanchored_whatever_its_visibility_or_status(
    employee, owner, page, django_capture_on_commit_callbacks
):
    private = _annotate(employee, page, "laptop", visibility=Visibility.PRIVATE)
    deleted = _annotate(employee, page, "phone ready")
    Annotation.objects.filter(pk=deleted.pk).update(status=Status.DELETED)
    raw = _raw(page)
    raw[1]["value"] = "<p>Renew the token every month.</p>"
    _republish(page, owner, raw, django_capture_on_commit_callbacks)
    for annotation in (private, deleted):
        annotation.refresh_from_db()
        assert annotation.anchor_state == AnchorState.ORPHANED


def test_reanchoring_reads_once_and_writes_in_one_bulk_update(employee, owner, page):
    texts = anchoring.live_texts(page)
    block_id = block_ids(page)[1]
    annotations = [
        Annotation(
            page=page,
            author=employee,
            exact=texts[block_id][n : n + 12],
            block_id=block_id,
            start=n,
            end=n + 12,
        )
        for n in range(0, 60, 2)
    ]
    Annotation.objects.bulk_create(annotations)
    revision = page.live_revision
    anchoring.revision_texts(page, revision)  # the snapshot, rendered when published
    with CaptureQueriesContext(connection) as queries:
        changed = anchoring.reanchor_page_now(page, revision)
    assert changed == 30
    annotation_queries = [q for q in queries.captured_queries if "community_annotation" in q["sql"]]
    assert len(annotation_queries) == 2
    # Besides: the page's discussion version (core.fragments), bumped once, not per row.
    version_writes = [q for q in queries.captured_queries if "core_cacheversion" in q["sql"]]
    assert 1 <= len(version_writes) <= 2
    statements = [q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == len(annotation_queries) + len(version_writes)
    assert (
        Annotation.objects.filter(
            anchor_state=AnchorState.ANCHORED, anchored_revision=revision
        ).count()
        == 30
    )
