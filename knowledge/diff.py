"""Show readers what changed between two versions of a page, word by word.

Readers compare versions of a page by reading, not by looking at markup, so both versions
are reduced to their readable words (`html_to_words`) and only words are compared. Markup-only
edits (a word made bold, a link target or an image changed) are therefore not shown.

The comparison runs in two passes. A single word-level `difflib.SequenceMatcher` over
whole pages costs more the more often words recur ("the" hundreds of times) and grows
faster than the page: on a small machine about 50-120 ms for 5,000 words and 0.8 s for
20,000 (words only), where diff_html takes about 15 ms and 75 ms, HTML parsing included
(bench/bench_diff.py). The two passes also keep paragraphs apart, which a single pass over
all words would blur:

1. the blocks (paragraphs, headings, list items, code lines...) are matched exactly with a
   `SequenceMatcher` over whole-block texts, which is fast because a page has only a
   hundred or so blocks and almost every block text is unique;
2. each run of blocks that did not match exactly is aligned by similarity, so an edited
   paragraph is paired with its earlier version even when a paragraph was inserted or
   removed next to it, and only those pairs are diffed word by word. Blocks left without a
   partner are shown wholly inserted or wholly deleted, which reads better than a word
   soup of a rewritten paragraph matched against another on "the" and "of".

The result keeps the block structure: one `<p>` per block of the new version, plus
the removed blocks of the old one where they were, each piece of text HTML-escaped.
Nothing here needs Django settings, so it can be benchmarked and tested standalone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from html.parser import HTMLParser
from typing import Literal, NamedTuple

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BlockKind = Literal["paragraph", "heading", "item", "code", "quote", "cell"]
Op = Literal["equal", "insert", "delete"]

# Elements that start and end a block of text. Anything else (a, strong, em, code, span...)
# is inline: its text joins the surrounding words without adding a space.
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "legend", "li", "main", "nav", "ol",
        "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul",
    }
)  # fmt: skip
# Void elements that separate lines of text but hold none themselves.
_BREAK_TAGS = frozenset({"br", "hr"})
# Elements whose content is never shown to readers.
_IGNORED_TAGS = frozenset({"script", "style", "template"})
# Kinds worth telling apart in the diff; the innermost element with a kind wins, so a
# paragraph inside a list item is an item and one inside a blockquote is a quote.
_TAG_KINDS: dict[str, BlockKind] = {
    "h1": "heading", "h2": "heading", "h3": "heading",
    "h4": "heading", "h5": "heading", "h6": "heading",
    "li": "item", "dt": "item", "dd": "item",
    "pre": "code",
    "blockquote": "quote",
    "td": "cell", "th": "cell",
}  # fmt: skip
_KIND_CLASSES: dict[BlockKind, str] = {
    "heading": "diff-heading",
    "item": "diff-item",
    "code": "diff-code",
    "quote": "diff-quote",
    "cell": "diff-cell",
}

# Two blocks are treated as versions of each other when at least this share of their
# distinct words is common (Dice coefficient); below it, showing the old block deleted and
# the new one inserted is easier to read than a diff of two unrelated paragraphs.
PAIR_SIMILARITY = 0.5
# The similarity alignment fills an old x new table, which on a long page edited in every
# block (a term renamed throughout) costs about 0.1 s at 200 x 200 blocks and grows with
# the square. Past this size, blocks are paired walking forward instead, looking a few
# blocks ahead on either side for a partner, which is linear and still copes with a few
# blocks inserted or deleted between two edited ones.
MAX_ALIGNMENT_CELLS = 40_000
LOOKAHEAD_BLOCKS = 10


class Token(NamedTuple):
    """One readable word, with the block it belongs to so the diff can keep paragraphs."""

    text: str
    block: int  # 0, 1, 2... over the non-empty blocks, in document order
    kind: BlockKind


@dataclass(frozen=True, slots=True)
class DiffResult:
    """The new version marked up with `<ins>`/`<del>`, ready to include in a template."""

    html: SafeString
    inserted_words: int
    deleted_words: int
    # True when the readable text or its block structure differs, even if no word was
    # added or removed (a paragraph turned into a heading).
    changed: bool
    # The same comparison side by side: one row per block, the old version's words (with
    # the removed ones) on the left, the new version's (with the added ones) on the right.
    sides: SafeString


class _TextExtractor(HTMLParser):
    """Collect the words of each block; convert_charrefs decodes entities such as &lt;."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []
        self._stack: list[str] = []  # open block elements, outermost first
        self._text: list[str] = []  # text of the current block so far
        self._ignored_depth = 0
        self._block = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _IGNORED_TAGS:
            self._ignored_depth += 1
        if self._ignored_depth:
            return
        if tag in _BREAK_TAGS:
            self._end_block()
        elif tag in _BLOCK_TAGS:
            self._end_block()
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _IGNORED_TAGS:
            self._ignored_depth = max(0, self._ignored_depth - 1)
            return
        if self._ignored_depth or tag not in _BLOCK_TAGS:
            return
        self._end_block()
        # Closing an element closes whatever was left open inside it (`<ul><li>a<li>b</ul>`),
        # so an unclosed element cannot give its kind to the text after it; a stray end tag
        # closes nothing.
        if tag in self._stack:
            del self._stack[len(self._stack) - 1 - self._stack[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self._ignored_depth:
            return
        if "pre" in self._stack:
            # Lines of code are the code's paragraphs: keep them apart.
            first, *lines = data.split("\n")
            self._text.append(first)
            for line in lines:
                self._end_block()
                self._text.append(line)
        else:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._end_block()

    def _end_block(self) -> None:
        # Inline elements split text into several pieces, which join without a space:
        # "re<b>use</b>" is one word.
        words = "".join(self._text).split()
        self._text.clear()
        if not words:
            return
        kind = self._kind()
        self.tokens.extend(Token(word, self._block, kind) for word in words)
        self._block += 1

    def _kind(self) -> BlockKind:
        for tag in reversed(self._stack):
            kind = _TAG_KINDS.get(tag)
            if kind is not None:
                return kind
        return "paragraph"


def html_to_words(html: str) -> list[Token]:
    """Return the words a reader sees in `html`, each tagged with its block.

    Whitespace is normalised (any run of spaces, tabs, newlines or no-break spaces
    separates words), entities are decoded, script/style/template content is dropped and
    empty blocks are skipped, so two versions that read the same give the same tokens.
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser.tokens


@dataclass(frozen=True, slots=True)
class _Block:
    kind: BlockKind
    words: tuple[str, ...]
    # Compared and hashed by the block matcher; a str caches its hash, a tuple would not.
    key: str

    @property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(self.words)


@dataclass(slots=True)
class _Paragraph:
    """One output block: runs of words, each run equal, inserted or deleted.

    Runs come from SequenceMatcher opcodes, which are already maximal (it never returns
    two adjacent gaps, only one "replace"), so each run becomes one <ins> or <del>.
    """

    kind: BlockKind
    runs: list[tuple[Op, Sequence[str]]]

    def add(self, op: Op, words: Sequence[str]) -> None:
        if words:
            self.runs.append((op, words))


def _blocks(tokens: Iterable[Token]) -> list[_Block]:
    grouped: list[tuple[BlockKind, list[str]]] = []
    current = -1
    for token in tokens:
        if token.block != current:
            current = token.block
            grouped.append((token.kind, []))
        grouped[-1][1].append(token.text)
    return [_Block(kind, tuple(words), f"{kind}\x00{' '.join(words)}") for kind, words in grouped]


def _similarity(old: frozenset[str], new: frozenset[str]) -> float:
    return 2 * len(old & new) / (len(old) + len(new))


def _align(old: Sequence[_Block], new: Sequence[_Block]) -> list[tuple[int | None, int | None]]:
    """Pair similar blocks in order, maximising the total similarity of the pairs.

    Returns (old index, new index) pairs in document order, with None on the side a block
    is missing from. Unpaired old blocks come before unpaired new ones at the same place,
    so a replaced paragraph reads as the old one struck out, then the new one.
    """
    m, n = len(old), len(new)
    old_sets = [block.vocabulary for block in old]
    new_sets = [block.vocabulary for block in new]
    if m * n > MAX_ALIGNMENT_CELLS:
        return _align_forward(old_sets, new_sets)

    # similar[i][j] for pairs similar enough to be versions of each other; a pair cannot
    # reach the threshold when one block has far more distinct words than the other.
    similar: dict[tuple[int, int], float] = {}
    for i, a in enumerate(old_sets):
        for j, b in enumerate(new_sets):
            if 2 * min(len(a), len(b)) >= PAIR_SIMILARITY * (len(a) + len(b)):
                score = _similarity(a, b)
                if score >= PAIR_SIMILARITY:
                    similar[i, j] = score

    # best[i][j]: the highest total similarity when aligning old[i:] with new[j:].
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        row, below = best[i], best[i + 1]
        for j in range(n - 1, -1, -1):
            score = max(below[j], row[j + 1])
            pair = similar.get((i, j))
            if pair is not None and below[j + 1] + pair > score:
                score = below[j + 1] + pair
            row[j] = score

    aligned: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < m and j < n:
        pair = similar.get((i, j))
        if pair is not None and best[i][j] == best[i + 1][j + 1] + pair:
            aligned.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            aligned.append((i, None))
            i += 1
        else:
            aligned.append((None, j))
            j += 1
    aligned.extend((k, None) for k in range(i, m))
    aligned.extend((None, k) for k in range(j, n))
    return aligned


def _align_forward(
    old_sets: Sequence[frozenset[str]], new_sets: Sequence[frozenset[str]]
) -> list[tuple[int | None, int | None]]:
    def similar(i: int, j: int) -> bool:
        return _similarity(old_sets[i], new_sets[j]) >= PAIR_SIMILARITY

    m, n = len(old_sets), len(new_sets)
    aligned: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < m and j < n:
        if similar(i, j):
            aligned.append((i, j))
            i, j = i + 1, j + 1
            continue
        for k in range(1, LOOKAHEAD_BLOCKS + 1):
            if i + k < m and similar(i + k, j):  # old blocks i..i+k-1 were deleted
                aligned.extend((x, None) for x in range(i, i + k))
                i += k
                break
            if j + k < n and similar(i, j + k):  # new blocks j..j+k-1 were inserted
                aligned.extend((None, x) for x in range(j, j + k))
                j += k
                break
        else:  # no partner nearby: the block was rewritten
            aligned.extend([(i, None), (None, j)])
            i, j = i + 1, j + 1
    aligned.extend((k, None) for k in range(i, m))
    aligned.extend((None, k) for k in range(j, n))
    return aligned


def _diff_words(old: _Block, new: _Block) -> _Paragraph:
    paragraph = _Paragraph(new.kind, [])
    matcher = SequenceMatcher(None, old.words, new.words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            paragraph.add("equal", new.words[j1:j2])
        else:  # delete, insert or replace: the old words first, then the new
            paragraph.add("delete", old.words[i1:i2])
            paragraph.add("insert", new.words[j1:j2])
    return paragraph


def _whole(op: Op, block: _Block) -> _Paragraph:
    return _Paragraph(block.kind, [(op, block.words)])


def _diff_blocks(old: Sequence[_Block], new: Sequence[_Block]) -> list[_Paragraph]:
    matcher = SequenceMatcher(None, [b.key for b in old], [b.key for b in new], autojunk=False)
    paragraphs: list[_Paragraph] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            paragraphs.extend(_whole("equal", block) for block in new[j1:j2])
        elif op == "delete":
            paragraphs.extend(_whole("delete", block) for block in old[i1:i2])
        elif op == "insert":
            paragraphs.extend(_whole("insert", block) for block in new[j1:j2])
        else:
            old_run, new_run = old[i1:i2], new[j1:j2]
            for i, j in _align(old_run, new_run):
                if i is not None and j is not None:
                    paragraphs.append(_diff_words(old_run[i], new_run[j]))
                elif i is not None:
                    paragraphs.append(_whole("delete", old_run[i]))
                elif j is not None:
                    paragraphs.append(_whole("insert", new_run[j]))
    return paragraphs


def _render(paragraphs: Iterable[_Paragraph]) -> SafeString:
    lines = []
    for paragraph in paragraphs:
        css_class = _KIND_CLASSES.get(paragraph.kind)
        start = f'<p class="{css_class}">' if css_class else "<p>"
        pieces = []
        for op, words in paragraph.runs:
            text = escape(" ".join(words))
            if op == "insert":
                pieces.append(f"<ins>{text}</ins>")
            elif op == "delete":
                pieces.append(f"<del>{text}</del>")
            else:
                pieces.append(text)
        lines.append(f"{start}{' '.join(pieces)}</p>")
    # Every word went through escape() and the markup is our own fixed tags.
    return mark_safe("\n".join(lines))  # noqa: S308


def _side(paragraph: _Paragraph, shown: Op) -> str:
    """One side of a row: the paragraph's equal words and those `shown` (delete: the
    old side, insert: the new), or an empty cell where that version has no such block."""
    runs = [(op, words) for op, words in paragraph.runs if op in ("equal", shown)]
    if not runs:
        return '<p class="diff-side diff-side--empty"></p>'
    css_class = " ".join(filter(None, ("diff-side", _KIND_CLASSES.get(paragraph.kind))))
    tag = "del" if shown == "delete" else "ins"
    pieces = [
        f"<{tag}>{escape(' '.join(words))}</{tag}>" if op == shown else escape(" ".join(words))
        for op, words in runs
    ]
    return f'<p class="{css_class}">{" ".join(pieces)}</p>'


def _render_sides(paragraphs: Iterable[_Paragraph]) -> SafeString:
    rows = [
        f'<div class="diff-row">{_side(paragraph, "delete")}{_side(paragraph, "insert")}</div>'
        for paragraph in paragraphs
    ]
    # As _render: escaped words in our own fixed tags.
    return mark_safe("\n".join(rows))  # noqa: S308


def diff_html(old_html: str, new_html: str) -> DiffResult:
    """Compare the readable text of two versions of a page, for showing what changed.

    The HTML is the new version's text, one `<p>` per block (headings, list items, code
    lines, quotes and table cells carry a `diff-*` class), with each run of added words
    in one `<ins>` and each run of removed words in one `<del>`; blocks that only the old
    version has appear, struck out, where they were.
    """
    old = _blocks(html_to_words(old_html))
    new = _blocks(html_to_words(new_html))
    paragraphs = _diff_blocks(old, new)
    inserted = deleted = 0
    for paragraph in paragraphs:
        for op, words in paragraph.runs:
            if op == "insert":
                inserted += len(words)
            elif op == "delete":
                deleted += len(words)
    changed = [b.key for b in old] != [b.key for b in new]
    return DiffResult(_render(paragraphs), inserted, deleted, changed, _render_sides(paragraphs))
