"""The last word on the order of search results, from what every backend gives alike:
the backend's own order, each page's title and, for the best READ_PAGES of them
(`engine.match_pages` loads them once, and the results reuse them), their headings and
text.

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
- Titles and headings hold a word by its stem as well (Snowball's English stemmer,
  PostgreSQL's own): a title says "Installation" where the reader types "install", a
  heading "Updating locked dependencies" where they type "update locked dependencies".
- Below the title rules, among the best pages: a page with a section heading that holds
  every word is a page with a part about the topic (a long guide whose "Measuring code
  coverage" section is the answer) and comes before pages that only mention the words;
  then a page whose text holds the words as typed, side by side with the small words
  between them ("the version from an environment variable") comes before pages that hold
  them scattered: the reader's own phrasing is the best evidence a text is about it.
  Neither counts for a changelog, whose headings and sentences name every feature.
"""

from __future__ import annotations

import re
from typing import Protocol, TypeVar

from search.query import WORD, ParsedQuery, heading_matcher, title_coverage
from search.sections import page_sections
from search.snippets import searchable_text

TITLE_HINT = 6  # places a title holding the whole query's share moves a page up
CHANGELOG_PENALTY = 12  # places a changelog-like page moves down
CHANGELOG_TITLE = re.compile(
    r"\b(changelog|change log|changes|history|release notes|releases?|what'?s new|archive[sd]?)\b"
    r"|\bv?\d+\.\d+(\.\d+)?\b",
    re.IGNORECASE,
)


class Titled(Protocol):
    pk: int
    title: str


def is_changelog(title: str) -> bool:
    return bool(CHANGELOG_TITLE.search(title))


T = TypeVar("T", bound=Titled)


def typed_phrase(parsed: ParsedQuery) -> str:
    """The words as typed, stop words included (" version from an environment variable "),
    padded; "" when that is no more than one word or the query excludes words."""
    words = WORD.findall(parsed.text.lower())
    if len(words) < 2 or parsed.excluded:
        return ""
    return f" {' '.join(words)} "


def _plain(text: str) -> str:
    return f" {' '.join(WORD.findall(text.lower()))} "


def rerank(
    hits: list[T], parsed: ParsedQuery, *, partial: bool = False, pages: dict | None = None
) -> list[T]:
    """`hits` (the backend's order, best first) in the order to show them; `partial`:
    some of them hold only some of the words; `pages`: the best hits' pages, loaded, whose
    headings and text are read."""
    if parsed.is_empty or not hits:
        return hits
    measure = title_coverage(parsed)
    holds_all = heading_matcher(parsed)
    phrase = typed_phrase(parsed)
    pages = pages or {}

    def by_text(hit: T) -> tuple[bool, bool]:
        page = pages.get(hit.pk) if pages else None
        if page is None or is_changelog(hit.title):  # release notes name every feature
            return False, False
        heading = any(holds_all(section.title) for section in page_sections(page))
        return heading, bool(phrase) and phrase in _plain(searchable_text(page))

    def key(item: tuple[int, T]) -> tuple:
        position, hit = item
        share, as_typed = measure(hit.title)
        changelog = is_changelog(hit.title)
        whole = share >= 1.0
        hint = TITLE_HINT * share if partial else 0
        place = position - hint + (CHANGELOG_PENALTY if changelog else 0)
        heading, in_text = by_text(hit)
        return (
            not whole, whole and changelog, not (whole and as_typed),
            not heading, not in_text, place,
        )  # fmt: skip

    return [hit for _position, hit in sorted(enumerate(hits), key=key)]
