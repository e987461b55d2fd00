"""The home page's audience queries (campaign banners, announcements, must-reads) look up
only their own few pages: no full scan of Wagtail's page table, whose size is the site's.

Before, each filtered by `pk__in` the list of every page the reader may read, which SQLite
builds by scanning the page table first (40 to 70 ms each at 100,000 pages; see
bench/bench_corpus_pages.py). The plan is SQLite's, the embedded default; PostgreSQL
chose index lookups for the same SQL already.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from brand.campaigns.services import banners_for
from brand.news.services import home_announcements
from knowledge.mustread import open_must_reads
from tests.brand.factories_campaigns import person
from tests.plans import PAGE_TABLE, page_table_scans

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's"
)


@pytest.mark.parametrize("query", [banners_for, home_announcements, open_must_reads])
def test_home_audience_queries_never_scan_the_page_table(db, query):
    reader = person("reader")
    with CaptureQueriesContext(connection) as captured:
        query(reader)
    statements = [q["sql"] for q in captured.captured_queries if PAGE_TABLE in q["sql"]]
    assert statements  # the query under test did reach the pages
    for sql in statements:
        assert page_table_scans(sql) == [], sql
