"""Backend selection: database search by default, OpenSearch when OPENSEARCH_URL is set,
Elasticsearch when ELASTICSEARCH_URL is."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _backends_with(env: dict[str, str]) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILSEARCH_BACKENDS))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hearth.settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def _settings_error(env: dict[str, str]) -> str:
    code = "import django; django.setup(); from django.conf import settings; settings.DEBUG"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hearth.settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    return result.stderr


def test_the_embedded_default_is_wagtails_database_backend():
    backend = _backends_with({"ELASTICSEARCH_URL": "", "OPENSEARCH_URL": ""})["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.database"


def test_elasticsearch_url_selects_the_elasticsearch_backend():
    backend = _backends_with(
        {"ELASTICSEARCH_URL": "http://search.internal:9200", "OPENSEARCH_URL": ""}
    )["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert backend["URLS"] == ["http://search.internal:9200"]


def test_opensearch_url_selects_the_opensearch_backend_of_its_version_with_the_prefix():
    env = {"OPENSEARCH_URL": "http://search.internal:9200", "SEARCH_INDEX_PREFIX": "intranet_"}
    backend = _backends_with({**env, "OPENSEARCH_VERSION": "2"})
    assert backend["default"]["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert backend["default"]["URLS"] == ["http://search.internal:9200"]
    assert backend["default"]["INDEX_PREFIX"] == "intranet_"
    backend = _backends_with({**env, "OPENSEARCH_VERSION": "3"})
    assert backend["default"]["BACKEND"] == "wagtail.search.backends.opensearch3"


def test_an_unknown_opensearch_version_is_refused_with_a_clear_message():
    error = _settings_error(
        {"OPENSEARCH_URL": "http://search.internal:9200", "OPENSEARCH_VERSION": "7"}
    )
    assert "OPENSEARCH_VERSION must be 2 or 3" in error


OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "")


@pytest.mark.skipif(not OPENSEARCH_URL, reason="OPENSEARCH_URL is not set (CI sets it)")
def test_the_search_suite_runs_on_a_real_opensearch_node(home):
    """On CI's OpenSearch step this suite talks to the node: the default backend is
    OpenSearch, a page created here is indexed and found through the engine itself."""
    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
    from wagtail.search.backends import get_search_backend

    from tests.factories import StandardPageFactory

    backend = get_search_backend()
    assert isinstance(backend, ElasticsearchBaseSearchBackend)
    assert backend.es.info()["version"]["distribution"] == "opensearch"
    page = StandardPageFactory(parent=home, title="Quarterly procurement calendar")
    backend.get_index_for_model(type(page)).refresh()
    assert page.pk in [hit.pk for hit in backend.search("procurement", type(page))]


@pytest.mark.skipif(not OPENSEARCH_URL, reason="OPENSEARCH_URL is not set (CI sets it)")
def test_the_engine_finds_a_private_page_and_sql_drops_it_for_an_outsider(
    employee_client, signed_in, wiki, leader
):
    """OpenSearch holds no permission data: it returns the private page among its
    candidates, and the reader's `viewable_pages` drops it before results and counts."""
    from wagtail.models import Page
    from wagtail.search.query import PlainText

    from search import fts

    assert str(wiki["bands"].pk) in fts.ranked_ids(Page, PlainText("zorblatt"), 10)
    outsider = employee_client.get("/search/", {"q": "zorblatt"}).text
    assert "Compensation bands" not in outsider
    assert "0 results" in outsider or "No pages found" in outsider
    assert "Compensation bands zorblatt" in signed_in(leader).get("/search/?q=zorblatt").text
