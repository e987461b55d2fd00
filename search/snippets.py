"""Highlighted snippets, built from plain text and escaped before anything is marked.

The text comes from the page's own search fields (the words the index holds), never from
stored HTML: tags are stripped, every character is escaped, and only then are the
matched words wrapped in `<mark>`, so a page title or body can never inject markup.
"""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.search import index

SNIPPET_LENGTH = 240
MAX_TEXT = 20_000


def _flatten(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _flatten(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _flatten(item)]
    return [str(value)]


def searchable_text(obj, skip: tuple[str, ...] = ("title",)) -> str:
    """The plain text of an object's top-level search fields (summary first, then body)."""
    parts: list[str] = []
    for search_field in obj.get_search_fields():
        if isinstance(search_field, index.SearchField) and search_field.field_name not in skip:
            parts.extend(_flatten(search_field.get_value(obj)))
    text = " ".join(strip_tags(part) for part in parts if part)
    return re.sub(r"\s+", " ", text).strip()[:MAX_TEXT]


def _pattern(words: list[str]) -> re.Pattern | None:
    words = sorted({word for word in words if word}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w)({alternatives})(?!\w)", re.IGNORECASE | re.UNICODE)


def highlight(text: str, words: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """A window of `text` around the first matched word, escaped, matches in <mark>."""
    pattern = _pattern(words)
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > length // 3:
        start = text.rfind(" ", 0, first.start() - length // 3) + 1
    window = text[start : start + length]
    if start + length < len(text):
        window = window.rsplit(" ", 1)[0]
    pieces: list[str] = ["…" if start else ""]
    position = 0
    for match in pattern.finditer(window) if pattern else []:
        pieces.append(escape(window[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(window[position:]))
    if start + length < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308 - every piece above is escaped
