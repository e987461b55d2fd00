"""The search engine down: every search read path answers 503 with a message a person
understands (never a 500), the failure is logged once without the query, and publishing
still works. The outage is real: Wagtail's OpenSearch backend pointed at a closed port."""

import json
import logging
import os
import socket
import time

import pytest
from django.test.utils import override_settings
from wagtail.models import Page

from search import tasks
from tests.factories import StandardPageFactory, UserFactory, publish

MESSAGE = "Search is unavailable right now; try again in a minute."
QUERY = "quarterly zephyrine report"
CLOSED_PORT = "http://127.0.0.1:1"
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "")


def _opensearch(url: str, timeout: int = 2) -> dict:
    return {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch2",
            "URLS": [url],
            "INDEX_PREFIX": "hearth_outage_",
            "TIMEOUT": timeout,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }


@pytest.fixture
def engine_down():
    with override_settings(WAGTAILSEARCH_BACKENDS=_opensearch(CLOSED_PORT)):
        yield


@pytest.fixture
def engine_hangs():
    """A node that takes the connection and never answers (a real listening socket whose
    queue nobody reads): the client gives up after the backend's TIMEOUT."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    url = f"http://127.0.0.1:{silent.getsockname()[1]}"
    try:
        with override_settings(WAGTAILSEARCH_BACKENDS=_opensearch(url, timeout=1)):
            yield
    finally:
        silent.close()


def _warnings(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_the_search_page_answers_503_with_a_message_and_the_rest_of_the_page(
    employee_client, home, engine_down, caplog
):
    caplog.set_level(logging.WARNING)
    response = employee_client.get("/search/", {"q": QUERY})
    html = response.content.decode()
    assert response.status_code == 503
    assert MESSAGE in html
    assert 'role="alert" data-testid="search-unavailable"' in html
    assert 'data-testid="search-page-input"' in html  # the box to try again
    assert "Traceback" not in html
    outage = [r for r in _warnings(caplog) if r.name == "search.outage"]
    assert len(outage) == 1
    assert "ConnectionError" in outage[0].getMessage()
    for record in _warnings(caplog):
        assert "zephyrine" not in record.getMessage()


def test_a_search_that_times_out_answers_503_within_the_timeout(
    employee_client, home, engine_hangs, caplog
):
    caplog.set_level(logging.WARNING)
    started = time.monotonic()
    response = employee_client.get("/search/", {"q": QUERY})
    assert response.status_code == 503
    assert MESSAGE in response.content.decode()
    assert time.monotonic() - started < 15
    outage = [r.getMessage() for r in _warnings(caplog) if r.name == "search.outage"]
    assert len(outage) == 1
    assert "ConnectionTimeout" in outage[0]


def test_an_empty_search_page_does_not_need_the_engine(employee_client, home, engine_down):
    assert employee_client.get("/search/").status_code == 200


def test_autocomplete_answers_503_json_with_a_message(employee_client, home, engine_down, caplog):
    caplog.set_level(logging.WARNING)
    response = employee_client.get("/search/autocomplete/", {"q": "zephyr"})
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"items": [], "message": MESSAGE}
    assert len([r for r in _warnings(caplog) if r.name == "search.outage"]) == 1


def test_the_api_search_answers_503_json(employee_client, home, engine_down):
    response = employee_client.get("/api/v2/pages/", {"search": "zephyrine"})
    assert response.status_code == 503
    assert json.loads(response.content)["message"] == MESSAGE


def test_the_api_without_search_does_not_need_the_engine(employee_client, home, engine_down):
    assert employee_client.get("/api/v2/pages/").status_code == 200


def test_the_admins_page_search_and_chooser_answer_503(home, signed_in, engine_down):
    admin = signed_in(UserFactory(username="ada", is_superuser=True, is_staff=True))
    search = admin.get("/admin/pages/search/", {"q": "zephyrine"})
    assert search.status_code == 503
    assert MESSAGE in search.content.decode()
    chooser = admin.get(
        "/admin/choose-page/search/", {"q": "zephyrine"}, headers={"Accept": "application/json"}
    )
    assert chooser.status_code == 503


def test_publishing_while_the_engine_is_down_still_publishes(home, engine_down, caplog, indexing):
    caplog.set_level(logging.WARNING)
    page = StandardPageFactory(parent=home, title="Zephyrine rota", live=False)
    with indexing():  # what publishing queues after its commit runs, as on a worker
        publish(page)
    assert Page.objects.get(pk=page.pk).live
    left = [r.getMessage() for r in _warnings(caplog) if r.name == "search.tasks"]
    assert any("update_index" in message for message in left)


def test_deleting_a_page_while_the_engine_is_down_still_deletes(home, engine_down):
    """Wagtail removes a deleted page from the index in the request; an engine that cannot
    answer is logged by Wagtail and the delete goes on (its entry is dropped at the next
    `update_index`; privacy never depends on it: results are filtered in SQL)."""
    page = StandardPageFactory(parent=home, title="Zephyrine rota")
    page.delete()
    assert not Page.objects.filter(pk=page.pk).exists()


def test_saving_and_deleting_while_the_engine_is_down_log_one_line_each_not_a_traceback(
    home, engine_down, caplog
):
    """Wagtail's own save-time index update logs an outage as an ERROR with a traceback and
    the page's title; Hearth's filter on that logger makes it one warning line with the
    error's kind and the page's id (the retrying task does the work)."""
    caplog.set_level(logging.WARNING)
    page = StandardPageFactory(parent=home, title="Zephyrine rota")
    page_id = page.pk
    page.delete()
    records = [r for r in caplog.records if r.name == "modelsearch.index"]
    messages = [r.getMessage() for r in records]
    assert any("while indexing" in m for m in messages), messages
    assert any("while removing" in m for m in messages), messages
    for record, message in zip(records, messages, strict=True):
        assert record.levelno == logging.WARNING, message
        assert record.exc_info is None and not record.exc_text
        assert "ConnectionError" in message
        assert str(page_id) in message
        assert "Zephyrine" not in message


def test_a_failed_index_update_is_tried_again_later_on_a_queue_that_defers(
    home, engine_down, caplog
):
    """The database queue (production's default) can defer: the update is enqueued again
    after a delay instead of being dropped, until the retries run out."""
    page = StandardPageFactory(parent=home, title="Zephyrine rota")
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        queue = tasks.page_published.get_backend()
        queue.clear()
        tasks.page_published.call(page.pk)
        assert len(queue.results) == 1
        assert list(queue.results[0].args) == [page.pk, 2]
        assert queue.results[0].task.run_after is not None
        tasks.page_published.call(page.pk, tasks.INDEX_RETRIES + 1)
        assert len(queue.results) == 1  # the last attempt enqueues nothing more
    assert any("update_index" in r.getMessage() for r in _warnings(caplog))


@pytest.mark.skipif(not OPENSEARCH_URL, reason="OPENSEARCH_URL is not set (CI sets it)")
def test_with_the_node_up_the_same_paths_answer(employee_client, home, indexing):
    """Against the real node (tests/search/conftest.py's indexes): the page, autocomplete
    and the retried index update work."""
    with indexing():
        page = StandardPageFactory(parent=home, title="Zephyrine rota", live=False)
        publish(page)
    tasks.page_published.call(page.pk)  # what a retry runs once the engine is back
    response = employee_client.get("/search/", {"q": "zephyrine"})
    assert response.status_code == 200
    assert "Zephyrine rota" in response.content.decode()
    found = employee_client.get("/search/autocomplete/", {"q": "zephyr"})
    assert found.status_code == 200
    assert "Zephyrine rota" in [item["label"] for item in json.loads(found.content)["items"]]
