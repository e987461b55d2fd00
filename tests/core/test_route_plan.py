"""Routing (`core.models.PrivacyAwarePage.route`) finds the pages on a URL's path by
`url_path IN (…)`: core/migrations/0012 indexes `url_path`, so the query looks the few
pages up instead of reading every page below the site's root (~1 s on SQLite at 100,000
pages; bench/bench_corpus_pages.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.community.annotating import annotated_page
from tests.factories import UserFactory
from tests.plans import plan

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's"
)


def test_routing_looks_up_the_pages_on_the_path_by_index(home, signed_in):
    page = annotated_page(home)
    client = signed_in(UserFactory(roles=["Employees"]))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page.url).status_code == 200
    routing = [q["sql"] for q in captured.captured_queries if '"url_path" IN' in q["sql"]]
    assert routing  # the page was routed by url_path
    for sql in routing:
        # Not (depth, path): `depth > 2` is a range over every page below the root.
        assert any("USING INDEX hearth_page_url_path" in step for step in plan(sql)), sql
