"""SQLite ranks a search in two tiers (search.fts.ranked_ids): title matches, then the other
matches only if those are too few, each tier ranked by bm25 among a bounded number of the
newest candidates, so a word common across 100,000 pages costs what it costs at 1,000."""

import os

import pytest
from django.db import connection
from wagtail.models import Page
from wagtail.search.query import PlainText

from search import fts
from tests.factories import KnowledgePageFactory, knowledge_space, publish

# Engine-specific: these pin the two tiers of SQLite FTS5's own ranking. PostgreSQL ranks
# in ranked_pages (tests/search/test_indexing.py pins its caps); OpenSearch ranks by its own
# relevance, which the rest of this suite checks from the reader's side.
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite" or bool(os.environ.get("OPENSEARCH_URL")),
    reason="SQLite FTS5 ranking (PostgreSQL: ranked_pages; OpenSearch: its own relevance)",
)


@pytest.fixture
def zorbat_pages(home, indexing):
    """Five pages with the word in their title, four with it in their summary only."""
    with indexing():
        space = knowledge_space("IT Help", slug="it-help")
        publish(space)
        titled, mentioned = [], []
        for number in range(5):
            page = KnowledgePageFactory(parent=space, title=f"Zorbat guide {number}")
            publish(page)
            titled.append(str(page.pk))
        for number in range(4):
            page = KnowledgePageFactory(
                parent=space,
                title=f"Printer setup {number}",
                listing_summary="How the zorbat tray is cleaned.",
            )
            publish(page)
            mentioned.append(str(page.pk))
    return titled, mentioned


def test_title_matches_come_first_and_the_rest_only_fills_up(zorbat_pages):
    titled, mentioned = zorbat_pages
    ids = fts.ranked_ids(Page, PlainText("zorbat"), 50)
    assert set(ids[:5]) == set(titled)
    assert set(ids[5:]) == set(mentioned)
    assert set(fts.ranked_ids(Page, PlainText("zorbat"), 3)) <= set(titled)


def test_each_tier_ranks_a_bounded_number_of_candidates(zorbat_pages, monkeypatch):
    titled, mentioned = zorbat_pages
    monkeypatch.setattr(fts, "TITLE_CANDIDATES", 3)
    monkeypatch.setattr(fts, "BODY_CANDIDATES", 2)
    ids = fts.ranked_ids(Page, PlainText("zorbat"), 50)
    assert len(ids) == 5  # not all nine matches: 3 title candidates, then 2 others
    assert set(ids[:3]) <= set(titled)
    assert set(ids[3:]) <= set(mentioned)
