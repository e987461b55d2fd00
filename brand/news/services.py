"""Announcements: news posts for an audience, pinned to home, expiring.

Reading only (publishing is Wagtail's): which live announcements a person's audience
includes, newest first, for the index page and for home (pinned first). Each is one query.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from brand.audience.services import audience_pages_for
from brand.campaigns.services import live_unexpired
from brand.news.models import AnnouncementPage
from core.models import User

ON_HOME = 5


def live_announcements(user: User | AnonymousUser) -> QuerySet[AnnouncementPage]:
    """Live, unexpired announcements `user` may open. Wagtail unpublishes expired pages when
    `publish_scheduled` runs; the expiry filter covers the time until it does."""
    return live_unexpired(AnnouncementPage, user)


def announcements_for(user: User | AnonymousUser) -> QuerySet[AnnouncementPage]:
    """Announcements whose audience includes `user`, newest first."""
    return audience_pages_for(user, live_announcements(user)).order_by("-first_published_at", "-pk")


def home_announcements(user: User | AnonymousUser) -> list[AnnouncementPage]:
    """For the home page: pinned ones first, then the latest; one query."""
    if not user.is_authenticated:
        return []
    return list(announcements_for(user).order_by("-pinned", "-first_published_at", "-pk")[:ON_HOME])
