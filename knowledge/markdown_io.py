"""Markdown in and out of a knowledge space: `import_folder` and `export_space`.

Teams arrive with wikis kept as folders of Markdown files and want to leave with the same.
The import turns each file into a KnowledgePage (front matter → fields, Markdown → the
body's StreamField blocks, folders → page hierarchy); the export writes the pages back as
Markdown in a zip laid out the same way, so import → export → import gives the same pages.

Design choices worth knowing before changing anything here:

- Re-importing must update rather than duplicate, and the models have no field for "where
  this came from", so the page slug is the key: slugify(file stem) among the children of the
  folder's page. Renaming a file therefore makes a new page; that is the price of not
  changing the models.
- Links between files become Wagtail page links (`<a linktype="page" id="N">`) so the
  reference index and the editor see them. A link may point at a file imported later, so
  everything is planned first (parse, resolve, validate: no writes), then every new page is
  created as an unpublished shell, and only then is each file's content saved and published
  in its own transaction, when every page id is known. A new page thus gets exactly one
  revision, and a file that fails at any step leaves no page behind.
- Everything that can be checked without writing (front matter, owner, links, images) is
  checked while planning, so a bad file is reported and skipped without touching the
  database, and the rest are still imported.
- Raw HTML in the Markdown is never trusted: markdown-it runs with html disabled, so tags
  arrive as text, and the rich text is generated here from the token tree, only ever with
  the tags Wagtail's rich text uses.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import json
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.utils import get_allowed_image_extensions
from wagtail.models import Page
from wagtail.signal_handlers import disable_reference_index_auto_update

from knowledge.blocks import CODE_LANGUAGES
from knowledge.models import Kind, KnowledgePage, SpacePage

CHANGE_NOTE = "Imported from Markdown"
MARKDOWN_SUFFIXES = (".md", ".markdown")
IMAGES_DIR = "_images"
FRONT_MATTER_KEYS = ("title", "tags", "owner", "summary", "kind")

# Limits the admin forms enforce; the import checks them too, so an imported page can
# still be saved from the editor.
TITLE_MAX = 255
SUMMARY_MAX = 300
TAG_MAX = 100
HEADING_MAX = 200
IMAGE_TEXT_MAX = 250

Log = Callable[[str], None]


class SpaceNotFound(LookupError):
    """The slug names no space; the message lists the ones that exist."""


class FrontMatterError(ValueError):
    """The `---` block at the top of a file cannot be read; the message says where."""


class _FileError(Exception):
    """A problem with one file: it is reported and skipped, the others carry on."""


def get_space(slug: str) -> SpacePage:
    """Spaces are found by slug on the command line, where a typo deserves the list."""
    spaces = list(SpacePage.objects.filter(slug=slug)[:2])
    if len(spaces) == 1:
        return spaces[0]
    if len(spaces) > 1:
        raise SpaceNotFound(f"More than one space has the slug {slug!r}; rename one first.")
    known = ", ".join(SpacePage.objects.order_by("slug").values_list("slug", flat=True))
    raise SpaceNotFound(
        f"No space has the slug {slug!r}. " + (f"Spaces: {known}." if known else "There are none.")
    )


# Reports -------------------------------------------------------------------------------


class Status(enum.StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class FileResult:
    path: str
    status: Status
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    page_id: int | None = None


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for result in self.results if result.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [result for result in self.results if result.status == Status.ERROR]

    def lines(self) -> list[str]:
        """One line per file, warnings indented under it, then the totals."""
        lines = []
        for result in self.results:
            reason = f": {result.reason}" if result.reason else ""
            lines.append(f"{result.status.value:<10} {result.path}{reason}")
            lines.extend(f"{'':<10} warning: {warning}" for warning in result.warnings)
        counts = ", ".join(f"{self.count(status)} {status.value}" for status in Status)
        lines.append(f"{len(self.results)} files: {counts}")
        return lines


@dataclass
class ExportReport:
    pages: int = 0
    images: int = 0
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Front matter ----------------------------------------------------------------------------

_KEY_LINE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*")
_ITEM_LINE = re.compile(r"[ \t]*-(?:[ \t]+(.*?))?[ \t]*")
_YAML_UNSUPPORTED = tuple("{|>&*!%@`")
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
    for number, line in enumerate(lines[1:end], start=2):
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
        else:
            data[key] = _scalar(raw, number)
    return data, "\n".join(lines[end + 1 :])


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


# Markdown → StreamField blocks -----------------------------------------------------------

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")

_LANGUAGES = {value for value, _label in CODE_LANGUAGES}
_LANGUAGE_ALIASES = {
    "sh": "bash",
    "shell": "bash",
    "console": "bash",
    "zsh": "bash",
    "shell-session": "bash",
    "py": "python",
    "python3": "python",
    "js": "javascript",
    "node": "javascript",
    "mjs": "javascript",
    "yml": "yaml",
    "htm": "html",
    "postgresql": "sql",
    "sqlite": "sql",
    "plaintext": "text",
    "txt": "text",
}
_PAGE_LINK = re.compile(r'<a linktype="page" id="@@page:(\d+)@@">(.*?)</a>', re.DOTALL)
_EDGE_SPACE = re.compile(r"^(?:\s|<br/>)+|(?:\s|<br/>)+$")


def code_language(info: str) -> str:
    """The fence's language if the code block offers it, else plain text."""
    word = info.strip().split()[0].strip("{}.").lower() if info.strip() else ""
    language = _LANGUAGE_ALIASES.get(word, word)
    return language if language in _LANGUAGES else "text"


def humanise(name: str) -> str:
    """A title for a file or folder that has none: `team-rota_2024` → `Team rota 2024`."""
    words = re.sub(r"[-_\s]+", " ", name).strip()
    return words[:1].upper() + words[1:]


@dataclass(eq=False)
class _ImageSource:
    path: Path
    sha1: str
    title: str


class _BodyConverter:
    """Walks markdown-it's syntax tree and builds the body's raw StreamField blocks.

    Page links and images are left as numbered placeholders (resolved to ids once pages and
    images exist); `page_refs` and `image_refs` hold what each number stands for.
    """

    def __init__(
        self,
        resolve_link: Callable[[str], Any],
        resolve_image: Callable[[str], _ImageSource | str],
        *,
        front_matter_title: str | None,
    ) -> None:
        self.resolve_link = resolve_link
        self.resolve_image = resolve_image
        self.front_matter_title = front_matter_title
        self.title: str | None = None
        self.blocks: list[dict[str, Any]] = []
        self.page_refs: list[Any] = []
        self.image_refs: list[_ImageSource] = []
        self._rich: list[str] = []

    def convert(self, text: str) -> list[dict[str, Any]]:
        root = SyntaxTreeNode(_markdown.parse(text))
        for node in root.children:
            self._block(node)
        self._flush()
        return self.blocks

    # Top level ---------------------------------------------------------------------
    def _flush(self) -> None:
        if self._rich:
            self.blocks.append({"type": "paragraph", "value": "".join(self._rich)})
            self._rich = []

    def _emit(self, block: dict[str, Any]) -> None:
        self._flush()
        self.blocks.append(block)

    def _emit_all(self, blocks: list[dict[str, Any]]) -> None:
        for block in blocks:
            self._emit(block)

    def _block(self, node: SyntaxTreeNode) -> None:
        kind = node.type
        hoisted: list[dict[str, Any]] = []
        if kind == "heading":
            self._heading(node, hoisted)
        elif kind == "paragraph":
            self._top_paragraph(node)
        elif kind in ("bullet_list", "ordered_list", "blockquote"):
            self._rich.append(self._container(node, hoisted))
        elif kind in ("fence", "code_block"):
            self._emit(self._code(node))
        elif kind == "table":
            self._emit(self._table(node, hoisted))
        elif kind == "hr":
            pass
        else:
            text = self._plain(node, hoisted).strip()
            if text:
                self._rich.append(f"<p>{escape(text, quote=False)}</p>")
        self._emit_all(hoisted)

    def _heading(self, node: SyntaxTreeNode, hoisted: list[dict[str, Any]]) -> None:
        level = int(node.tag[1])
        text = " ".join(self._plain(node, hoisted).split())
        if not text:
            return
        if level == 1 and self.front_matter_title is None and self.title is None:
            self.title = text
            return
        at_start = not self.blocks and not self._rich
        if level == 1 and at_start and text == self.front_matter_title:
            return  # the common "title in front matter and again as # Title"
        if len(text) > HEADING_MAX:
            raise _FileError(f"the heading {text[:40]!r}… is longer than {HEADING_MAX} characters")
        self._emit(
            {"type": "heading", "value": {"text": text, "level": "h2" if level <= 2 else "h3"}}
        )

    def _top_paragraph(self, node: SyntaxTreeNode) -> None:
        """Images standing in a paragraph become image blocks where they stand."""
        hoisted: list[dict[str, Any]] = []
        parts: list[str] = []
        for child in _inline_children(node):
            if child.type == "image":
                self._paragraph("".join(parts))
                parts = []
                self._emit(self._image(child))
            else:
                parts.append(self._inline(child, hoisted))
        self._paragraph("".join(parts))
        self._emit_all(hoisted)

    def _paragraph(self, html: str) -> None:
        html = _EDGE_SPACE.sub("", html)
        if html:
            self._rich.append(f"<p>{html}</p>")

    # Rich text containers ------------------------------------------------------------
    def _container(self, node: SyntaxTreeNode, hoisted: list[dict[str, Any]]) -> str:
        if node.type == "blockquote":
            inner = "".join(self._nested(child, hoisted, in_item=False) for child in node.children)
            return f"<blockquote>{inner}</blockquote>"
        tag = "ul" if node.type == "bullet_list" else "ol"
        items = "".join(self._list_item(item, hoisted) for item in node.children)
        return f"<{tag}>{items}</{tag}>"

    def _list_item(self, node: SyntaxTreeNode, hoisted: list[dict[str, Any]]) -> str:
        html = ""
        after_text = False
        for child in node.children:
            part = self._nested(child, hoisted, in_item=True)
            if not part:
                continue
            is_text = child.type in ("paragraph", "heading")
            if is_text and after_text:
                html += "<br/>"
            html += part
            after_text = is_text
        return f"<li>{html}</li>"

    def _nested(self, node: SyntaxTreeNode, hoisted: list[dict[str, Any]], *, in_item: bool) -> str:
        """Inside lists and quotes rich text cannot hold code, tables or images: those are
        hoisted to blocks of their own right after the list or quote."""
        kind = node.type
        if kind in ("paragraph", "heading"):
            if kind == "heading":
                html = escape(self._plain(node, hoisted).strip(), quote=False)
            else:
                html = _EDGE_SPACE.sub("", self._inline_all(node, hoisted))
            if not html:
                return ""
            return html if in_item else f"<p>{html}</p>"
        if kind in ("bullet_list", "ordered_list", "blockquote"):
            return self._container(node, hoisted)
        if kind in ("fence", "code_block"):
            hoisted.append(self._code(node))
        elif kind == "table":
            hoisted.append(self._table(node, hoisted))
        return ""

    # Inline ---------------------------------------------------------------------------
    def _inline_all(self, node: SyntaxTreeNode, hoisted: list[dict[str, Any]]) -> str:
        return "".join(self._inline(child, hoisted) for child in _inline_children(node))

    def _inline(self, node: SyntaxTreeNode, hoisted: list[dict[str, Any]]) -> str:
        kind = node.type
        if kind == "text":
            return escape(node.content, quote=False)
        if kind == "softbreak":
            return " "
        if kind == "hardbreak":
            return "<br/>"
        if kind == "code_inline":
            return f"<code>{escape(node.content, quote=False)}</code>"
        if kind == "image":
            hoisted.append(self._image(node))
            return ""
        inner = "".join(self._inline(child, hoisted) for child in node.children)
        if kind in ("em", "strong"):
            tag = "i" if kind == "em" else "b"
            return f"<{tag}>{inner}</{tag}>" if inner.strip() else inner
        if kind == "link":
            return self._link(str(node.attrs.get("href", "")), inner)
        return inner or escape(node.content, quote=False)

    def _link(self, href: str, inner: str) -> str:
        if not inner.strip():
            return inner
        target = self.resolve_link(href)
        if target is None:
            return inner
        if isinstance(target, str):
            return f'<a href="{escape(target)}">{inner}</a>'
        self.page_refs.append(target)
        return f'<a linktype="page" id="@@page:{len(self.page_refs) - 1}@@">{inner}</a>'

    def _plain(self, node: SyntaxTreeNode, hoisted: list[dict[str, Any]]) -> str:
        """Text for places without formatting (headings, table cells, alt text)."""
        if node.type == "image":
            hoisted.append(self._image(node))
            return ""
        if node.type in ("text", "code_inline"):
            return node.content
        if node.type in ("softbreak", "hardbreak"):
            return " "
        return "".join(self._plain(child, hoisted) for child in node.children)

    # Leaf blocks ----------------------------------------------------------------------
    def _image(self, node: SyntaxTreeNode) -> dict[str, Any]:
        src = str(node.attrs.get("src", ""))
        alt = " ".join("".join(self._plain(child, []) for child in node.children).split())
        caption = str(node.attrs.get("title") or "").strip()
        if len(alt) > IMAGE_TEXT_MAX or len(caption) > IMAGE_TEXT_MAX:
            raise _FileError(
                f"the alt text or caption of image {src} is longer than {IMAGE_TEXT_MAX} characters"
            )
        source = self.resolve_image(src)
        if isinstance(source, str):  # an image on another site: keep it as a link
            label = escape(alt or source, quote=False)
            return {"type": "paragraph", "value": f'<p><a href="{escape(source)}">{label}</a></p>'}
        self.image_refs.append(source)
        value = {"image": len(self.image_refs) - 1, "alt_text": alt, "caption": caption}
        return {"type": "image", "value": value}

    def _code(self, node: SyntaxTreeNode) -> dict[str, Any]:
        language = code_language(node.info) if node.type == "fence" else "text"
        code = node.content.removesuffix("\n")
        return {"type": "code", "value": {"language": language, "code": code, "caption": ""}}

    def _table(self, node: SyntaxTreeNode, hoisted: list[dict[str, Any]]) -> dict[str, Any]:
        rows = [
            [" ".join(self._plain(cell, hoisted).split()) for cell in row.children]
            for section in node.children
            for row in section.children
        ]
        value = {
            "data": rows,
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "",
        }
        return {"type": "table", "value": value}


def _inline_children(node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    return [grandchild for child in node.children for grandchild in child.children]


# Planning: the folder as a tree of future pages ------------------------------------------


@dataclass
class _Doc:
    title: str
    meta: _Meta
    blocks: list[dict[str, Any]]
    page_refs: list[_Node]
    image_refs: list[_ImageSource]


@dataclass(eq=False)
class _Node:
    """A page to be: a Markdown file, or a folder (with or without its own index.md)."""

    key: str  # "" for the space, "guides" for a folder, "guides/setup.md" for a file
    slug: str
    parent: _Node | None
    is_folder: bool = False
    source: str | None = None  # the Markdown file giving the content, relative
    children: list[_Node] = field(default_factory=list)
    doc: _Doc | None = None
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    page: Page | None = None
    created: bool = False
    status: Status | None = None

    @property
    def label(self) -> str:
        if self.source:
            return self.source
        return f"{self.key}/" if self.is_folder else self.key

    def descendants(self) -> Iterable[_Node]:
        for child in self.children:
            yield child
            yield from child.descendants()


@dataclass
class FolderPlan:
    """The folder read and converted, nothing written yet (also what the benchmark times)."""

    root: Path
    space_node: _Node
    nodes: list[_Node]  # parents before children, in creation order


def _has_markdown(folder: Path) -> bool:
    return any(
        path.suffix.lower() in MARKDOWN_SUFFIXES and not _hidden(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file()
    )


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _scan(root: Path) -> tuple[_Node, list[_Node], dict[str, _Node], dict[str, _Node]]:
    space = _Node(key="", slug="", parent=None, is_folder=True)
    by_source: dict[str, _Node] = {}
    by_folder: dict[str, _Node] = {"": space, ".": space}

    def add(node: _Node) -> None:
        if node.parent is not None:
            node.parent.children.append(node)

    def walk(folder: Path, rel: str, parent: _Node) -> None:
        entries = sorted(folder.iterdir(), key=lambda path: path.name)
        dirs = [
            e for e in entries if e.is_dir() and not e.name.startswith(".") and _has_markdown(e)
        ]
        files = [
            e
            for e in entries
            if e.is_file() and e.suffix.lower() in MARKDOWN_SUFFIXES and not e.name.startswith(".")
        ]
        siblings: dict[str, _Node] = {}
        for directory in dirs:
            key = posixpath.join(rel, directory.name)
            node = _Node(key=key, slug=slugify(directory.name, allow_unicode=True), parent=parent)
            node.is_folder = True
            index = directory / "index.md"
            if index.is_file():
                node.source = posixpath.join(key, "index.md")
                by_source[node.source] = node
            by_folder[key] = node
            if not node.slug:
                node.error = "cannot make a page address from the folder name"
            elif node.slug in siblings:
                node.error = f"would be the same page as {siblings[node.slug].label}"
                node.slug = ""  # it must not take over the other's page
            else:
                siblings[node.slug] = node
            add(node)
            walk(directory, key, node)
        for file in files:
            key = posixpath.join(rel, file.name)
            if rel and file.name == "index.md":
                continue  # the folder's own page, handled above
            slug = slugify(file.stem, allow_unicode=True)
            other = siblings.get(slug)
            if other is not None and other.is_folder and other.source is None and not other.error:
                other.source = key  # `foo.md` next to `foo/` gives the folder page its content
                by_source[key] = other
                continue
            node = _Node(key=key, slug=slug, parent=parent, source=key)
            by_source[key] = node
            if not slug:
                node.error = "cannot make a page address from the file name"
            elif other is not None:
                node.error = f"would be the same page as {other.label} (address {slug!r})"
                node.slug = ""  # it must not take over the other's page
            else:
                siblings[slug] = node
            add(node)

    walk(root, "", space)
    # Folders first, then files, keeps a folder's subtree together; creation order is the
    # pages' order in the tree, so report them in it too.
    return space, _preorder(space), by_source, by_folder


def _preorder(node: _Node) -> list[_Node]:
    return list(node.descendants())


class _Planner:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.users = _Users()
        self.images: dict[Path, _ImageSource] = {}
        self.extensions = {ext.lower() for ext in get_allowed_image_extensions()}

    def plan(self) -> FolderPlan:
        space, nodes, by_source, by_folder = _scan(self.root)
        self.by_source, self.by_folder = by_source, by_folder
        for node in nodes:
            if node.error or node.source is None:
                continue
            try:
                node.doc = self._read(node)
            except (_FileError, FrontMatterError) as error:
                node.error = str(error)
            except OSError as error:
                node.error = f"cannot read the file: {error.strerror or error}"
        return FolderPlan(root=self.root, space_node=space, nodes=nodes)

    def _read(self, node: _Node) -> _Doc:
        source = node.source or ""
        try:
            text = (self.root / source).read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _FileError("the file is not UTF-8 text") from None
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        try:
            data, body = split_front_matter(text)
        except FrontMatterError as error:
            raise FrontMatterError(f"broken front matter: {error}") from None
        try:
            meta = _read_meta(data, self.users)
        except FrontMatterError as error:
            raise FrontMatterError(f"front matter: {error}") from None
        node.warnings.extend(meta.warnings)
        base = posixpath.dirname(node.source)
        converter = _BodyConverter(
            lambda href: self._link(href, base, node),
            lambda src: self._image(src, base, node),
            front_matter_title=meta.title,
        )
        blocks = converter.convert(body)
        fallback = humanise(Path(node.key).name if node.is_folder else Path(node.key).stem)
        title = meta.title or converter.title or fallback
        if len(title) > TITLE_MAX:
            raise _FileError(f"the title is longer than {TITLE_MAX} characters")
        return _Doc(title, meta, blocks, converter.page_refs, converter.image_refs)

    def _inside(self, base: str, path: str) -> str | None:
        """The path relative to the folder, or None if it leaves the folder."""
        if path.startswith("/"):  # from the top of the folder, as on GitHub
            joined = posixpath.normpath(path.lstrip("/") or ".")
        else:
            joined = posixpath.normpath(posixpath.join(base, path))
        if joined == ".." or joined.startswith("../"):
            return None
        return "" if joined == "." else joined

    def _link(self, href: str, base: str, node: _Node) -> _Node | str | None:
        if href.startswith("#"):
            return href
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//"):
            if parts.scheme.lower() in ("http", "https", "mailto", "tel"):
                return href
            node.warnings.append(
                f"removed the link to {href[:60]}: only web and mail links are kept"
            )
            return None
        path = unquote(parts.path)
        if not path:
            return href
        target = self._inside(base, path)
        if target is None:
            raise _FileError(f"the link to {href} points outside the imported folder")
        found = self.by_source.get(target) or self.by_folder.get(target.rstrip("/"))
        if found is not None:
            if parts.fragment:
                node.warnings.append(
                    f"the #{parts.fragment} part of the link to {href} was dropped"
                )
            return found
        if target.lower().endswith(MARKDOWN_SUFFIXES):
            raise _FileError(f"the link to {href} points to a file that is not in the folder")
        if path.startswith("/"):
            return href  # a path on this site, not a file of the import
        raise _FileError(
            f"the link to {href} is neither a Markdown file nor a folder of the import"
        )

    def _image(self, src: str, base: str, node: _Node) -> _ImageSource | str:
        parts = urlsplit(src)
        if parts.scheme.lower() in ("http", "https"):
            node.warnings.append(f"the image {src[:60]} is on another site: kept as a link")
            return src
        if parts.scheme or src.startswith("//"):
            raise _FileError(f"the image {src[:60]} is not a file in the folder")
        relative = self._inside(base, unquote(parts.path))
        if relative is None:
            raise _FileError(f"the image {src} is outside the imported folder")
        path = self.root / relative
        try:
            real = path.resolve()
        except OSError:
            real = path
        if not real.is_relative_to(self.real_root):
            raise _FileError(f"the image {src} is outside the imported folder")
        if not path.is_file():
            raise _FileError(f"the image {src} is missing")
        if real in self.images:
            return self.images[real]
        extension = path.suffix.lower().lstrip(".")
        if extension not in self.extensions:
            allowed = ", ".join(sorted(self.extensions))
            raise _FileError(f"the image {src} is not an accepted type ({allowed})")
        data = path.read_bytes()
        if len(data) > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
            raise _FileError(f"the image {src} is larger than the upload limit")
        if extension != "svg":
            try:
                with PILImage.open(path) as image:
                    image.verify()
            except Exception:  # Pillow raises many different types for broken files
                raise _FileError(f"the image {src} cannot be read as an image") from None
        source = _ImageSource(
            real, hashlib.sha1(data, usedforsecurity=False).hexdigest(), humanise(path.stem)
        )
        self.images[real] = source
        return source


def plan_folder(folder: Path) -> FolderPlan:
    """Read, check and convert every file without writing anything."""
    return _Planner(folder).plan()


# Writing ----------------------------------------------------------------------------------


class _Writer:
    def __init__(self, plan: FolderPlan, space: SpacePage, log: Log) -> None:
        self.plan = plan
        self.space = space
        self.log = log
        self.image_model = get_image_model()
        self.image_ids: dict[str, int] = {}
        self._new_images: list[Any] = []
        self.stream_block = KnowledgePage._meta.get_field("body").stream_block

    def run(self) -> ImportReport:
        self.plan.space_node.page = self.space
        for node in self.plan.nodes:
            self._prepare(node)
        total = len(self.plan.nodes)
        for number, node in enumerate(self.plan.nodes, start=1):
            self.log(f"[{number}/{total}] {node.label}")
            if not node.error:
                self._save(node)
        return ImportReport(
            [
                FileResult(
                    path=node.label,
                    status=Status.ERROR if node.error else (node.status or Status.UNCHANGED),
                    reason=node.error,
                    warnings=node.warnings,
                    page_id=node.page.pk if node.page is not None else None,
                )
                for node in self.plan.nodes
            ]
        )

    # Pass 1: every page exists ------------------------------------------------------------
    def _children(self, parent: _Node) -> dict[str, KnowledgePage]:
        cached = getattr(parent, "_existing", None)
        if cached is None:
            cached = {page.slug: page for page in KnowledgePage.objects.child_of(parent.page)}
            parent._existing = cached  # type: ignore[attr-defined]
        return cached

    def _prepare(self, node: _Node) -> None:
        parent = node.parent
        if parent is None or parent.page is None:
            if not node.error:
                node.error = f"its folder {parent.label} could not be imported"
            return
        if node.slug:
            node.page = self._children(parent).get(node.slug)
        if node.page is not None or node.error:
            return
        title = node.doc.title if node.doc else humanise(Path(node.key).name)
        owner = node.doc.meta.owner if node.doc else None
        shell = KnowledgePage(
            title=title, slug=node.slug, live=False, owner=owner, content_owner=owner
        )
        try:
            # A shell has no body to index references for; publishing it will.
            with transaction.atomic(), disable_reference_index_auto_update():
                parent.page.add_child(instance=shell)
        except Exception as error:  # one bad file must not stop the others
            node.error = f"could not create the page: {error}"
            return
        node.page, node.created = shell, True

    # Pass 2: content, one transaction per file --------------------------------------------
    def _save(self, node: _Node) -> None:
        self._new_images = []
        try:
            with transaction.atomic():
                node.status = self._apply(node)
        except Exception as error:  # one bad file must not stop the others
            node.error = f"could not save: {error}"
            self._forget_new_images()
            if node.created:
                self._discard(node)
            return
        for image in self._new_images:
            self.image_ids[image.file_hash] = image.pk

    def _apply(self, node: _Node) -> Status:
        page = node.page
        if not isinstance(page, KnowledgePage):  # pragma: no cover - pass 1 made sure
            raise TypeError(f"{node.label} is not a knowledge page")
        if node.doc is None:  # a folder without index.md: only new ones need content
            if not node.created:
                return Status.UNCHANGED
            page.body = []
            self._publish(page, None)
            return Status.IMPORTED
        doc = node.doc
        body = self._finalise(node, doc)
        if not node.created:
            page = page.get_latest_revision_as_object()
            if self._state(page) == self._desired(doc, body):
                return Status.UNCHANGED
        page.title = doc.title
        page.kind = doc.meta.kind
        page.listing_summary = doc.meta.summary
        page.content_owner = doc.meta.owner
        page.body = body
        page.tags.set(doc.meta.tags)
        self._publish(page, doc.meta.owner)
        return Status.IMPORTED if node.created else Status.UPDATED

    def _publish(self, page: KnowledgePage, owner: Any) -> None:
        page.change_note = CHANGE_NOTE
        page.material_change = False
        # Validating here would only repeat what publishing does next (a full clean of the
        # live page, in the same transaction); skipping it saves about a tenth of the import time.
        revision = page.save_revision(user=owner, log_action=True, clean=False)
        revision.publish(user=owner, skip_permission_checks=True)

    def _finalise(self, node: _Node, doc: _Doc) -> list[dict[str, Any]]:
        """Put the real page and image ids in place of the placeholders."""

        def page_link(match: re.Match[str]) -> str:
            target = doc.page_refs[int(match.group(1))]
            if target.page is None:
                node.warnings.append(
                    f"the link to {target.label} is plain text: that page was not imported"
                )
                return match.group(2)
            return f'<a linktype="page" id="{target.page.pk}">{match.group(2)}</a>'

        body = []
        for block in doc.blocks:
            value = block["value"]
            if block["type"] == "paragraph":
                value = _PAGE_LINK.sub(page_link, value)
            elif block["type"] == "image":
                image_id = self._image_id(doc.image_refs[value["image"]], doc.meta.owner)
                value = {**value, "image": image_id}
            body.append({"type": block["type"], "value": value})
        return body

    def _image_id(self, source: _ImageSource, owner: Any) -> int:
        """Images are matched on their content hash, so importing again reuses them."""
        if source.sha1 in self.image_ids:
            return self.image_ids[source.sha1]
        for image in self._new_images:
            if image.file_hash == source.sha1:
                return image.pk
        existing = (
            self.image_model.objects.filter(file_hash=source.sha1)
            .values_list("pk", flat=True)
            .first()
        )
        if existing is not None:
            self.image_ids[source.sha1] = existing
            return existing
        with source.path.open("rb") as handle:
            image = self.image_model(title=source.title[:TITLE_MAX], uploaded_by_user=owner)
            image.file = ImageFile(handle, name=source.path.name)
            image._set_image_file_metadata()
            image.save()
        self._new_images.append(image)
        return image.pk

    def _forget_new_images(self) -> None:
        """The rows went with the rollback; their files are in storage and must go too."""
        for image in self._new_images:
            # Best effort: an orphan file is harmless, a crash here would hide the real error.
            with contextlib.suppress(Exception):
                image.file.storage.delete(image.file.name)
        self._new_images = []

    def _discard(self, node: _Node) -> None:
        """A new page whose content failed must not stay behind as an empty shell."""
        with contextlib.suppress(Page.DoesNotExist):
            Page.objects.get(pk=node.page.pk).delete()
        node.page, node.created = None, False
        for child in node.descendants():
            if child.created:
                child.page, child.created = None, False
                if not child.error:
                    child.error = f"its folder {node.label} could not be imported"

    # Change detection --------------------------------------------------------------------
    def _canonical(self, raw: list[dict[str, Any]]) -> list[tuple[str, Any]]:
        """Blocks as Wagtail stores them, without their ids, so values compare equal."""
        value = self.stream_block.to_python(raw)
        return [
            (block["type"], block["value"]) for block in self.stream_block.get_prep_value(value)
        ]

    def _state(self, page: KnowledgePage) -> tuple[Any, ...]:
        tags = sorted(tag.name for tag in page.tags.all())
        return (
            page.title,
            page.kind,
            page.listing_summary,
            page.content_owner_id,
            tags,
            self._canonical(list(page.body.raw_data)),
        )

    def _desired(self, doc: _Doc, body: list[dict[str, Any]]) -> tuple[Any, ...]:
        owner = doc.meta.owner
        return (
            doc.title,
            doc.meta.kind,
            doc.meta.summary,
            owner.pk if owner is not None else None,
            sorted(doc.meta.tags),
            self._canonical(body),
        )


def import_folder(folder: Path, space: SpacePage, *, log: Log = lambda _line: None) -> ImportReport:
    """Import (or re-import) a folder of Markdown into `space`; see the module docstring.

    Meant for trusted operators (it runs from manage.py): it checks no permissions, and
    publishes as the files' owners.
    """
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")
    plan = plan_folder(folder)
    return _Writer(plan, space, log).run()


# Export -----------------------------------------------------------------------------------


class _Element:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Element | str] = []


_VOID = {"br", "embed", "hr", "img", "wbr"}
_INLINE = {"b", "strong", "i", "em", "code", "a", "br", "span", "u", "s", "sub", "sup", "wbr"}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _parse_html(html: str) -> _Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|])")
_ORDERED_START = re.compile(r"(\d{1,9})([.)])")


def md_escape(text: str) -> str:
    """Backslash-escape what Markdown would read as markup, so text comes back as text."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _escape_line_start(line: str) -> str:
    line = line.lstrip()
    ordered = _ORDERED_START.match(line)
    if ordered:
        return f"{ordered.group(1)}\\{ordered.group(2)}{line[ordered.end() :]}"
    if line[:1] in ("#", ">", "+", "-", "=", "~"):
        return "\\" + line
    return line


def _text_of(element: _Element | str) -> str:
    if isinstance(element, str):
        return element
    return "".join(_text_of(child) for child in element.children)


def _md_url(url: str) -> str:
    """A link destination Markdown reads back unchanged (markdown-it keeps escapes such as
    %28 as they are, so brackets are backslash-escaped rather than percent-encoded)."""
    url = re.sub(r"([\\()<>])", r"\\\1", url)
    return re.sub(r"\s", lambda space: quote(space.group()), url)


class _MarkdownWriter:
    """Wagtail's stored rich text and blocks → Markdown that imports back to the same."""

    def __init__(
        self, page_link: Callable[[int], str | None], image_link: Callable[[int], str | None]
    ) -> None:
        self.page_link = page_link
        self.image_link = image_link
        self.warnings: list[str] = []

    # Rich text --------------------------------------------------------------------
    def rich_text(self, html: str) -> list[str]:
        return self._blocks(_parse_html(html).children)

    def _blocks(self, children: list[_Element | str]) -> list[str]:
        chunks: list[str] = []
        run: list[_Element | str] = []
        last_list: tuple[str, int] | None = None  # (tag, variant) of the previous chunk

        def flush() -> None:
            nonlocal last_list
            text = self._paragraph(run)
            run.clear()
            if text:
                chunks.append(text)
                last_list = None

        for child in children:
            if isinstance(child, str) or child.tag in _INLINE:
                run.append(child)
                continue
            flush()
            tag = child.tag
            if tag in ("ul", "ol"):
                # Two lists in a row would merge into one; a different marker keeps them apart.
                variant = 1 - last_list[1] if last_list and last_list[0] == tag else 0
                chunks.append(self._list(child, variant))
                last_list = (tag, variant)
                continue
            last_list = None
            if tag == "p" or tag == "div":
                text = self._paragraph(child.children)
                if text:
                    chunks.append(text)
            elif re.fullmatch(r"h[1-6]", tag):
                level = max(2, int(tag[1]))
                chunks.append("#" * level + " " + self._heading_text(_text_of(child)))
            elif tag == "blockquote":
                inner = "\n\n".join(self._blocks(child.children))
                chunks.append("\n".join(f"> {line}" if line else ">" for line in inner.split("\n")))
            elif tag == "embed" and child.attrs.get("embedtype") == "image":
                chunks.append(self._image(child.attrs.get("id"), child.attrs.get("alt") or "", ""))
            elif tag == "pre":
                chunks.append(self.code(_text_of(child), "text"))
            elif tag == "hr":
                chunks.append("---")
            else:
                chunks.extend(self._blocks(child.children))
        flush()
        return chunks

    def _paragraph(self, children: list[_Element | str]) -> str:
        text = self._inline(children)
        text = re.sub(r"(?:\\\n|\s)+$", "", text)
        lines = [_escape_line_start(line) for line in text.split("\n")]
        return "\n".join(lines).strip()

    def _list(self, element: _Element, variant: int) -> str:
        ordered = element.tag == "ol"
        lines: list[str] = []
        items = [c for c in element.children if isinstance(c, _Element) and c.tag == "li"]
        for number, item in enumerate(items, start=1):
            marker = f"{number}{'.)'[variant]} " if ordered else f"{'-*'[variant]} "
            content = self._item(item)
            first, *rest = content.split("\n") if content else [""]
            lines.append((marker + first).rstrip())
            lines.extend((" " * len(marker) + line) if line else "" for line in rest)
        return "\n".join(lines)

    def _item(self, item: _Element) -> str:
        chunks = self._blocks(item.children)
        out = ""
        for index, chunk in enumerate(chunks):
            if index == 0:
                out = chunk
            elif chunk.startswith(("- ", "* ", "-\n", "*\n")) or re.match(r"\d+[.)]", chunk):
                out += "\n" + chunk  # a sublist stays in a tight list
            else:
                out += "\n\n" + chunk
        return out

    def _inline(self, children: list[_Element | str]) -> str:
        out = []
        for child in children:
            if isinstance(child, str):
                out.append(md_escape(child.replace("\n", " ")))
                continue
            tag = child.tag
            if tag == "br":
                out.append("\\\n")
            elif tag in ("b", "strong"):
                out.append(_wrap("**", self._inline(child.children)))
            elif tag in ("i", "em"):
                out.append(_wrap("*", self._inline(child.children)))
            elif tag == "code":
                out.append(_code_span(_text_of(child)))
            elif tag == "a":
                out.append(self._anchor(child))
            elif tag == "embed" and child.attrs.get("embedtype") == "image":
                out.append(self._image(child.attrs.get("id"), child.attrs.get("alt") or "", ""))
            else:
                out.append(self._inline(child.children))
        return "".join(out)

    def _anchor(self, element: _Element) -> str:
        text = self._inline(element.children)
        if not text.strip():
            return text
        linktype = element.attrs.get("linktype")
        target: str | None
        if linktype == "page":
            target = self.page_link(int(element.attrs.get("id") or 0))
        elif linktype == "document":
            target = self._document_url(element.attrs.get("id"))
        else:
            target = element.attrs.get("href")
        if not target:
            return text
        return f"[{text}]({_md_url(target)})"

    def _document_url(self, document_id: str | None) -> str | None:
        from wagtail.documents import get_document_model

        document = get_document_model().objects.filter(pk=document_id or 0).first()
        return document.url if document else None

    def _heading_text(self, text: str) -> str:
        return md_escape(" ".join(text.split())).replace("#", "\\#")

    def _image(self, image_id: Any, alt: str, caption: str) -> str:
        path = self.image_link(int(image_id or 0))
        if path is None:
            return md_escape(alt)
        title = ""
        if caption:
            title = ' "' + caption.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return f"![{md_escape(' '.join(alt.split()))}]({quote(path)}{title})"

    # Blocks -----------------------------------------------------------------------
    def code(self, code: str, language: str) -> str:
        longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
        fence = "`" * max(3, longest + 1)
        info = "" if language == "text" else language
        return f"{fence}{info}\n{code}\n{fence}"

    def table(self, value: dict[str, Any]) -> str | None:
        rows = [
            [md_escape(" ".join(str(cell or "").split())) for cell in row]
            for row in value.get("data") or []
        ]
        width = max((len(row) for row in rows), default=0)
        if not width:
            return None
        rows = [row + [""] * (width - len(row)) for row in rows]
        if value.get("table_caption"):
            self.warnings.append("a table caption is not kept in Markdown")
        lines = [_table_row(rows[0]), _table_row(["---"] * width)]
        lines.extend(_table_row(row) for row in rows[1:])
        return "\n".join(lines)

    def stream(self, raw: Iterable[dict[str, Any]]) -> str:
        chunks: list[str] = []
        for block in raw:
            kind, value = block.get("type"), block.get("value")
            chunk = self._stream_block(kind, value)
            if chunk:
                chunks.extend(chunk)
        return "\n\n".join(chunks)

    def _stream_block(self, kind: Any, value: Any) -> list[str]:
        if kind == "heading":
            level = "###" if value.get("level") == "h3" else "##"
            return [f"{level} {self._heading_text(value.get('text') or '')}"]
        if kind == "paragraph":
            return self.rich_text(value or "")
        if kind == "code":
            if value.get("caption"):
                self.warnings.append("a code caption is not kept in Markdown")
            return [self.code(value.get("code") or "", value.get("language") or "text")]
        if kind == "table":
            table = self.table(value or {})
            return [table] if table else []
        if kind == "image":
            return [
                self._image(
                    value.get("image"), value.get("alt_text") or "", value.get("caption") or ""
                )
            ]
        self.warnings.append(f"a {kind} block was written as plain Markdown")
        if kind == "callout":
            inner = [f"**{md_escape(value['title'])}**"] if value.get("title") else []
            inner += self.rich_text(value.get("body") or "")
            return [_quote("\n\n".join(inner))]
        if kind == "quote":
            text = "\n".join(
                _escape_line_start(md_escape(line))
                for line in (value.get("quote") or "").split("\n")
            )
            if value.get("attribution"):
                text += "\n\n— " + md_escape(value["attribution"])
            return [_quote(text)]
        if kind == "faq":
            return [
                f"### {self._heading_text(value.get('question') or '')}",
                *self.rich_text(value.get("answer") or ""),
            ]
        if kind == "steps":
            items = []
            for number, step in enumerate(value.get("steps") or [], start=1):
                detail = " ".join(self.rich_text(step.get("detail") or "")).replace("\n", " ")
                title = md_escape(step.get("title") or "")
                items.append(f"{number}. **{title}**" + (f" {detail}" if detail else ""))
            return ["\n".join(items)]
        if kind == "embed" and value:
            return [f"[{md_escape(str(value))}]({_md_url(str(value))})"]
        if kind == "document":
            url = self._document_url(value)
            return [f"[{md_escape(url)}]({_md_url(url)})"] if url else []
        return []


def _wrap(marker: str, inner: str) -> str:
    """Emphasis markers must touch the text, so surrounding spaces go outside them."""
    core = inner.strip()
    if not core:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{trail}"


def _code_span(text: str) -> str:
    text = " ".join(text.split("\n"))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def _safe_filename(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    cleaned = slugify(stem if dot else name) or "image"
    return f"{cleaned}.{suffix.lower()}" if dot and suffix.isalnum() else cleaned


def export_space(space: SpacePage, out: BinaryIO) -> ExportReport:
    """Write every page of the space as Markdown into a zip, laid out as the import reads it.

    A page with children is a folder with its own index.md; images go under `_images/`;
    links between pages of the space are relative .md links. Published pages are written
    as readers see them; pages never published, as their latest draft.
    """
    report = ExportReport()
    pages = list(
        KnowledgePage.objects.descendant_of(space).select_related("content_owner").order_by("path")
    )
    folders: dict[str, str] = {space.path: ""}
    files: dict[int, str] = {}
    taken: set[str] = set()
    for page in pages:
        parent_dir = folders.get(page.path[: -Page.steplen])
        if parent_dir is None:  # pragma: no cover - descendants come ordered by path
            continue
        if page.numchild:
            folder = posixpath.join(parent_dir, page.slug)
            folders[page.path] = folder
            name = posixpath.join(folder, "index.md")
        else:
            name = posixpath.join(parent_dir, f"{page.slug}.md")
        if name in taken or (parent_dir and name == posixpath.join(parent_dir, "index.md")):
            unique = posixpath.join(parent_dir, f"{page.slug}-{page.pk}.md")
            report.warnings.append(f"{name} was taken; {page.title!r} is written as {unique}")
            name = unique
        taken.add(name)
        files[page.pk] = name

    image_model = get_image_model()
    image_paths: dict[int, str | None] = {}

    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def image_path(image_id: int) -> str | None:
            if image_id not in image_paths:
                image = image_model.objects.filter(pk=image_id).first()
                path = None
                if image is not None:
                    name = posixpath.basename(image.file.name)
                    path = f"{IMAGES_DIR}/{image.pk}-{_safe_filename(name)}"
                    try:
                        with image.open_file() as handle:
                            archive.writestr(path, handle.read())
                        report.images += 1
                    except Exception:  # a missing file must not stop the export
                        report.warnings.append(f"the file of image {image.pk} could not be read")
                        path = None
                image_paths[image_id] = path
            return image_paths[image_id]

        for page in pages:
            here = files[page.pk]
            content = page if page.live else page.get_latest_revision_as_object()
            base = posixpath.dirname(here) or "."

            def page_link(page_id: int, base: str = base) -> str | None:
                if page_id in files:
                    return posixpath.relpath(files[page_id], base)
                if page_id == space.pk:
                    return posixpath.relpath(".", base) + "/"
                target = Page.objects.filter(pk=page_id).first()
                return target.get_full_url() if target else None

            def image_link(image_id: int, base: str = base) -> str | None:
                path = image_path(image_id)
                return posixpath.relpath(path, base) if path else None

            writer = _MarkdownWriter(page_link, image_link)
            owner = content.content_owner
            meta = {
                "title": content.title,
                "tags": sorted(tag.name for tag in content.tags.all()),
                "owner": owner.get_username() if owner is not None else None,
                "summary": content.listing_summary,
                "kind": content.kind,
            }
            body = writer.stream(content.body.raw_data)
            text = format_front_matter(meta) + ("\n" + body + "\n" if body else "")
            archive.writestr(here, text.encode("utf-8"))
            report.files.append(here)
            report.pages += 1
            report.warnings.extend(
                f"{here}: {warning}" for warning in dict.fromkeys(writer.warnings)
            )
    return report
