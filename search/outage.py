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
