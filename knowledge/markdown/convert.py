"""Markdown → the body's StreamField blocks (`_BodyConverter`).

The rich text is generated here from markdown-it's syntax tree, only ever with the tags
Wagtail's rich text uses; markdown-it runs with html disabled, so raw HTML in a file
arrives as text and is escaped, never trusted.

A page link cannot become a page id while converting (the page it points at may not exist
yet), and an image has no id before it is saved, so both come out as numbered
placeholders; the writer in knowledge.markdown.importer puts the real ids in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from knowledge.blocks import CODE_LANGUAGES
from knowledge.markdown.common import HEADING_MAX, IMAGE_TEXT_MAX, _FileError

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
# Callouts as Obsidian and GitHub write them: `> [!warning] Title` on a quote's first line.
# faq, quote and steps make those blocks; the other kinds are callout tones.
_CALLOUT = re.compile(r"\[!([A-Za-z]+)\](?:[ \t]+|$)")
_CALLOUT_TONES = {
    "info": "info",
    "note": "info",
    "tip": "info",
    "important": "info",
    "warning": "warning",
    "caution": "warning",
    "danger": "danger",
}
_CALLOUT_BLOCKS = {"faq", "quote", "steps"}
_FENCE_TITLE = re.compile(r'\btitle="((?:[^"\\]|\\.)*)"')
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
        self._caption = ""  # the `Table: ...` line after the table being converted

    def convert(self, text: str) -> list[dict[str, Any]]:
        root = SyntaxTreeNode(_markdown.parse(text))
        nodes = root.children
        for index, node in enumerate(nodes):
            if index and nodes[index - 1].type == "table" and _table_caption(node) is not None:
                continue  # the caption of the table before it
            if node.type == "table" and index + 1 < len(nodes):
                self._caption = _table_caption(nodes[index + 1]) or ""
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
        elif kind == "blockquote" and self._callout_kind(node):
            self._emit(self._callout(node, hoisted))
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

    # Callouts --------------------------------------------------------------------------
    def _callout_kind(self, node: SyntaxTreeNode) -> str | None:
        """The kind named by `[!kind]` at the start of a quote, if it is one we make."""
        first = node.children[0] if node.children else None
        if first is None or first.type != "paragraph":
            return None
        inline = _inline_children(first)
        if not inline or inline[0].type != "text":
            return None
        match = _CALLOUT.match(inline[0].content)
        kind = match.group(1).lower() if match else None
        return kind if kind in _CALLOUT_TONES or kind in _CALLOUT_BLOCKS else None

    def _callout(self, node: SyntaxTreeNode, hoisted: list[dict[str, Any]]) -> dict[str, Any]:
        """`> [!kind] Title` then the body: a callout, or an FAQ, quote or steps block."""
        kind = self._callout_kind(node) or ""
        first, *rest = node.children
        inline = _inline_children(first)
        marker = _CALLOUT.match(inline[0].content)
        head_text = inline[0].content[marker.end() if marker else 0 :]
        breaks = [i for i, child in enumerate(inline) if child.type in ("softbreak", "hardbreak")]
        cut = breaks[0] if breaks else len(inline)
        title = " ".join(
            (head_text + "".join(self._plain(child, hoisted) for child in inline[1:cut])).split()
        )
        lead = _EDGE_SPACE.sub("", "".join(self._inline(c, hoisted) for c in inline[cut + 1 :]))
        body = [f"<p>{lead}</p>"] if lead else []
        if kind == "quote":
            paragraphs = [self._lines(inline[cut + 1 :])]
            paragraphs += [self._lines(_inline_children(child)) for child in rest]
            quote = "\n\n".join(text for text in paragraphs if text)
            return {"type": "quote", "value": {"quote": quote, "attribution": title}}
        if kind == "steps":
            items = [
                item for child in rest if child.type == "ordered_list" for item in child.children
            ]
            return {"type": "steps", "value": {"steps": [self._step(i, hoisted) for i in items]}}
        body += [self._nested(child, hoisted, in_item=False) for child in rest]
        html = "".join(body)
        if kind == "faq":
            return {"type": "faq", "value": {"question": title, "answer": html}}
        value = {"tone": _CALLOUT_TONES[kind], "title": title, "body": html}
        return {"type": "callout", "value": value}

    def _lines(self, inline: list[SyntaxTreeNode]) -> str:
        """Plain text that keeps its line breaks (a quote's lines)."""
        parts = [
            "\n" if child.type in ("softbreak", "hardbreak") else self._plain(child, [])
            for child in inline
        ]
        return "".join(parts).strip()

    def _step(self, item: SyntaxTreeNode, hoisted: list[dict[str, Any]]) -> dict[str, str]:
        """`1. **Title** detail`: the bold start is the step's title, the rest its detail."""
        first, *rest = item.children or [None]
        inline = _inline_children(first) if first is not None and first.type == "paragraph" else []
        while inline and inline[0].type == "text" and not inline[0].content.strip():
            inline = inline[1:]
        if inline and inline[0].type == "strong":
            title, inline = self._plain(inline[0], hoisted), inline[1:]
        else:
            title, inline = " ".join(self._plain(c, hoisted) for c in inline), []
        lead = _EDGE_SPACE.sub("", "".join(self._inline(c, hoisted) for c in inline))
        detail = (f"<p>{lead}</p>" if lead else "") + "".join(
            self._nested(child, hoisted, in_item=False) for child in rest
        )
        return {"title": " ".join(title.split()), "detail": detail}

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
        title = _FENCE_TITLE.search(node.info) if node.type == "fence" else None
        caption = title.group(1).replace('\\"', '"').replace("\\\\", "\\") if title else ""
        value = {"language": language, "code": code, "caption": caption}
        return {"type": "code", "value": value}

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
            "table_caption": self._caption,
        }
        self._caption = ""
        return {"type": "table", "value": value}


_TABLE_CAPTION = re.compile(r"Table:[ \t]+(.+)", re.DOTALL)


def _table_caption(node: SyntaxTreeNode) -> str | None:
    """A `Table: caption` paragraph, as Pandoc writes it after a table."""
    if node.type != "paragraph":
        return None
    inline = _inline_children(node)
    if len(inline) != 1 or inline[0].type != "text":
        return None
    match = _TABLE_CAPTION.fullmatch(inline[0].content.strip())
    return " ".join(match.group(1).split()) if match else None


def _inline_children(node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    return [grandchild for child in node.children for grandchild in child.children]


def markdown_to_blocks(text: str, page_id: Callable[[str], int | None]) -> list[dict[str, Any]]:
    """Markdown → the body's raw blocks, for a caller that already has its pages (a new
    version of one page, say): `page_id(href)` gives the id of the page a link points at,
    or None to keep the link as it is. Images are not supported here."""

    def no_image(src: str) -> _ImageSource | str:
        raise _FileError(f"the image {src} cannot be added here")

    converter = _BodyConverter(lambda href: page_id(href) or href, no_image, front_matter_title="")
    blocks = converter.convert(text)

    def page_link(match: re.Match[str]) -> str:
        target = converter.page_refs[int(match.group(1))]
        return f'<a linktype="page" id="{target}">{match.group(2)}</a>'

    return [
        {**block, "value": _PAGE_LINK.sub(page_link, block["value"])}
        if block["type"] == "paragraph"
        else block
        for block in blocks
    ]
