"""Privacy on every path of search: a page, comment or annotation someone may not see
never shows in their results, counts, facets, snippets, autocomplete or "Did you mean"."""

import pytest
from django.utils import timezone

from community.models import Status, Visibility
from knowledge.models import KnowledgePage
from search import vocabulary
from search.models import SearchTerm
from tests.community.factories import AnnotationFactory, CommentFactory
from tests.factories import KnowledgePageFactory, StandardPageFactory, publish


def _get(client, **params) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_private_pages_stay_out_of_results_counts_facets_and_snippets(
    employee_client, signed_in, wiki, leader
):
    # "vacation" is on the public policy and in the private bands page's summary.
    outsider = _get(employee_client, q="vacation")
    assert "1 result for" in outsider
    assert "Compensation" not in outsider
    assert "executives" not in outsider
    assert f"facet-space-{wiki['secret'].pk}" not in outsider
    assert "Leadership" not in outsider
    assert "facet-tag-compensation" not in outsider

    insider = _get(signed_in(leader), q="vacation")
    assert "2 results for" in insider
    assert "Compensation bands zorblatt" in insider
    assert f"facet-space-{wiki['secret'].pk}" in insider


def test_private_words_never_reach_did_you_mean(employee_client, signed_in, wiki, leader):
    assert not SearchTerm.objects.filter(term="zorblatt").exists()
    vocabulary.rebuild()
    assert not SearchTerm.objects.filter(term="zorblatt").exists()
    assert SearchTerm.objects.filter(term="vacation").exists()
    html = _get(employee_client, q="zorblat")
    assert "zorblatt" not in html
    assert "0 results" in html or "No pages found" in html
    # The insider finds the page by its exact word.
    assert "Compensation bands zorblatt" in _get(signed_in(leader), q="zorblatt")


def test_a_correction_is_only_used_if_it_finds_something_the_reader_may_see(
    employee_client, wiki, home, indexing
):
    # Even if a private word were in the vocabulary, its correction finds nothing here.
    SearchTerm.objects.create(term="zorblatt", frequency=5)
    html = _get(employee_client, q="zorblat")
    assert "zorblatt" not in html


def test_drafts_never_appear(employee_client, wiki, home, indexing):
    with indexing():
        StandardPageFactory(parent=home, title="Unannounced reorganisation", live=False)
        page = KnowledgePageFactory(parent=wiki["hr"], title="Parking rules")
        publish(page)
        page.title = "Parking rules secret draft merger"
        page.save_revision()
    html = _get(employee_client, q="reorganisation")
    assert "Unannounced" not in html
    assert "0 results for" in _get(employee_client, q="merger")
    assert "secret draft" not in _get(employee_client, q="parking")
    assert "Parking rules" in _get(employee_client, q="parking")


def test_autocomplete_hides_private_pages_and_their_tags(employee_client, signed_in, wiki, leader):
    outsider = employee_client.get("/search/autocomplete/", {"q": "comp"}).json()["items"]
    assert outsider == []
    insider = signed_in(leader).get("/search/autocomplete/", {"q": "comp"}).json()["items"]
    assert {"page", "tag"} <= {item["kind"] for item in insider}


@pytest.mark.parametrize(
    "status,visibility",
    [
        (Status.HIDDEN, Visibility.SHARED),
        (Status.PENDING, Visibility.SHARED),
        (Status.REMOVED, Visibility.SHARED),
        (Status.DELETED, Visibility.SHARED),
        (Status.VISIBLE, Visibility.PRIVATE),
    ],
)
def test_hidden_and_private_annotations_are_not_found_by_others(
    employee_client, wiki, status, visibility
):
    AnnotationFactory(
        page=wiki["laptop"],
        body="quokka remark",
        exact="laptop",
        status=status,
        visibility=visibility,
    )
    assert "<mark>quokka</mark>" not in _get(employee_client, q="quokka")


@pytest.mark.parametrize("status", [Status.HIDDEN, Status.PENDING, Status.REMOVED, Status.DELETED])
def test_hidden_comments_are_not_found(employee_client, wiki, status):
    CommentFactory(page=wiki["laptop"], body="quokka comment", status=status)
    assert "<mark>quokka</mark>" not in _get(employee_client, q="quokka")


def test_comments_on_private_pages_are_not_found_by_outsiders(
    employee_client, signed_in, wiki, leader
):
    CommentFactory(page=wiki["bands"], body="quokka comment")
    assert "<mark>quokka</mark>" not in _get(employee_client, q="quokka")
    assert "<mark>quokka</mark> comment" in _get(signed_in(leader), q="quokka")


def test_a_comment_hidden_after_indexing_disappears_at_once(employee_client, wiki):
    comment = CommentFactory(page=wiki["laptop"], body="quokka comment")
    assert "<mark>quokka</mark>" in _get(employee_client, q="quokka")
    type(comment).objects.filter(pk=comment.pk).update(status=Status.HIDDEN)  # index untouched
    assert "<mark>quokka</mark>" not in _get(employee_client, q="quokka")


def test_click_links_only_lead_to_readable_pages(employee_client, wiki):
    response = employee_client.get("/search/click/", {"p": wiki["bands"].pk})
    assert response.status_code == 404
    response = employee_client.get("/search/click/", {"p": wiki["vacation"].pk})
    assert response.status_code == 302
    assert response["Location"].endswith("/vacation/")


def test_the_vocabulary_command_recounts_public_words_only(wiki):
    from io import StringIO

    from django.core.management import call_command

    SearchTerm.objects.create(term="stale", frequency=9)
    out = StringIO()
    call_command("rebuild_search_vocabulary", stdout=out)
    assert "Vocabulary rebuilt" in out.getvalue()
    assert not SearchTerm.objects.filter(term__in=["stale", "zorblatt", "executives"]).exists()
    assert SearchTerm.objects.get(term="vacation").frequency == 1


def test_pages_hidden_as_stale_leave_results_facets_autocomplete_and_did_you_mean(
    employee_client, wiki, indexing
):
    with indexing():
        old = KnowledgePageFactory(
            parent=wiki["hr"], title="Travel quibbleworth rules", listing_summary="Old rules."
        )
        old.tags.add("quibbleworth")
        publish(old)
    assert "Travel quibbleworth rules" in _get(employee_client, q="travel")
    assert SearchTerm.objects.filter(term="quibbleworth").exists()

    KnowledgePage.objects.filter(pk=old.pk).update(hidden_as_stale_at=timezone.now())
    html = _get(employee_client, q="travel")
    assert "0 results for" in html
    assert "quibbleworth" not in html
    assert "facet-tag-quibbleworth" not in _get(employee_client, q="rules")
    items = employee_client.get("/search/autocomplete/", {"q": "quibb"}).json()["items"]
    assert items == []
    # The word is still in the vocabulary until the nightly rebuild, but a correction to
    # it finds nothing this reader may see, so it is not offered; the rebuild drops it.
    assert "quibbleworth" not in _get(employee_client, q="quibbleworh")
    vocabulary.rebuild()
    assert not SearchTerm.objects.filter(term="quibbleworth").exists()
    assert SearchTerm.objects.filter(term="vacation").exists()


def test_a_guest_finds_only_the_spaces_opened_to_them(signed_in, wiki, guest):
    client = signed_in(guest)
    assert "Laptop replacement" in _get(client, q="laptop")
    # The vacation policy is open to every employee, but its space is not the guest's.
    html = _get(client, q="vacation")
    assert "0 results for" in html
    assert "Vacation policy" not in html
    assert f"facet-space-{wiki['hr'].pk}" not in html
    assert "Leadership" not in _get(client, q="compensation")
    labels = {
        item["label"]
        for q in ("vac", "lap", "comp")
        for item in client.get("/search/autocomplete/", {"q": q}).json()["items"]
    }
    assert labels == {"Laptop replacement"}
