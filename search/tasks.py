"""Search's background work: the query log, clicks, feedback, the vocabulary and the index.

Nothing here runs inside a request: views enqueue these after their transaction commits.
"""

import datetime
import uuid

from django_tasks import task
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page
from wagtail.search import index

from core.schedule import cron
from search import vocabulary
from search.models import (
    FINGERPRINT_LENGTH,
    MAX_LOGGED_QUERY,
    SearchClick,
    SearchFeedback,
    SearchLog,
)


@task()
def log_search(
    token: str, query: str, results: int, department: str, day: str, searcher: str = ""
) -> None:
    date = datetime.date.fromisoformat(day)
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
def page_published(page_id: int) -> None:
    """Re-index a page once its tags and other child rows are saved (the save signal
    fires before them), and add its words to the vocabulary."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    index.insert_or_update_object(page.specific)
    vocabulary.add_page(page)


@cron("0 2 * * *", name="rebuild_search_vocabulary")
@task()
def rebuild_vocabulary() -> int:
    """Recount the "Did you mean" vocabulary (publishing only adds words)."""
    return vocabulary.rebuild()
