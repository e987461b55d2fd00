"""The breadcrumb trail as the reader may follow it: every ancestor is named (it says where
the page sits), but only those the reader may open are links, so no crumb leads to a 404.

No query of its own: the ancestors are the page's (`breadcrumb_ancestors`), and a guest's
opened spaces are the ones the page's own read check has already loaded on the user.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from wagtail.models import Page

from core.models import User
from core.permissions import _guest_space_paths, is_guest

HOME_DEPTH = 2  # the site's home page: everyone's start page, guests' too


@dataclass(frozen=True)
class Crumb:
    page: Page
    linked: bool


def trail(page: Page, user: User | AnonymousUser) -> list[Crumb]:
    ancestors = page.breadcrumb_ancestors()
    if not is_guest(user):
        # A reader who may see the page may see every live page above it: a view
        # restriction on an ancestor holds for the page too.
        return [Crumb(ancestor, ancestor.live) for ancestor in ancestors]
    opened = _guest_space_paths(user)
    return [
        Crumb(
            ancestor,
            ancestor.live
            and (
                ancestor.depth == HOME_DEPTH
                or any(ancestor.path.startswith(path) for path in opened)
            ),
        )
        for ancestor in ancestors
    ]
