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

A page type may also keep its rendered body (the template's `content` block) in the
cache, one entry per what it shows, and then skip its providers altogether when a reader
with the same key asked before (issue 19): `caches_body(PageType)` opts in, and each
feature whose part of the page varies adds to the key with `body_key`:

    @page_context.body_key(KnowledgePage)
    def knowledge_key(page, user, params):
        return (page.pk, page.live_revision_id, reader_key(user)), (TREE, page_version(page.pk))

A key function returns (parts, versions it depends on), or None when this page must be
rendered afresh (a preview); `parts` may be a function, called once every version is read
(in one query), when computing it reads cached data that depends on them. The context
then holds `page_body` (a `core.late.Fragment`) for the template's
`{% late_fragment page_body %}`, which renders on a miss, stores, and fills the
per-reader slots every time (`core.late`). On a hit the context holds nothing a provider
makes: whatever the body shows per *person* must be a late slot.

`core` imports no feature: features register here, so the arrows point down.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from core import fragments, late

Provider = Callable[[Any, Any, Mapping[str, str]], dict]
Predicate = Callable[[Any], bool]
BodyKey = Callable[[Any, Any, Mapping[str, str]], "tuple[tuple, tuple[str, ...]] | None"]
BODY = "page_body"


@dataclass(frozen=True)
class _Registration:
    provider: Provider
    page_types: tuple[type, ...]
    when: Predicate | None


_registry: list[_Registration] = []
_cached_bodies: list[type] = []
_body_keys: list[_Registration] = []


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


def caches_body(*page_types: type) -> None:
    """Keep the rendered body of pages of these types (their template must wrap its
    `content` block in `{% late_fragment page_body %}`)."""
    for page_type in page_types:
        if page_type not in _cached_bodies:
            _cached_bodies.append(page_type)


def body_key(*page_types: type, when: Predicate | None = None) -> Callable[[BodyKey], BodyKey]:
    """Register a part of the cached body's key for pages of these types (see above)."""

    def register(key: BodyKey) -> BodyKey:
        registration = _Registration(key, tuple(page_types), when)
        if registration not in _body_keys:
            _body_keys.append(registration)
        return key

    return register


def body(page, user, params: Mapping[str, str]) -> late.Fragment | None:
    """The cached body of `page` for `user` (its `html` None on a miss), or None when this
    page's body is not kept (its type did not opt in, or a key function said not now)."""
    # The type itself, not a subclass: a subclass may have a template of its own.
    if type(page) not in _cached_bodies or not user.is_authenticated:
        return None
    parts: list = [type(page).__name__]
    depends_on: list[str] = []
    for registration in _body_keys:
        if (not registration.page_types or isinstance(page, registration.page_types)) and (
            registration.when is None or registration.when(page)
        ):
            found = registration.provider(page, user, params)
            if found is None:
                return None
            parts.append(found[0])
            depends_on.extend(found[1])
    depends_on = list(dict.fromkeys(depends_on))
    # One query for all, before a part reads any of them (and the reader's own version,
    # which the late slots' fillers read).
    fragments.versions(*depends_on, fragments.reader(user.pk))
    parts = [part() if callable(part) else part for part in parts]
    return late.lookup("page-body", parts, depends_on)


def build(page, user, params: Mapping[str, str] | None = None) -> dict:
    """What the features add to `page`'s context for `user`: only `page_body` when the
    page's rendered body is in the cache for this reader's key."""
    params = params if params is not None else {}
    kept = body(page, user, params)
    if kept is not None and kept.html is not None:
        return {BODY: kept}
    context: dict = {}
    for provider in providers_for(page):
        context.update(provider(page, user, params))
    context[BODY] = kept
    return context
