"""Indexing: `manage.py update_index` with progress, bulk on PostgreSQL (the same entries as
Wagtail's own indexer), and the tiered PostgreSQL ranking's candidate caps."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from modelsearch.conf import get_app_config
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from knowledge.models import KnowledgePage
from search import fts
from search import indexing as bulk
from tests.factories import KnowledgePageFactory, StandardPageFactory, publish


def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's bulk indexer and tiered ranking (run with DATABASE_URL)")


def _entries(model) -> dict:
    from django.contrib.contenttypes.models import ContentType

    entry = get_app_config().get_model("IndexEntry")
    rows = entry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    fields = ("object_id", "title", "autocomplete", "body", "title_text", "body_text")
    return {row[0]: row[1:] for row in rows.values_list(*fields)}


def test_update_index_shows_progress_and_the_pages_are_found(employee_client, home, indexing):
    with indexing():
        page = StandardPageFactory(parent=home, title="Quarterly procurement calendar")
        publish(page)
    index.remove_object(page)  # out of the index, on any backend (database or engine)
    assert "procurement calendar" not in employee_client.get("/search/?q=procurement").text
    out = StringIO()
    call_command("update_index", stdout=out)
    assert "home.StandardPage" in out.getvalue()
    assert "indexed" in out.getvalue()
    assert "Quarterly procurement calendar" in employee_client.get("/search/?q=procurement").text


def test_bulk_entries_are_the_ones_wagtail_writes(wiki, indexing):
    _postgres_only()
    with indexing():
        page = KnowledgePageFactory(
            parent=wiki["hr"], title="Parental leave", listing_summary="Weeks off for parents."
        )
        page.tags.add("family", "leave")
        publish(page)
    pages = list(KnowledgePage.get_indexed_objects().order_by("pk"))
    index = get_search_backend().get_index_for_model(KnowledgePage)
    index.add_items(KnowledgePage, pages)  # Wagtail's own
    theirs = _entries(KnowledgePage)
    get_app_config().get_model("IndexEntry").objects.all().delete()
    assert bulk.add_items(index, KnowledgePage, pages) == len(pages) == 4
    assert _entries(KnowledgePage) == theirs


def test_a_bulk_rebuild_reads_chunks_by_key_and_keeps_every_page(wiki):
    chunks = list(bulk.chunks(KnowledgePage.objects.all(), 2))
    assert [len(chunk) for chunk in chunks] == [2, 1]
    assert [page.pk for chunk in chunks for page in chunk] == sorted(
        KnowledgePage.objects.values_list("pk", flat=True)
    )


def test_private_matches_never_use_up_the_candidate_caps(
    employee_client, signed_in, wiki, leader, indexing, monkeypatch
):
    _postgres_only()
    with indexing():
        publish(KnowledgePageFactory(parent=wiki["secret"], title="Vacation for executives"))
    monkeypatch.setattr(fts, "TITLE_CANDIDATES", 1)
    monkeypatch.setattr(fts, "BODY_CANDIDATES", 1)
    # Privacy is applied inside the capped query: the one candidate is a readable one.
    html = employee_client.get("/search/", {"q": "vacation"}).text
    assert "1 result for" in html
    assert "Vacation policy" in html
    # A leader reads all three, but the caps keep one title match and one body match.
    html = signed_in(leader).get("/search/", {"q": "vacation"}).text
    assert "2 results for" in html
    assert "Compensation bands zorblatt" in html
