"""What a pilot's form offers: department and location names, and the kinds of pages
(spaces, communities) a pilot can be about. The apps that own them register from their
AppConfig.ready (insights sits below them); with no provider, departments and locations
are the names the ledger holds (as the rollups' slices keep them)."""

from __future__ import annotations

from collections.abc import Callable

from wagtail.models import Page

from core.permissions import viewable_pages
from insights import scopes
from insights.models import Slice

_names: dict[str, Callable[[], list[str]]] = {}


def offer_names(kind: str, provider: Callable[[], list[str]]) -> None:
    """`kind` is "department" or "location"; `provider()` returns the names."""
    _names[kind] = provider


def offer_scope(kind: str, *page_types: type[Page]) -> None:
    """`kind` is "space" or "community" (`insights.scopes`): the ledger records each event's
    space and community, so a pilot's figures can keep to the ones it chose."""
    scopes.offer(kind, *page_types)


def names(kind: str) -> list[str]:
    if kind in _names:
        return list(_names[kind]())
    # The slices the rollups met (a small table), not a DISTINCT over every person-day.
    found = Slice.objects.exclude(**{kind: ""}).values_list(kind, flat=True).distinct()
    return sorted(found.order_by())


def scope_pages(user):
    """The spaces and communities `user` may see (the form's choices, the report's list)."""
    offered = scopes.page_types()
    if not offered:
        return Page.objects.none()
    return viewable_pages(user).type(*offered).live().order_by("title")
