"""Atom feeds of recent updates: the whole site, or one space, as the reader may see them.

Both read `home.services.latest_updates(user)` (published pages filtered by
`viewable_pages`), so a private space's pages reach only the people who may read them; a
space the reader may not see answers 404 like its pages do. A feed reader signed in to
Hearth (the session cookie) gets the same items as the browser.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.permissions import viewable_pages
from home.services import latest_updates
from knowledge.models import SpacePage

FEED_ITEMS = 30


class UpdatesFeed(Feed):
    """/feeds/updates/: the newest pages across the site."""

    feed_type = Atom1Feed
    title = _("Hearth: latest updates")
    subtitle = _("Pages published or updated lately.")

    def get_object(self, request: HttpRequest, *args, **kwargs):
        self.request = request
        return None

    def link(self, obj=None) -> str:
        return "/updates/"

    def _pages(self, obj):
        pages = latest_updates(self.request.user)
        if obj is not None:
            pages = pages.descendant_of(obj)
        return pages

    def items(self, obj=None):
        return list(self._pages(obj)[:FEED_ITEMS])

    def item_title(self, item: Page) -> str:
        return item.title

    def item_description(self, item: Page) -> str:
        return item.search_description

    def item_link(self, item: Page) -> str:
        return item.get_url(self.request) or "/"

    def item_updateddate(self, item: Page):
        return item.last_published_at

    def item_pubdate(self, item: Page):
        return item.first_published_at

    def item_author_name(self, item: Page) -> str:
        revision = item.live_revision
        user = revision.user if revision else None
        return (user.get_full_name() or user.get_username()) if user else ""


class SpaceFeed(UpdatesFeed):
    """/feeds/spaces/<id>/: the newest pages of one space (404 if the reader may not see it)."""

    def get_object(self, request: HttpRequest, space_id: int):
        self.request = request
        space = (
            SpacePage.objects.live()
            .filter(pk=space_id, pk__in=viewable_pages(request.user).values("pk"))
            .first()
        )
        if space is None:
            raise Http404
        return space

    def title(self, obj) -> str:
        return _("Hearth: %(space)s") % {"space": obj.title}

    def link(self, obj=None) -> str:
        return obj.get_url(self.request) or "/"


# A feed object keeps the request it serves, so each request gets its own.
def updates_feed(request: HttpRequest):
    return UpdatesFeed()(request)


def space_feed(request: HttpRequest, space_id: int):
    return SpaceFeed()(request, space_id=space_id)
