"""Which section of a page answers a search: the heading to link to (`#anchor`) and its
title, shown in the result.

A long page (a configuration reference, a tutorial) is often the right result only
because one of its sections is; the reader wants that section, not the top of the page.
The sections are the page's heading blocks (the anchors `core.blocks.HeadingValue`
renders), each with the text under it up to the next heading. Found from the page
already loaded for its snippet: no query.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import strip_tags

from search.query import WORD

# At most this much text of a section is read to score it.
SECTION_TEXT = 4000


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    text: str


def page_sections(page) -> list[Section]:
    """The page's sections in order (none for a page without heading blocks)."""
    body = getattr(page, "body", None)
    if body is None or not hasattr(body, "raw_data"):
        return []
    sections: list[Section] = []
    anchor = title = ""
    parts: list[str] = []

    def close() -> None:
        if anchor:
            sections.append(Section(anchor, title, " ".join(parts)[:SECTION_TEXT]))

    for child in body:
        if child.block_type == "heading":
            close()
            anchor, title, parts = child.value.anchor(), child.value.get("text", ""), []
            continue
        if anchor and sum(len(part) for part in parts) < SECTION_TEXT:
            content = child.block.get_searchable_content(child.value)
            parts.append(strip_tags(" ".join(str(item) for item in content)))
    close()
    return sections


def _words(text: str) -> list[str]:
    """Words as the search sees them, hyphenated words also joined ("type-checking" is
    "typechecking" too) and split."""
    found: list[str] = []
    for word in WORD.findall(text.lower()):
        found.append(word)
        if "-" in word:
            found.append(word.replace("-", ""))
            found.extend(word.split("-"))
    return found


def best_section(page, words: list[str]) -> Section | None:
    """The section that best answers `words` (each with its forms: `highlight_words`):
    the one whose heading holds most of them, then whose heading is most nearly only
    them ("Git" before "Inspecting sources" for "git dependency source"), then whose
    text holds most of them; None when no heading holds any (the page as a whole is the
    answer)."""
    wanted = {word for text in words for word in _words(text)}
    if not wanted:
        return None
    best, best_key = None, (0, 0.0, 0, 0)
    for section in page_sections(page):
        title_words = WORD.findall(section.title.lower())
        heading = set(_words(section.title)) | {"".join(title_words)}  # "Mono repo"
        held = len(heading & wanted)
        only = sum(1 for word in title_words if word in wanted) / max(len(title_words), 1)
        body = _words(section.text)
        in_body = set(body) & wanted
        key = (held, only, len(in_body), sum(1 for word in body if word in wanted))
        if key[0] and key > best_key:
            best, best_key = section, key
    return best
