"""One way to build a page's template context: features provide, `BasePage` asks.

A page's template context is Wagtail's own (`page`, `self`, `request`) plus what the
features add: the discussion under it, its must-read state, a hub's statements. Each
feature registers a *provider* for the page types it serves, from its `AppConfig.ready`
or hooks module:

    from core import page_context

    @page_context.provides(KnowledgePage)
    def must_read(page, user, params):
        return {"must_read": mustread.state(user, page)}

A provider takes the page, the reader and the query parameters (a read-only mapping such
as `request.GET`), never the request, so tasks, the API and tests call the same services
the page does. It returns a dict; providers run in registration order and a later key
wins. `BasePage.get_context` calls `build`; page models do not override `get_context`.

`core` imports no feature: features register here, so the arrows point down.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Provider = Callable[[Any, Any, Mapping[str, str]], dict]
Predicate = Callable[[Any], bool]


@dataclass(frozen=True)
class _Registration:
    provider: Provider
    page_types: tuple[type, ...]
    when: Predicate | None


_registry: list[_Registration] = []


def provides(*page_types: type, when: Predicate | None = None) -> Callable[[Provider], Provider]:
    """Register a provider for pages of these types (every page when none is named),
    and only when `when(page)` is true if given."""

    def register(provider: Provider) -> Provider:
        registration = _Registration(provider, tuple(page_types), when)
        if registration not in _registry:
            _registry.append(registration)
        return provider

    return register


def providers_for(page) -> list[Provider]:
    return [
        registration.provider
        for registration in _registry
        if (not registration.page_types or isinstance(page, registration.page_types))
        and (registration.when is None or registration.when(page))
    ]


def build(page, user, params: Mapping[str, str] | None = None) -> dict:
    """What the features add to `page`'s context for `user`."""
    params = params if params is not None else {}
    context: dict = {}
    for provider in providers_for(page):
        context.update(provider(page, user, params))
    return context
