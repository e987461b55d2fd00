"""The list behind a figure (the search analytics behind "searches", the review report
behind "pages verified"…): a URL name per measure, registered by the app that owns the
list from its `AppConfig.ready`, with the rule that says who may open it. The dashboard
links a figure only for the people that rule lets in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.http import urlencode

from core.memo import per_request


@dataclass(frozen=True)
class Link:
    url_name: str
    may_see: Callable[[object], bool]
    kwargs: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)  # the list's filter (?report=no_results)


_links: dict[str, Link] = {}


def register(
    measure_key: str,
    url_name: str,
    may_see: Callable[[object], bool],
    *,
    query: dict | None = None,
    **kwargs,
):
    """Link the figure of `measure_key` to `url_name` (with `query` as its query string)
    for people `may_see(user)` lets in."""
    _links[measure_key] = Link(url_name, may_see, kwargs, query or {})


def _may_see(rule: Callable[[object], bool], user) -> bool:
    return per_request(user, ("dashboard link rule", rule), lambda: rule(user))


def unregister(measure_key: str) -> None:
    _links.pop(measure_key, None)


def url_for(measure_key: str, user) -> str:
    """The list behind the figure, or "" when there is none or `user` may not see it.
    Each rule is asked once per person and request (several figures share one: stale
    pages and review due both open the stale content report)."""
    link = _links.get(measure_key)
    if link is None or not _may_see(link.may_see, user):
        return ""
    url = reverse(link.url_name, kwargs=link.kwargs or None)
    return f"{url}?{urlencode(link.query)}" if link.query else url
