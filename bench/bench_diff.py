"""Time knowledge.diff.diff_html on two realistic ~5,000-word versions of a page.

Run from the repository root: `.venv/bin/python bench/bench_diff.py`. No Django settings
or database are needed: the diff module only uses Django's escaping helpers.

The old page is generated from a fixed seed as a Wagtail StreamField would render it
(headings, rich-text paragraphs with bold text, links and entities, lists, a quote). The
new page has about 3% of its words edited at random places (most replaced, some inserted
or removed), one paragraph inserted, one deleted and one moved elsewhere.

Absolute times depend on the machine and on whatever else it is doing, so the diff is
timed next to a baseline measured in the same run: extracting the words of both pages with
html_to_words, which every diff has to do anyway. Each is timed several times and the best
run is reported, since noise only ever makes a run slower. For reference, the script also
times the single-pass alternative that knowledge.diff avoids: one word-level
SequenceMatcher over the whole pages.
"""

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from difflib import SequenceMatcher
from html import escape
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # `knowledge` is not an installed package

from bench.corpus import Writer  # noqa: E402
from knowledge.diff import diff_html, html_to_words  # noqa: E402

TARGET_MS = 200.0
PAGE_WORDS = 5_000
EDIT_RATE = 0.03

Block = tuple[str, list[str]]  # (tag, words): "h2", "h3", "p", "li", "quote"


def build_page(writer: Writer, total_words: int) -> list[Block]:
    rng = writer.rng
    blocks: list[Block] = []
    count = 0
    while count < total_words:
        section: list[Block] = [("h2", writer.sentence(2, 6))]
        for _ in range(rng.randint(2, 4)):
            section.append(("p", writer.paragraph()))
        roll = rng.random()
        if roll < 0.4:
            section += [("li", writer.sentence(5, 14)) for _ in range(rng.randint(3, 6))]
        elif roll < 0.55:
            section.append(("quote", writer.sentence(10, 25)))
        if rng.random() < 0.5:
            section.append(("h3", writer.sentence(2, 5)))
            section += [("p", writer.paragraph()) for _ in range(rng.randint(1, 2))]
        blocks += section
        count += sum(len(words) for _, words in section)
    return blocks


def inline_html(words: list[str], rng: random.Random) -> str:
    """Escape the text and sprinkle the inline markup rich text has: bold, links, nbsp."""
    out = []
    for word in words:
        text = escape(word, quote=False)
        roll = rng.random()
        if roll < 0.02:
            text = f"<strong>{text}</strong>"
        elif roll < 0.035:
            text = f'<a href="/wiki/{escape(word.lower().strip("."))}/">{text}</a>'
        out.append(text)
    html = " ".join(out)
    return html.replace(" ", "&nbsp;", 1) if rng.random() < 0.1 else html


def render_page(blocks: list[Block], seed: int) -> str:
    """Render like a Wagtail StreamField: a div per block, rich text with data-block-key."""
    rng = random.Random(seed)  # same markup choices for both versions of a block
    parts: list[str] = []
    in_list = False
    for n, (tag, words) in enumerate(blocks):
        if in_list and tag != "li":
            parts.append("</ul></div>")
            in_list = False
        key = f"{n:05x}"
        text = inline_html(words, rng)
        if tag in ("h2", "h3"):
            parts.append(f'<{tag} id="section-{key}">{text}</{tag}>')
        elif tag == "quote":
            parts.append(
                f'<figure class="quote"><blockquote><p>{text}</p></blockquote>'
                f"<figcaption>Somebody &amp; Co.</figcaption></figure>"
            )
        elif tag == "li":
            if not in_list:
                parts.append('<div class="block-paragraph"><ul>')
                in_list = True
            parts.append(f'<li data-block-key="{key}">{text}</li>')
        else:
            parts.append(f'<div class="block-paragraph"><p data-block-key="{key}">{text}</p></div>')
    if in_list:
        parts.append("</ul></div>")
    return "\n".join(parts)


def edit_page(blocks: list[Block], writer: Writer) -> tuple[list[Block], int]:
    """Edit ~3% of the words, insert, delete and move a paragraph; return the word edits."""
    rng = writer.rng
    edited: list[Block] = []
    edits = 0
    for tag, words in blocks:
        new_words: list[str] = []
        for word in words:
            if rng.random() >= EDIT_RATE:
                new_words.append(word)
                continue
            edits += 1
            roll = rng.random()
            if roll < 0.7:
                new_words.append(writer.word())  # replaced
            elif roll < 0.85:
                new_words += [word, writer.word()]  # a word inserted after
            # else: removed
        edited.append((tag, new_words or words))

    paragraphs = [n for n, (tag, _) in enumerate(edited) if tag == "p"]
    deleted, moved, inserted_at = rng.sample(paragraphs, 3)
    moved_block = edited[moved]
    new_paragraph: Block = ("p", writer.paragraph())
    edited[deleted] = ("", [])  # placeholders keep the other indices valid
    edited[moved] = ("", [])
    edited.insert(inserted_at, new_paragraph)
    edited.insert(rng.choice(paragraphs), moved_block)
    return [block for block in edited if block[0]], edits


def time_best(func: Callable[[], object], runs: int) -> tuple[float, float]:
    """Best and median wall time in ms over `runs` calls, after one warm-up call."""
    func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per measurement")
    parser.add_argument("--seed", type=int, default=2024, help="seed for the generated pages")
    args = parser.parse_args()

    writer = Writer(random.Random(args.seed))
    old_blocks = build_page(writer, PAGE_WORDS)
    new_blocks, edits = edit_page(old_blocks, writer)
    old_html = render_page(old_blocks, args.seed)
    new_html = render_page(new_blocks, args.seed)

    old_words, new_words = html_to_words(old_html), html_to_words(new_html)
    result = diff_html(old_html, new_html)
    print(
        f"pages: old {len(old_words):,} words in {len(old_blocks)} blocks, "
        f"new {len(new_words):,} words in {len(new_blocks)} blocks "
        f"({edits} word edits, 1 paragraph inserted, 1 deleted, 1 moved)"
    )
    print(
        f"diff: +{result.inserted_words} -{result.deleted_words} words, "
        f"changed={result.changed}, {len(result.html):,} characters of HTML"
    )

    def baseline() -> None:
        html_to_words(old_html)
        html_to_words(new_html)

    base_best, base_median = time_best(baseline, args.runs)
    diff_best, diff_median = time_best(lambda: diff_html(old_html, new_html), args.runs)

    old_texts = [token.text for token in old_words]
    new_texts = [token.text for token in new_words]

    def single_pass() -> None:
        SequenceMatcher(None, old_texts, new_texts, autojunk=False).get_opcodes()

    ref_best, ref_median = time_best(single_pass, max(1, min(3, args.runs)))

    width = 46
    print(f"{'html_to_words on both pages (baseline)':<{width}} best {base_best:7.1f} ms"
          f"  median {base_median:7.1f} ms  ({args.runs} runs)")  # fmt: skip
    print(f"{'diff_html':<{width}} best {diff_best:7.1f} ms"
          f"  median {diff_median:7.1f} ms  ({args.runs} runs)")  # fmt: skip
    print(f"{'ratio diff_html / baseline':<{width}} {diff_best / base_best:.2f}x")
    print(f"{'target: diff_html under':<{width}} {TARGET_MS:.0f} ms -> "
          f"{'met' if diff_best < TARGET_MS else 'MISSED'}")  # fmt: skip
    print(f"{'reference: one word SequenceMatcher, no HTML':<{width}} best {ref_best:7.1f} ms"
          f"  median {ref_median:7.1f} ms  ({max(1, min(3, args.runs))} runs)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
