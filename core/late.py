"""Late slots: a rendering shared by many readers, with each reader's own bits filled in last.

A page body rendered once is the same for every reader who may see the same (same page,
revision, role key, versions: `core.fragments`), except for a few small bits that belong
to one person: the CSRF token, whether *I* reacted, watch, acknowledged, may edit. Those
bits are written into the shared rendering as *slots*, and filled for each reader, per
request, by one regular-expression pass over the HTML (`fill`).

- A template marks a slot with `{% late "name" %}` or `{% late "name" arg %}` (templatetag
  `hearth_late`); Python writes one with `slot(name, arg)`.
- A feature registers the function that fills a slot, once, from its `AppConfig.ready` (or a
  module it imports): `@late.filler("name")`. A filler takes the reader's `Reader` (the
  template context of this request and a memo shared by the fillers of one pass) and the
  slot's argument, and returns HTML (already safe: it is inserted as it is).
- `{% late_fragment spec %}…{% endlate_fragment %}` (`spec` from `lookup`) renders its
  content once per key, with the CSRF token left as a slot, keeps it in the cache, and fills
  the slots on every request, cached or not.

A slot's text starts with a marker derived from SECRET_KEY: user content (a comment, an
annotation) cannot spell one, so nobody can make the page write a reader's CSRF token or
state where they chose. Fillers run with the reader's own context only, and what they
return is never cached with the shared rendering.
"""

import hashlib
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.core.cache import cache as django_cache
from django.utils.safestring import SafeString, mark_safe

from core import fragments

CSRF = "csrf"

Filler = Callable[["Reader", str], str]
_fillers: dict[str, Filler] = {}


@cache
def marker() -> str:
    """The text every slot starts with: letters and digits only (HTML escaping leaves it
    alone), unguessable without SECRET_KEY."""
    digest = hashlib.blake2b(
        settings.SECRET_KEY.encode(), digest_size=6, person=b"hearth-late"
    ).hexdigest()
    return "hl" + digest


@cache
def _pattern() -> re.Pattern:
    # name: lower-case letters and dashes; argument: after "_", no markup in it.
    return re.compile(re.escape(marker()) + r"([a-z][a-z-]*)(?:_([0-9A-Za-z.:-]*))?;")


def slot(name: str, arg: object = "") -> str:
    """The slot `name` with argument `arg`, to be filled by `name`'s filler."""
    return f"{marker()}{name}_{arg};" if arg != "" else f"{marker()}{name};"


def filler(name: str) -> Callable[[Filler], Filler]:
    """Register the function that fills slot `name` (one per name; re-registering the same
    function is harmless, another one is a mistake)."""

    def register(function: Filler) -> Filler:
        known = _fillers.get(name)
        if known is not None and known.__qualname__ != function.__qualname__:
            raise ValueError(f"The late slot {name!r} already has a filler: {known!r}.")
        _fillers[name] = function
        return function

    return register


@dataclass
class Reader:
    """What fillers know of the reader: this request's template context (`get`), and a memo
    the fillers of one pass share (the reader's state read once for many slots)."""

    context: Any
    memo: dict = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.context.get(name, default)

    @property
    def user(self):
        request = self.get("request")
        return getattr(request, "user", None) if request is not None else self.get("user")

    def once(self, name: Hashable, compute: Callable[[], Any]) -> Any:
        """`compute()` the first time a filler of this pass asks for `name`."""
        if name not in self.memo:
            self.memo[name] = compute()
        return self.memo[name]


@filler(CSRF)
def _csrf(reader: Reader, _arg: str) -> str:
    return str(reader.get("csrf_token", ""))


def fill(html: str, context: Any, reader: Reader | None = None) -> SafeString:
    """`html` with every slot filled for the reader of `context` (one pass; a slot a filler
    returns, such as a CSRF token in a form it renders, is filled too)."""
    reader = reader or Reader(context)
    pattern = _pattern()

    def one(match: re.Match, depth: int = 0) -> str:
        function = _fillers.get(match.group(1))
        if function is None:  # a slot nobody fills: show nothing rather than the marker
            return ""
        out = str(function(reader, match.group(2) or ""))
        if depth < 2 and marker() in out:
            out = pattern.sub(lambda inner: one(inner, depth + 1), out)
        return out

    return mark_safe(pattern.sub(one, html))  # noqa: S308 - our templates' output and fillers'


@dataclass(frozen=True)
class Fragment:
    """A rendering to keep under `key` (`html` is what the cache held, None on a miss)."""

    key: str
    html: str | None
    timeout: int = fragments.SECONDS

    def store(self, html: str) -> None:
        django_cache.set(self.key, html, self.timeout)


def lookup(name: str, parts: Iterable[Hashable], depends_on: Iterable[str] = ()) -> Fragment:
    """The cached rendering `name` for `parts` at the current versions of `depends_on`
    (see `core.fragments.cached` for what `parts` must name)."""
    fragment_key = fragments.key(name, parts, depends_on)
    return Fragment(fragment_key, django_cache.get(fragment_key))
