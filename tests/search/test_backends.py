"""Backend selection: database search by default, Elasticsearch when ELASTICSEARCH_URL is set."""

import json
import os
import socket
import subprocess
import sys
import urllib.parse
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


def test_the_embedded_default_is_wagtails_database_backend():
    backend = _backends_with({"ELASTICSEARCH_URL": ""})["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.database"


def test_elasticsearch_url_selects_the_elasticsearch_backend():
    backend = _backends_with({"ELASTICSEARCH_URL": "http://search.internal:9200"})["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert backend["URLS"] == ["http://search.internal:9200"]


def _reachable(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 9200), timeout=1):
            return True
    except OSError:
        return False


ES_URL = os.environ.get("ELASTICSEARCH_URL") or "http://127.0.0.1:9200"


@pytest.mark.skipif(not _reachable(ES_URL), reason=f"no Elasticsearch server reachable at {ES_URL}")
def test_live_elasticsearch_indexes_and_finds_a_page(home):
    from wagtail.search.backends import get_search_backend

    from tests.factories import StandardPageFactory

    backend = get_search_backend(
        "wagtail.search.backends.elasticsearch8", URLS=[ES_URL], INDEX="hearth-test"
    )
    page = StandardPageFactory(parent=home, title="Quarterly procurement calendar")
    backend.reset_index()
    backend.add_type(type(page))
    backend.add(page)
    backend.refresh_index()
    assert page.pk in [hit.pk for hit in backend.search("procurement", type(page))]
