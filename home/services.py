"""What the start page and "What's new" read: a constant number of queries each."""

from django.db.models import QuerySet
from wagtail.models import Page

from core.permissions import viewable_pages
from insights.models import ActivityEvent

LATEST_ON_HOME = 8
RECENTLY_VIEWED_ON_HOME = 6
UPDATES_PER_PAGE = 20


def latest_updates(user) -> QuerySet[Page]:
    """Published content the reader may see, newest first, with who published it."""
    return (
        viewable_pages(user)
        .filter(depth__gt=2)
        .select_related("live_revision__user")
        .order_by("-last_published_at", "-pk")
    )


def recently_viewed(user) -> list[Page]:
    """Pages the reader opened lately (from the activity ledger), newest first."""
    if not user.is_authenticated:
        return []
    viewed = ActivityEvent.objects.recent_page_views(user).values_list("target_id", flat=True)
    order = list(dict.fromkeys(viewed[:50]))[:RECENTLY_VIEWED_ON_HOME]
    pages = viewable_pages(user).in_bulk(order)
    return [pages[pk] for pk in order if pk in pages]
