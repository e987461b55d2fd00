"""The header's unread-notification count: at most one query, only when a template shows it
and only for a signed-in person."""

from functools import cache

from django.conf import settings
from django.http import HttpRequest

from community.notifications.services import unread_count


def notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        return unread_count(user)

    # Templates call a callable once per lookup; the cache makes every lookup one query.
    return {
        "unread_notifications": count,
        "notification_poll_seconds": getattr(settings, "HEARTH_NOTIFICATION_POLL_SECONDS", 45),
    }
