"""Front matter: the `---` block at the top of a file, read and written, and its keys
checked as a page's fields.

PyYAML is not a dependency, so `split_front_matter` reads a deliberately small, strict
subset of YAML and `format_front_matter` writes only that subset. `_read_meta` then turns
the keys into what a page stores (title, tags, owner, summary, kind), held to the limits
the editor enforces, so that a bad file is reported before anything is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from knowledge.markdown.common import SUMMARY_MAX, TAG_MAX, TITLE_MAX, _FileError
from knowledge.models import Kind

FRONT_MATTER_KEYS = ("title", "tags", "owner", "summary", "kind")


class FrontMatterError(ValueError):
    """The `---` block at the top of a file cannot be read; the message says where."""


_KEY_LINE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*")
_ITEM_LINE = re.compile(r"[ \t]*-(?:[ \t]+(.*?))?[ \t]*")
_YAML_UNSUPPORTED = tuple("{|>&*!%@`")  # block scalars (>-, |) alone are read
_LIST_ITEM = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,"'\s][^,]*?|)\s*(,|$)""")


def split_front_matter(text: str) -> tuple[dict[str, str | list[str] | None], str]:
    """Read the YAML-like block at the top: `key: value`, `key: [a, b]` and `- item` lists.

    A deliberately small, strict subset (PyYAML is not a dependency): anything else is an
    error naming the line, rather than a guess.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, text
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    except StopIteration:
        raise FrontMatterError(
            "the front matter opened with --- on line 1 is never closed"
        ) from None
    data: dict[str, str | list[str] | None] = {}
    list_key: str | None = None
    block: list[str] | None = None  # the lines of a `key: >-` or `key: |` block
    for number, line in enumerate(lines[1:end], start=2):
        if block is not None:
            if line[:1] in (" ", "\t") or not line.strip():
                block.append(line.strip())
                continue
            block = None
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM_LINE.fullmatch(line)
        if item:
            if list_key is None:
                raise FrontMatterError(f'line {number}: a "- item" must follow "key:"')
            value = _scalar(item.group(1) or "", number)
            items = data.get(list_key)
            if not isinstance(items, list):
                items = data[list_key] = []
            if value:
                items.append(value)
            continue
        match = _KEY_LINE.fullmatch(line)
        if not match:
            raise FrontMatterError(f'line {number}: expected "key: value", got {line.strip()!r}')
        key, raw = match.group(1), (match.group(2) or "")
        if key in data:
            raise FrontMatterError(f"line {number}: {key!r} is given twice")
        list_key = None
        if not raw:
            data[key] = None
            list_key = key
        elif raw.startswith("["):
            data[key] = _inline_list(raw, number)
        elif raw in _BLOCK_SCALARS:
            # Folded (>) or literal (|) text on the indented lines below (mkdocs blog
            # posts write their descriptions so); its chomping sign changes nothing here.
            data[key] = block = _Block(raw[0], number)
        else:
            data[key] = _scalar(raw, number)
    for key, value in data.items():
        if isinstance(value, _Block):
            data[key] = value.text()
    return data, "\n".join(lines[end + 1 :])


_BLOCK_SCALARS = (">", ">-", ">+", "|", "|-", "|+")


class _Block(list):
    """The lines of a block scalar, read as YAML reads them (folded: one paragraph per
    blank line; literal: as written)."""

    def __init__(self, style: str, number: int) -> None:
        super().__init__()
        self.style, self.number = style, number

    def text(self) -> str:
        lines = list(self)
        while lines and not lines[-1]:
            lines.pop()
        if not lines:
            raise FrontMatterError(f"line {self.number}: the {self.style} block is empty")
        if self.style == "|":
            return "\n".join(lines)
        paragraphs = " ".join(line or "\n" for line in lines)
        return re.sub(r" ?\n ?", "\n", paragraphs)


def _scalar(raw: str, number: int) -> str:
    raw = raw.strip()
    if raw.startswith('"'):
        try:
            value = json.loads(raw)
        except ValueError:
            raise FrontMatterError(
                f"line {number}: unterminated or invalid quoted text {raw!r}"
            ) from None
        if not isinstance(value, str):  # pragma: no cover - json.loads of '"..."' is a str
            raise FrontMatterError(f"line {number}: expected text")
        return value
    if raw.startswith("'"):
        if len(raw) < 2 or not raw.endswith("'") or "'" in raw[1:-1].replace("''", ""):
            raise FrontMatterError(f"line {number}: unterminated quoted text {raw!r}")
        return raw[1:-1].replace("''", "'")
    if raw.startswith("["):
        raise FrontMatterError(f"line {number}: a list is not allowed here")
    if raw.startswith(_YAML_UNSUPPORTED):
        raise FrontMatterError(f"line {number}: unsupported YAML syntax {raw!r}")
    return raw


def _inline_list(raw: str, number: int) -> list[str]:
    if not raw.endswith("]"):
        raise FrontMatterError(f"line {number}: the list {raw!r} is not closed with ]")
    inner = raw[1:-1].strip()
    items: list[str] = []
    position = 0
    while inner and position <= len(inner):
        item = _LIST_ITEM.match(inner, position)
        if not item or item.end() == position:
            raise FrontMatterError(f"line {number}: cannot read the list {raw!r}")
        value = _scalar(item.group(1), number)
        if value:
            items.append(value)
        position = item.end()
        if item.group(2) == "":
            break
    return items


def format_front_matter(meta: dict[str, Any]) -> str:
    """The inverse of `split_front_matter`, quoting only where a reader would misread."""
    lines = ["---"]
    for key in FRONT_MATTER_KEYS:
        value = meta.get(key)
        if key == "tags":
            lines.append(f"tags: [{', '.join(_yaml_text(tag) for tag in value or [])}]")
        elif value:
            lines.append(f"{key}: {_yaml_text(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


_PLAIN_YAML = re.compile(r"[\w(][^:#\[\]{},\"'\n\t|>&*!%@`\\]*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "~"}


def _yaml_text(value: str) -> str:
    plain = (
        _PLAIN_YAML.fullmatch(value)
        and value == value.strip()
        and value.lower() not in _YAML_WORDS
        and not re.fullmatch(r"[-+.\d_eE]+", value)
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


# The keys as a page's fields ------------------------------------------------------------


@dataclass
class _Meta:
    title: str | None
    tags: list[str]
    owner: Any  # a User, or None
    summary: str
    kind: str
    warnings: list[str]


def _kinds() -> dict[str, str]:
    kinds = {value: value for value in Kind.values}
    kinds.update({str(label).lower(): value for value, label in Kind.choices})
    return kinds


def _read_meta(data: dict[str, Any], users: _Users) -> _Meta:
    warnings = []
    unknown = sorted(set(data) - set(FRONT_MATTER_KEYS))
    if unknown:
        warnings.append(f"ignored front-matter keys: {', '.join(unknown)}")
    for key in ("title", "owner", "summary", "kind"):
        if isinstance(data.get(key), list):
            raise FrontMatterError(f"{key!r} must be text, not a list")
    title = (data.get("title") or "").strip() or None
    if title and len(title) > TITLE_MAX:
        raise FrontMatterError(f"the title is longer than {TITLE_MAX} characters")
    summary = (data.get("summary") or "").strip()
    if len(summary) > SUMMARY_MAX:
        raise FrontMatterError(f"the summary is longer than {SUMMARY_MAX} characters")
    raw_tags = data.get("tags") or []
    if isinstance(raw_tags, str):
        raw_tags = raw_tags.split(",")
    tags = list(dict.fromkeys(tag.strip() for tag in raw_tags if tag.strip()))
    for tag in tags:
        if len(tag) > TAG_MAX:
            raise FrontMatterError(f"the tag {tag[:30]!r}… is longer than {TAG_MAX} characters")
    kind = Kind.HOW_TO.value
    if data.get("kind"):
        kind = _kinds().get(data["kind"].strip().lower(), "")
        if not kind:
            raise FrontMatterError(
                f"unknown kind {data['kind']!r} (use one of: {', '.join(Kind.values)})"
            )
    owner = None
    if data.get("owner"):
        owner = users.get(data["owner"].strip())
        if owner is None:
            raise _FileError(f"unknown owner {data['owner']!r}: no user has that username")
    return _Meta(title, tags, owner, summary, kind, warnings)


class _Users:
    """Owners repeat across files; look each username up once."""

    def __init__(self) -> None:
        self._cache: dict[str, Any] = {}

    def get(self, username: str) -> Any:
        if username not in self._cache:
            model = get_user_model()
            self._cache[username] = model.objects.filter(username=username).first()
        return self._cache[username]
