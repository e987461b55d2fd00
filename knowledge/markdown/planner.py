"""Planning an import (`plan_folder`): the folder read, checked and converted into a tree
of future pages, without writing anything.

A link may point at a file read later, so nothing is written until every file has been
read; and everything that can be checked without the database (page addresses, front
matter, owners, links, images) is checked here, so a bad file is reported and skipped
before the import touches a single row. The benchmark times this step alone as its
baseline.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images.utils import get_allowed_image_extensions
from wagtail.models import Page

from knowledge.markdown.common import TITLE_MAX, _FileError
from knowledge.markdown.convert import _BodyConverter, _ImageSource, humanise
from knowledge.markdown.frontmatter import (
    FrontMatterError,
    _Meta,
    _read_meta,
    _Users,
    split_front_matter,
)
from knowledge.markdown.reports import Status

MARKDOWN_SUFFIXES = (".md", ".markdown")


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
