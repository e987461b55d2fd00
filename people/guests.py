"""What a guest has: their active pinholes (spaces opened to them, read-only or
read-and-comment, until a date), and whether they may take part on a page. Read by the
privacy gate's callers, community's services and the start page; the flows that open and
close pinholes (invites, revoking, expiry) are in `governance.guests`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from wagtail.models import Page, Site

from core.models import User
from core.permissions import is_guest
from people.models import GuestAccess


@dataclass(frozen=True)
class Grant:
    """One active pinhole of the signed-in guest (what the banner and checks need)."""

    space_id: int
    path: str
    title: str
    url_path: str
    can_comment: bool
    expires_at: datetime

    @property
    def url(self) -> str:
        """The space's address on the site (Wagtail's cached site roots; no query)."""
        for root in Site.get_site_root_paths():
            if self.url_path.startswith(root.root_path):
                return self.url_path[len(root.root_path) - 1 :]
        return "/"


def active_grants(user: User | AnonymousUser) -> list[Grant]:
    """The guest's active pinholes, one query, kept on the user object for the request.

    Also primes `core.permissions`' own list of the guest's spaces, so the privacy gate
    does not ask again."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_hearth_guest_grants", None)
    if cached is None:
        rows = (
            GuestAccess.objects.active()
            .filter(user=user, space__live=True)
            .order_by("space__title", "-expires_at")
            .values_list(
                "space_id",
                "space__path",
                "space__title",
                "space__url_path",
                "can_comment",
                "expires_at",
            )
        )
        cached = [Grant(*row) for row in rows]
        user._hearth_guest_grants = cached
        if getattr(user, "_hearth_guest_spaces", None) is None:
            user._hearth_guest_spaces = [grant.path for grant in cached]
    return cached


def pinhole_lets_contribute(user: User | AnonymousUser, page: Page | None) -> bool:
    """The guests' part of "may comment on, annotate or react to `page`" (registered with
    `core.policy`, which asks it for guests only): a pinhole to the page's space that is
    not read-only (`page=None`: any such pinhole)."""
    return any(
        grant.can_comment and (page is None or page.path.startswith(grant.path))
        for grant in active_grants(user)
    )


def home_spaces(user: User | AnonymousUser) -> list[Grant]:
    """A guest's spaces for their start page ([] for everyone else; no query for staff
    once the privacy gate has read their roles)."""
    return active_grants(user) if is_guest(user) else []
