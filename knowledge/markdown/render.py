"""Wagtail's stored rich text and body blocks → Markdown (`_MarkdownWriter`).

The inverse of knowledge.markdown.convert, written so that what it produces imports back
to the same blocks: text is backslash-escaped wherever Markdown would read it as markup,
link and image destinations are written so markdown-it reads them back unchanged, and the
blocks the import cannot make (embeds, documents) are
written as plain Markdown with a warning. Callouts, FAQs, quotes and steps are written as
`> [!kind] Title` quotes, which the import reads back. The stored HTML is read with the standard
library's HTMLParser into a small element tree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

from wagtail.documents import get_document_model


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
    def code(self, code: str, language: str, caption: str = "") -> str:
        longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
        fence = "`" * max(3, longest + 1)
        info = "" if language == "text" and not caption else language
        if caption:
            info += ' title="' + caption.replace("\\", "\\\\").replace('"', '\\"') + '"'
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
        lines = [_table_row(rows[0]), _table_row(["---"] * width)]
        lines.extend(_table_row(row) for row in rows[1:])
        caption = " ".join(str(value.get("table_caption") or "").split())
        if caption:
            lines += ["", "Table: " + md_escape(caption)]
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
            caption = value.get("caption") or ""
            return [self.code(value.get("code") or "", value.get("language") or "text", caption)]
        if kind == "table":
            table = self.table(value or {})
            return [table] if table else []
        if kind == "image":
            return [
                self._image(
                    value.get("image"), value.get("alt_text") or "", value.get("caption") or ""
                )
            ]
        if kind == "callout":
            head = f"[!{value.get('tone') or 'info'}]"
            return [
                _callout(head, value.get("title") or "", self.rich_text(value.get("body") or ""))
            ]
        if kind == "faq":
            answer = self.rich_text(value.get("answer") or "")
            return [_callout("[!faq]", value.get("question") or "", answer)]
        if kind == "quote":
            text = [
                "\n".join(_escape_line_start(md_escape(line)) for line in paragraph.split("\n"))
                for paragraph in (value.get("quote") or "").split("\n\n")
            ]
            return [_callout("[!quote]", value.get("attribution") or "", text)]
        if kind == "steps":
            items = []
            for number, step in enumerate(value.get("steps") or [], start=1):
                marker = f"{number}. "
                title = "**" + md_escape(" ".join((step.get("title") or "").split())) + "**"
                first, *rest = self.rich_text(step.get("detail") or "") or [""]
                lines = f"{title} {first}".rstrip().split("\n")
                for chunk in rest:
                    lines += ["", *chunk.split("\n")]
                items.append(
                    "\n".join(
                        [marker + lines[0]]
                        + [(" " * len(marker) + line) if line else "" for line in lines[1:]]
                    )
                )
            return [_callout("[!steps]", "", ["\n".join(items)])]
        self.warnings.append(f"a {kind} block was written as plain Markdown")
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


def _callout(head: str, title: str, body: list[str]) -> str:
    """`> [!kind] Title`, then the body, as knowledge.markdown.convert reads it back."""
    first = f"{head} {md_escape(' '.join(title.split()))}".rstrip()
    return _quote("\n\n".join([first, *body]))


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))
