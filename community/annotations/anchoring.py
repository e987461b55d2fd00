"""Anchoring annotations to the page text, and re-anchoring them after each publish.

An annotation targets the page body the way the W3C Web Annotation model describes:

- the StreamField block id (each top-level block renders in a `data-block-id` element,
  see `core.blocks.BaseStreamBlock`), a FragmentSelector in the export;
- a TextQuoteSelector: the `exact` text with up to 32 characters of `prefix` and `suffix`;
- a TextPositionSelector: `start` and `end`, counted in Unicode code points in the text of
  that block.

"The text of a block" is exactly what the browser's `element.textContent` gives for the
block's element: every text node of its rendered HTML, entities decoded, in order.
`block_texts` computes it on the server from the same cached HTML the reader is served
(`knowledge.history.snapshot`), so offsets computed by `annotations.js` in the browser
and checked here agree.

When a page is published, `schedule_reanchor` queues `reanchor_page`, which looks for every
annotation of the page in the new text, in this order:

1. the exact quote in the same block (the occurrence whose prefix and suffix match best,
   then the one nearest the old position);
2. the exact quote in another block (the text moved);
3. a fuzzy match (diff-match-patch's Bitap `match_main`, tolerant of small edits) in the
   same block, then in the blocks that share enough of the quote's trigrams; a fuzzy hit
   is kept only when the text found is within `MAX_EDIT_RATIO` of the quote (Levenshtein
   distance from dmp's diff);
4. otherwise the annotation is *orphaned*: its original quote and the revision it was made
   on stay, so it is still listed and links to the diff; it is never silently lost, and
   an orphan that matches a later revision again is anchored again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from diff_match_patch import diff_match_patch
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import Page, Revision

from community import versions
from community.models import AnchorState, Annotation
from knowledge.history import render_body, snapshot
from knowledge.models import KnowledgePage

logger = logging.getLogger(__name__)

CONTEXT_CHARS = 32  # prefix and suffix length, as Hypothesis uses
MAX_QUOTE_CHARS = 2000
MAX_BLOCK_ID_CHARS = 64
# Quotes shorter than this are matched exactly only: a fuzzy match of "VPN" finds "VAT".
FUZZY_MIN_CHARS = 8
# Bitap: 0 is a perfect match, 1 anything; errors and distance from the expected place
# both count (dmp's score = errors / length + distance / MATCH_DISTANCE).
MATCH_THRESHOLD = 0.35
MATCH_DISTANCE = 1000
# A fuzzy hit is accepted when its Levenshtein distance to the quote is at most this share
# of the quote's length.
MAX_EDIT_RATIO = 0.3
# A block is searched fuzzily only when this share of the quote's sampled SEED_CHARS-grams
# occur in it, agreeing on where the quote starts: skips the Bitap scan (pure Python) of
# blocks that cannot match.
SEED_CHARS = 5
MAX_SEEDS = 16
MIN_SEED_SHARE = 0.3
MAX_FUZZY_BLOCKS = 3
_BITS = 32  # dmp's Match_MaxBits: longer quotes are matched by their head and tail

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)  # fmt: skip
_TEXTS_KEY = "community:blocktexts:v1:{id}:{created}"
_TEXTS_TIMEOUT = 60 * 60 * 24 * 7


# The text of blocks -------------------------------------------------------------------


class _BlockTextParser(HTMLParser):
    """Collect the textContent of each top-level `[data-block-id]` element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: dict[str, list[str]] = {}
        self._current: list[str] | None = None
        self._depth = 0  # open elements inside the current block, the block's own included
        self._after_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._after_pre = tag in ("pre", "listing", "textarea")
        if self._current is not None:
            if tag not in _VOID:
                self._depth += 1
            return
        block_id = dict(attrs).get("data-block-id")
        if block_id is not None and tag not in _VOID:
            self._current = self.blocks.setdefault(block_id, [])
            self._depth = 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._after_pre = False  # <br/>: no content, no depth

    def handle_endtag(self, tag: str) -> None:
        self._after_pre = False
        if self._current is not None and tag not in _VOID:
            self._depth -= 1
            if self._depth == 0:
                self._current = None

    def handle_data(self, data: str) -> None:
        if self._after_pre and data.startswith("\n"):
            data = data[1:]  # the HTML parser drops a newline right after <pre>
        self._after_pre = False
        if self._current is not None:
            self._current.append(data)


def block_texts(html: str) -> dict[str, str]:
    """{block id: its textContent}, in document order, from rendered body HTML."""
    parser = _BlockTextParser()
    # Browsers normalise newlines in the input stream before building the DOM.
    parser.feed(html.replace("\r\n", "\n").replace("\r", "\n"))
    parser.close()
    return {block_id: "".join(parts) for block_id, parts in parser.blocks.items()}


def revision_body_html(page: Page, revision: Revision | None) -> str:
    """The body HTML of `page` as published in `revision` (the reader page's own HTML)."""
    page = page.specific
    if isinstance(page, KnowledgePage):
        return str(snapshot(page, revision).body_html) if revision else render_body(page)
    as_it_was = page.with_content_json(revision.content) if revision else page
    body = getattr(as_it_was, "body", None)
    return str(body) if body is not None else ""


def revision_texts(page: Page, revision: Revision | None) -> dict[str, str]:
    """`block_texts` of a published revision, cached like the rendering it comes from."""
    if revision is None:
        return block_texts(revision_body_html(page, revision))
    key = _TEXTS_KEY.format(id=revision.pk, created=revision.created_at.timestamp())
    texts = cache.get(key)
    if texts is None:
        texts = block_texts(revision_body_html(page, revision))
        cache.set(key, texts, _TEXTS_TIMEOUT)
    return texts


def live_texts(page: Page) -> dict[str, str]:
    """The block texts readers see now (the live revision)."""
    revision = None
    if page.live_revision_id:
        revision = Revision.objects.filter(pk=page.live_revision_id).defer("content").first()
    return revision_texts(page, revision)


# Selectors -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Selector:
    """What a reader selected: block, quote with context, position in the block's text."""

    block_id: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Position:
    block_id: str
    start: int
    end: int


def _text_field(data: dict, name: str, limit: int, *, required: bool = False) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(_("The selection is malformed (%(field)s).") % {"field": name})
    if required and not value:
        raise ValidationError(_("The selection is missing (%(field)s).") % {"field": name})
    if len(value) > limit:
        raise ValidationError(
            _("The selection is too long: select at most %(limit)s characters.") % {"limit": limit}
            if name == "exact"
            else _("The selection is malformed (%(field)s too long).") % {"field": name}
        )
    return value


def _offset(data: dict, name: str) -> int:
    value = data.get(name)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("The selection is malformed (%(field)s).") % {"field": name})
    if value < 0 or value > 10_000_000:
        raise ValidationError(_("The selection's %(field)s is out of range.") % {"field": name})
    return value


def parse_selector(data: dict) -> Selector:
    """A Selector from request data (JSON or a form), or a ValidationError saying why not."""
    if not isinstance(data, dict):
        raise ValidationError(_("The selection is malformed."))
    selector = Selector(
        block_id=_text_field(data, "block_id", MAX_BLOCK_ID_CHARS, required=True),
        exact=_text_field(data, "exact", MAX_QUOTE_CHARS, required=True),
        prefix=_text_field(data, "prefix", 2 * CONTEXT_CHARS),
        suffix=_text_field(data, "suffix", 2 * CONTEXT_CHARS),
        start=_offset(data, "start"),
        end=_offset(data, "end"),
    )
    if selector.end <= selector.start:
        raise ValidationError(_("The selection is empty or reversed (end must follow start)."))
    if selector.end - selector.start != len(selector.exact):
        raise ValidationError(_("The selection's position does not match its text."))
    if not selector.exact.strip():
        raise ValidationError(_("Select some words, not only spaces."))
    return selector


def _context_score(text: str, pos: int, exact: str, prefix: str, suffix: str) -> int:
    """How many characters of prefix (read backwards) and suffix agree around `pos`."""
    before = text[max(0, pos - len(prefix)) : pos]
    after = text[pos + len(exact) : pos + len(exact) + len(suffix)]
    return _common_length(prefix[::-1], before[::-1]) + _common_length(suffix, after)


def _common_length(a: str, b: str) -> int:
    """How many leading characters `a` and `b` share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _occurrences(text: str, exact: str) -> Iterable[int]:
    pos = text.find(exact)
    while pos != -1:
        yield pos
        pos = text.find(exact, pos + 1)


def _best_exact(text: str, exact: str, prefix: str, suffix: str, near: int) -> int | None:
    best, best_key = None, None
    for pos in _occurrences(text, exact):
        key = (_context_score(text, pos, exact, prefix, suffix), -abs(pos - near))
        if best_key is None or key > best_key:
            best, best_key = pos, key
    return best


def validated_selector(texts: dict[str, str], selector: Selector) -> Selector:
    """The selector checked against the current text, with the server's own context.

    Accepts the exact text at start..end of the block, or else the quote found in that
    block (prefix and suffix choose among repeats); anything else is a ValidationError,
    so an annotation is only ever stored on text the page really shows.
    """
    text = texts.get(selector.block_id)
    if text is None:
        raise ValidationError(
            _("That part of the page no longer exists. Reload the page and select again.")
        )
    start = selector.start
    if text[start : selector.end] != selector.exact:
        found = _best_exact(text, selector.exact, selector.prefix, selector.suffix, start)
        if found is None:
            raise ValidationError(
                _(
                    "The selected text does not match the page as it is now. "
                    "Reload the page and select again."
                )
            )
        start = found
    end = start + len(selector.exact)
    return Selector(
        block_id=selector.block_id,
        exact=selector.exact,
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        start=start,
        end=end,
    )


# Fuzzy matching ------------------------------------------------------------------------


def _matcher() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Match_Threshold = MATCH_THRESHOLD
    dmp.Match_Distance = MATCH_DISTANCE
    dmp.Diff_Timeout = 0.05
    return dmp


_DMP = _matcher()


def _seed(text: str, exact: str) -> tuple[float, int]:
    """(share of sampled SEED_CHARS-grams of `exact` found in `text` agreeing on where the
    quote starts, that start).

    A cheap look (str.find runs in C) before the Bitap search, which is pure Python:
    blocks sharing little of the quote are skipped, and Bitap only scans a small window
    around the place the quote's pieces point to.
    """
    n = len(exact)
    if n < SEED_CHARS:
        return 0.0, 0
    step = max(1, (n - SEED_CHARS) // MAX_SEEDS)
    estimates: list[int] = []
    total = 0
    for i in range(0, n - SEED_CHARS + 1, step):
        total += 1
        pos = text.find(exact[i : i + SEED_CHARS])
        if pos != -1:
            estimates.append(pos - i)
    if not estimates:
        return 0.0, 0
    best = max(estimates, key=lambda e: sum(1 for other in estimates if abs(other - e) <= 8))
    agreeing = sum(1 for other in estimates if abs(other - best) <= 8)
    return agreeing / total, max(0, best)


def _fuzzy(text: str, exact: str, loc: int) -> tuple[int, int, int] | None:
    """(start, end, edit distance) of the best near-copy of `exact` in `text` around
    `loc`, or None when nothing there is close enough."""
    dmp = _DMP
    n = len(exact)
    slack = CONTEXT_CHARS + n // 3
    lo = max(0, loc - slack)
    area = text[lo : loc + n + slack]
    loc -= lo
    if n <= _BITS:
        start = dmp.match_main(area, exact, loc)
    else:
        start = dmp.match_main(area, exact[:_BITS], loc)
        if start == -1:  # the head was edited: try the tail
            tail = dmp.match_main(area, exact[-_BITS:], loc + n - _BITS)
            if tail == -1:
                return None
            start = max(0, tail - (n - _BITS))
    if start == -1:
        return None
    # Bitap finds where the quote starts; a diff against the text around it finds where
    # the (possibly longer or shorter) matched passage ends.
    pad = max(8, n // 3)
    window_start = max(0, start - pad)
    window = area[window_start : start + n + pad]
    diffs = dmp.diff_main(exact, window, False)
    first = dmp.diff_xIndex(diffs, 0)
    last = dmp.diff_xIndex(diffs, n - 1) + 1
    if last <= first:
        return None
    distance = dmp.diff_levenshtein(dmp.diff_main(exact, window[first:last], False))
    if distance > MAX_EDIT_RATIO * n:
        return None
    offset = lo + window_start
    return offset + first, offset + last, distance


def locate(
    texts: dict[str, str], exact: str, prefix: str, suffix: str, block_id: str, near: int
) -> Position | None:
    """Where the quote stands in the new text (see the module's docstring), or None."""
    n = len(exact)
    if not exact:
        return None
    same = texts.get(block_id)
    if same is not None:
        pos = _best_exact(same, exact, prefix, suffix, near)
        if pos is not None:
            return Position(block_id, pos, pos + n)
    best: tuple[int, str, int] | None = None
    for other_id, text in texts.items():
        if other_id == block_id:
            continue
        pos = _best_exact(text, exact, prefix, suffix, 0)
        if pos is not None:
            score = _context_score(text, pos, exact, prefix, suffix)
            if best is None or score > best[0]:
                best = (score, other_id, pos)
    if best is not None:
        return Position(best[1], best[2], best[2] + n)
    if n < FUZZY_MIN_CHARS:
        return None
    if same is not None:
        share, loc = _seed(same, exact)
        if share >= MIN_SEED_SHARE:
            hit = _fuzzy(same, exact, loc)
            if hit is not None:
                return Position(block_id, hit[0], hit[1])
    candidates = sorted(
        (
            (seed[0], other_id, seed[1])
            for other_id, text in texts.items()
            if other_id != block_id
            and len(text) >= n * (1 - MAX_EDIT_RATIO)
            and (seed := _seed(text, exact))[0] >= MIN_SEED_SHARE
        ),
        reverse=True,
    )[:MAX_FUZZY_BLOCKS]
    found: tuple[int, str, int, int] | None = None
    for _share, other_id, loc in candidates:
        hit = _fuzzy(texts[other_id], exact, loc)
        if hit is not None and (found is None or hit[2] < found[0]):
            found = (hit[2], other_id, hit[0], hit[1])
    if found is not None:
        return Position(found[1], found[2], found[3])
    return None


# Re-anchoring ---------------------------------------------------------------------------

_REANCHOR_FIELDS = [
    "anchor_state",
    "anchored_revision",
    "current_block_id",
    "current_start",
    "current_end",
]


def reanchor(annotations: Iterable, texts: dict[str, str], revision_id: int | None) -> list:
    """Set each annotation's anchor on `texts` (unsaved); returns the ones that changed."""
    changed = []
    for annotation in annotations:
        if annotation.anchor_state == AnchorState.ANCHORED and annotation.current_block_id:
            block_id, near = annotation.current_block_id, annotation.current_start or 0
        else:
            block_id, near = annotation.block_id, annotation.start
        position = locate(
            texts, annotation.exact, annotation.prefix, annotation.suffix, block_id, near
        )
        before = tuple(getattr(annotation, f"{name}_id" if name == "anchored_revision" else name)
                       for name in _REANCHOR_FIELDS)  # fmt: skip
        if position is None:
            annotation.anchor_state = AnchorState.ORPHANED
            annotation.current_block_id = ""
            annotation.current_start = annotation.current_end = None
        else:
            annotation.anchor_state = AnchorState.ANCHORED
            annotation.current_block_id = position.block_id
            annotation.current_start, annotation.current_end = position.start, position.end
        annotation.anchored_revision_id = revision_id
        after = tuple(getattr(annotation, f"{name}_id" if name == "anchored_revision" else name)
                      for name in _REANCHOR_FIELDS)  # fmt: skip
        if before != after:
            changed.append(annotation)
    return changed


def reanchor_page_now(page: Page, revision: Revision) -> int:
    """Re-anchor every annotation of `page` (all visibilities and states) on `revision`;
    one read, one bulk update. Returns how many changed."""
    texts = revision_texts(page, revision)
    annotations = list(
        Annotation.objects.filter(page_id=page.pk).only(
            "pk", "exact", "prefix", "suffix", "block_id", "start", *_REANCHOR_FIELDS
        )
    )
    if not annotations:
        return 0
    changed = reanchor(annotations, texts, revision.pk)
    with transaction.atomic():
        Annotation.objects.bulk_update(changed, _REANCHOR_FIELDS, batch_size=500)
        if changed:
            versions.changed(page.pk)
    return len(changed)


@task()
def reanchor_page(page_id: int, revision_id: int) -> int:
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    page = page.specific
    if page.live_revision_id and page.live_revision_id != revision_id:
        return 0  # a later publish queued its own re-anchoring
    revision = Revision.objects.filter(pk=revision_id).first()
    if revision is None:
        return 0
    return reanchor_page_now(page, revision)


def schedule_reanchor(page, revision) -> None:
    """Re-anchor `page`'s annotations against `revision`, in a background task."""
    revision_id = getattr(revision, "pk", None) or page.live_revision_id
    if revision_id is None:
        return
    page_id = page.pk
    transaction.on_commit(lambda: reanchor_page.enqueue(page_id, revision_id))
