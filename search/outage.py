"""When the search engine (OpenSearch/Elasticsearch) is down, slow or refuses a request.

The engine is a separate server: it can be restarting, out of memory or unreachable while
the database and the rest of the site work. Every call Hearth makes to it goes through
`engine_call`, which turns the clients' own errors into one `SearchUnavailable` and logs
the failure once, at warning level, with the error's kind only: never the query (the
query log keeps what it keeps) nor the engine's reply (a rejected query echoes it).
Views answer `SearchUnavailable` with a 503 and a message a person understands; the
middleware does the same for Wagtail's own search paths (the admin, choosers, the API).
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

UNAVAILABLE_MESSAGE = gettext_lazy("Search is unavailable right now; try again in a minute.")


def _client_errors() -> tuple[type[BaseException], ...]:
    """The errors of the engine clients that are installed (each is optional)."""
    errors: list[type[BaseException]] = []
    try:
        from opensearchpy.exceptions import (  # noqa: PLC0415 - optional client
            OpenSearchException,
        )

        errors.append(OpenSearchException)
    except ImportError:  # pragma: no cover - installed with Hearth
        pass
    try:
        from elastic_transport import TransportError  # noqa: PLC0415 - optional client
        from elasticsearch import ApiError  # noqa: PLC0415 - optional client

        errors += [TransportError, ApiError]
    except ImportError:  # pragma: no cover - installed with Hearth
        pass
    return tuple(errors)


ENGINE_ERRORS = _client_errors()


class SearchUnavailable(Exception):
    """The search engine could not answer (down, timed out, or refused the request)."""


def describe(error: BaseException) -> str:
    """The error's kind and HTTP status, nothing it carries (hosts, queries, replies)."""
    status = getattr(error, "status_code", None)
    if status is None:
        status = getattr(getattr(error, "meta", None), "status", None)
    return f"{type(error).__name__}" + (f" (status {status})" if status else "")


@contextmanager
def engine_call(what: str) -> Iterator[None]:
    """Run one request to the engine; its failure becomes `SearchUnavailable`, logged once."""
    try:
        yield
    except ENGINE_ERRORS as error:
        logger.warning("Search engine unavailable during %s: %s", what, describe(error))
        raise SearchUnavailable(what) from error


class EngineErrorLogFilter(logging.Filter):
    """Wagtail's save-time index update (`modelsearch.index`) logs an engine outage as an
    ERROR with a traceback and the object's repr (a page's title), then carries on: the
    page is saved and Hearth's `page_published` task retries its index update. This
    filter, on that logger only, turns such a record into one warning line that names the
    error's kind and the object's type and id, like `engine_call`. Anything that is not an
    engine error (a bug in an index mapping) keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, ENGINE_ERRORS):
            return True
        deleting = str(record.msg).startswith("Exception raised while deleting")
        instance = record.args[0] if isinstance(record.args, tuple) and record.args else None
        what = f"{type(instance).__name__} {getattr(instance, 'pk', '?')}"
        if deleting:
            record.msg = (
                "Search engine unavailable while removing %s from the index: %s; its entry "
                "stays until `manage.py update_index` runs (results are filtered in SQL)."
            )
        else:
            record.msg = (
                "Search engine unavailable while indexing %s: %s; pages are indexed again "
                "by the retrying task, anything else by `manage.py update_index`."
            )
        record.args = (what, describe(error))
        record.exc_info = None
        record.exc_text = None
        record.levelno = logging.WARNING
        record.levelname = logging.getLevelName(logging.WARNING)
        return True
