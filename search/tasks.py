"""Search's background work: the query log, clicks, feedback, the vocabulary and the index.

Nothing here runs inside a request: views enqueue these after their transaction commits.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task
from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import get_indexed_instance
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, Site

from core.schedule import cron
from insights.models import Verb
from insights.services import record_event
from people.models import Profile
from search import vocabulary
from search.models import (
    FINGERPRINT_LENGTH,
    MAX_LOGGED_QUERY,
    SearchClick,
    SearchFeedback,
    SearchLog,
)
from search.outage import SearchUnavailable, engine_call

logger = logging.getLogger(__name__)

# A page whose index update finds the engine down is tried again after 1, 2, 4, 8 and 16
# minutes (about half an hour in all), then left to `manage.py update_index`.
INDEX_RETRIES = 5
INDEX_BACKOFF_SECONDS = 60


def _department(user_id: int) -> str:
    if not getattr(settings, "HEARTH_SEARCH_LOG_DEPARTMENT", True):
        return ""
    name = Profile.objects.filter(user_id=user_id).values_list("department__name", flat=True)
    return name.first() or ""


@task()
def log_search(
    token: str,
    query: str,
    results: int,
    department: str | None,
    day: str,
    searcher: str = "",
    searcher_id: int | None = None,
    site_id: int | None = None,
    searched_at: str = "",
) -> None:
    """The query log row; and, when the view hands over who searched (`searcher_id`,
    `site_id`), the ledger's `searched` event and the searcher's department, read here
    rather than in the request (issue 19: three queries fewer on the search page)."""
    date = datetime.date.fromisoformat(day)
    if searcher_id is not None and department is None:
        department = _department(searcher_id)
    if searcher_id is not None and site_id is not None:
        actor = get_user_model().objects.filter(pk=searcher_id).first()
        site = Site.objects.filter(pk=site_id).first()
        if site is not None:
            when = datetime.datetime.fromisoformat(searched_at) if searched_at else None
            record_event(actor, Verb.SEARCHED, site, when=when or timezone.now())
    department = department or ""
    SearchLog.objects.create(
        token=uuid.UUID(token),
        query=query[:MAX_LOGGED_QUERY],
        results=results,
        department=department[:100],
        searched_on=date,
        searcher=searcher[:FINGERPRINT_LENGTH],
    )
    Query.get(query[:MAX_LOGGED_QUERY]).add_hit(date=date)


@task()
def log_click(token: str, page_id: int, position: int, day: str) -> None:
    if Page.objects.filter(pk=page_id).exists():
        SearchClick.objects.create(
            search=uuid.UUID(token),
            page_id=page_id,
            position=position,
            clicked_on=datetime.date.fromisoformat(day),
        )


@task()
def record_feedback(token: str, helpful: bool, day: str) -> None:
    SearchFeedback.objects.update_or_create(
        search=uuid.UUID(token),
        defaults={"helpful": helpful, "answered_on": datetime.date.fromisoformat(day)},
    )


@task()
def page_published(page_id: int, attempt: int = 1) -> None:
    """Re-index a page once its tags and other child rows are saved (the save signal
    fires before them), and add its words to the vocabulary.

    The publish itself never waits on the engine (this runs after the commit, on a
    worker). If the engine is down, the update is enqueued again with a growing delay;
    after INDEX_RETRIES attempts, or on a queue that cannot defer (the tests' immediate
    one), a warning says to run `manage.py update_index` once the engine is back."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    vocabulary.add_page(page)
    try:
        index_object(page.specific)
    except SearchUnavailable:
        _retry_index(page_id, attempt)


def index_object(obj) -> None:
    """Add or update `obj` in every auto-updated search backend; an engine that cannot
    answer raises `SearchUnavailable` (Wagtail's own `insert_or_update_object` logs and
    drops the update, so nothing would ever try again)."""
    indexed = get_indexed_instance(obj)
    if indexed is None:
        return
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        with engine_call("indexing"):
            backend.add(indexed)


def _retry_index(page_id: int, attempt: int) -> None:
    retry = page_published
    if attempt <= INDEX_RETRIES and retry.get_backend().supports_defer:
        delay = datetime.timedelta(seconds=INDEX_BACKOFF_SECONDS * 2 ** (attempt - 1))
        logger.warning(
            "Page %s not indexed (attempt %d of %d); trying again in %d s",
            page_id, attempt, 1 + INDEX_RETRIES, delay.total_seconds(),
        )  # fmt: skip
        retry.using(run_after=timezone.now() + delay).enqueue(page_id, attempt + 1)
        return
    logger.warning(
        "Page %s not indexed: the search engine is unavailable. "
        "Run `manage.py update_index` once it answers again.",
        page_id,
    )


@cron("0 2 * * *", name="rebuild_search_vocabulary")
@task()
def rebuild_vocabulary() -> int:
    """Recount the "Did you mean" vocabulary (publishing only adds words)."""
    return vocabulary.rebuild()
