"""The last word on the order of search results, from what every backend gives alike:
the backend's own order and each page's title.

Measured on a corpus no one here wrote (tests/search/test_corpus_relevance.py, `manage.py
search_relevance`), the backends' scores alone put the right page first for about three
queries in four. What they got wrong, and what this corrects:

- A page whose title holds every word typed is what the reader looks for; it comes
  first, before pages that only mention the words (as before). Among those, a title that
  holds the words side by side as typed ("Environment sources") comes before one that
  holds them apart ("Environment version source"). A long title is never punished.
- When every word found few pages and pages with some of them were added
  (`engine.match_pages`), a title holding part of the query is a hint: it moves a page up
  a few places (TITLE_HINT). Among pages holding every word it is noise (measured: "version
  specifiers" put "…the runtime version of Hatch" first), so it is not used there.
- Changelogs, release notes, history and archive pages mention every feature in passing
  and crowd out the page about it: they move down CHANGELOG_PENALTY places. There is no
  page field for "this is a changelog" (knowledge pages' `kind` is how-to, policy,
  reference, guide or FAQ), so the rule reads the title: CHANGELOG_TITLE below, or a
  version number ("Hatch v1.16.0", "Release 2.3").
"""

from __future__ import annotations

import re
from typing import Protocol, TypeVar

from search.query import ParsedQuery, title_coverage

TITLE_HINT = 6  # places a title holding the whole query's share moves a page up
CHANGELOG_PENALTY = 12  # places a changelog-like page moves down
CHANGELOG_TITLE = re.compile(
    r"\b(changelog|change log|changes|history|release notes|releases?|what'?s new|archive[sd]?)\b"
    r"|\bv?\d+\.\d+(\.\d+)?\b",
    re.IGNORECASE,
)


class Titled(Protocol):
    title: str


def is_changelog(title: str) -> bool:
    return bool(CHANGELOG_TITLE.search(title))


T = TypeVar("T", bound=Titled)


def rerank(hits: list[T], parsed: ParsedQuery, *, partial: bool = False) -> list[T]:
    """`hits` (the backend's order, best first) in the order to show them; `partial`:
    some of them hold only some of the words."""
    if parsed.is_empty or not hits:
        return hits
    measure = title_coverage(parsed)

    def key(item: tuple[int, T]) -> tuple:
        position, hit = item
        share, as_typed = measure(hit.title)
        changelog = is_changelog(hit.title)
        whole = share >= 1.0
        hint = TITLE_HINT * share if partial else 0
        place = position - hint + (CHANGELOG_PENALTY if changelog else 0)
        return (not whole, whole and changelog, not (whole and as_typed), place)

    return [hit for _position, hit in sorted(enumerate(hits), key=key)]
