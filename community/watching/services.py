"""Watching pages and spaces: who hears about a page.

A person watches a page when they chose to (manual), created it, took part in its
discussion or own it; watching a listing page (a space) covers every page below it. An
explicit "unwatch" keeps the row with `muted=True`: automatic watches are never added back
over it, and a space watch does not reach a page its reader unwatched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from wagtail.models import Page

from community.models import Watch, WatchReason
from core import fragments
from core.models import User
from core.permissions import can_view_page


def ancestor_paths(page: Page) -> list[str]:
    """Tree paths of the pages above `page` (without a query)."""
    step = Page.steplen
    return [page.path[:end] for end in range(step, len(page.path), step)]


def covers_descendants(page: Page) -> bool:
    """Watching a listing (a space, the knowledge index) means watching what is below it."""
    return not getattr(page.specific_class, "has_discussion", True)


# Query shapes -------------------------------------------------------------------------------
def watcher_ids(page: Page) -> QuerySet:
    """User ids of people watching `page`: their own watch on it, or a watch of a page above
    it that includes descendants, unless they muted `page` itself. One subquery."""
    muted = Watch.objects.filter(page_id=page.pk, muted=True).values("user_id")
    return (
        Watch.objects.filter(muted=False)
        .filter(
            Q(page_id=page.pk) | Q(page__path__in=ancestor_paths(page), include_descendants=True)
        )
        .exclude(user_id__in=muted)
        .values("user_id")
    )


def watch_state(user: User | AnonymousUser, page: Page) -> dict:
    """Whether `user` watches `page` and through which page (itself or a space): one query,
    then kept per reader until their watches change (`fragments.reader`, bumped by every
    save or delete of their watches) or the tree does (a space above moved)."""
    if not user.is_authenticated:
        return {"is_watching": False, "watching_via": None, "watch_muted": False}
    return dict(
        fragments.cached(
            "watch-state",
            (page.pk, user.pk),
            lambda: _read_watch_state(user, page),
            depends_on=(fragments.reader(user.pk), fragments.TREE),
        )
    )


def _read_watch_state(user: User, page: Page) -> dict:
    state = {"is_watching": False, "watching_via": None, "watch_muted": False}
    rows = list(
        Watch.objects.filter(user=user)
        .filter(
            Q(page_id=page.pk) | Q(page__path__in=ancestor_paths(page), include_descendants=True)
        )
        .select_related("page")
        .only("page_id", "muted", "include_descendants", "page__title", "page__path")
        .order_by("-page__depth")
    )
    own = next((row for row in rows if row.page_id == page.pk), None)
    if own is not None:
        state.update(is_watching=not own.muted, watch_muted=own.muted)
        return state
    covering = next((row for row in rows if not row.muted), None)
    if covering is not None:
        state.update(is_watching=True, watching_via=covering.page)
    return state


def page_context(page: Page, user: User | AnonymousUser, params: Mapping[str, str]) -> dict:
    """What community/includes/watch_button.html needs (one query, none when signed out)."""
    state = watch_state(user, page)
    state["watch_covers_descendants"] = covers_descendants(page)
    return state


# Side effects -------------------------------------------------------------------------------
def watch(user: User, page: Page) -> Watch:
    """Watch `page` (and everything below it for a space); undoes an earlier unwatch."""
    if not user.is_authenticated or not can_view_page(user, page):
        raise PermissionDenied(_("You cannot watch a page you cannot read."))
    watch_row, _created = Watch.objects.update_or_create(
        user=user,
        page=page,
        defaults={
            "muted": False,
            "reason": WatchReason.MANUAL,
            "include_descendants": covers_descendants(page),
        },
    )
    return watch_row


def unwatch(user: User, page: Page) -> Watch:
    """Stop watching `page`, for good: the muted row keeps automatic watches away and a
    space watch from reaching this page."""
    if not user.is_authenticated or not can_view_page(user, page):
        raise PermissionDenied(_("You cannot change watching for a page you cannot read."))
    watch_row, _created = Watch.objects.update_or_create(
        user=user, page=page, defaults={"muted": True}
    )
    return watch_row


def watch_automatically(
    user_ids: Iterable[int | None],
    page_id: int,
    reason: str,
    *,
    include_descendants: bool = False,
) -> None:
    """Add automatic watches in one query; an existing row (a manual watch, or a muted
    one after an explicit unwatch) is left as it is."""
    rows = [
        Watch(
            user_id=user_id,
            page_id=page_id,
            reason=reason,
            include_descendants=include_descendants,
        )
        for user_id in {user_id for user_id in user_ids if user_id}
    ]
    if rows:
        Watch.objects.bulk_create(rows, ignore_conflicts=True)
        # No post_save for a bulk insert: their cached watch state (watch_state) by hand.
        fragments.bump(*(fragments.reader(row.user_id) for row in rows))
