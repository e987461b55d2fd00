"""Time a knowledge page's history views through Django's test client.

Run from the repository root: `.venv/bin/python bench/bench_history.py`. It migrates a
throwaway SQLite database in a temporary directory (settings `bench.settings`, never
db.sqlite3), then builds:

- a knowledge page with two published ~5,000-word revisions (about 3% of the words edited,
  one paragraph inserted and one removed), for the comparison;
- a knowledge page with 1,000 published revisions (rows written in bulk, as many publishes
  would leave them), for the history list.

Absolute times depend on the machine and whatever else it is doing, so every figure is
shown next to baselines measured in the same run, in the same process, through the same
client and middleware: a bare Django view (`/bench/bare/`) and the old-version view of a
short page. Each request is timed several times, interleaved, and the best run is
reported, since noise only ever makes a run slower.

Compare is timed cold (both revisions rendered, then diffed: the first reader after a
publish) and warm (renderings cached: everyone after). The target is the warm compare of
the two 5,000-word revisions under 200 ms.
"""

import argparse
import random
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench import site  # noqa: E402
from bench.corpus import Writer  # noqa: E402
from bench.inprocess import bench_parser, run_on_throwaway_db, time_interleaved  # noqa: E402

TARGET_MS = 200.0
PAGE_WORDS = 5_000
EDIT_RATE = 0.03
MANY_REVISIONS = 1_000

Section = tuple[str, list[str]]  # ("h2" | "p", words)


def build_text(writer: Writer, total: int) -> list[Section]:
    blocks: list[Section] = []
    count = 0
    while count < total:
        blocks.append(("h2", writer.sentence(2, 6)))
        for _ in range(writer.rng.randint(2, 4)):
            blocks.append(("p", writer.paragraph()))
        count = sum(len(words) for _, words in blocks)
    return blocks


def edit_text(blocks: list[Section], writer: Writer) -> list[Section]:
    """Edit ~3% of the words; insert one paragraph and remove another."""
    rng = writer.rng
    edited: list[Section] = []
    for tag, words in blocks:
        new: list[str] = []
        for word in words:
            roll = rng.random()
            if roll >= EDIT_RATE:
                new.append(word)
            elif roll < EDIT_RATE * 0.7:
                new.append(writer.word())
            elif roll < EDIT_RATE * 0.85:
                new += [word, writer.word()]
        edited.append((tag, new or words))
    paragraphs = [n for n, (tag, _) in enumerate(edited) if tag == "p"]
    removed, inserted = rng.sample(paragraphs, 2)
    edited.insert(inserted, ("p", writer.paragraph()))
    del edited[removed if removed < inserted else removed + 1]
    return edited


def stream(blocks: list[Section]) -> list:
    from django.utils.html import escape
    from wagtail.rich_text import RichText

    value = []
    for tag, words in blocks:
        text = " ".join(words)
        if tag == "h2":
            value.append(("heading", {"text": text[:200], "level": "h2"}))
        else:
            value.append(("paragraph", RichText(f"<p>{escape(text)}</p>")))
    return value


def build(seed: int):
    """The pages, users and revisions to measure; returns what the measurements need."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page, PageLogEntry, Revision

    from knowledge.models import KnowledgePage
    from tests.factories import publish

    reader = site.reader(groups=("Employees",))
    editor = site.editor()
    space = site.knowledge_space()

    writer = Writer(random.Random(seed))
    old_text = build_text(writer, PAGE_WORDS)
    new_text = edit_text(old_text, writer)
    big = space.add_child(instance=KnowledgePage(title="A long policy", slug="long-policy"))
    old = publish(big, editor, body=stream(old_text), change_note="First version")
    new = publish(big, editor, body=stream(new_text), change_note="Yearly review")

    short = space.add_child(instance=KnowledgePage(title="A short how-to", slug="short"))
    short_revision = publish(short, editor, body=stream([("p", ["Open", "the", "portal."])]))

    many = space.add_child(instance=KnowledgePage(title="Busy page", slug="busy"))
    first = publish(many, editor, change_note="Version 0", body=stream(old_text[:6]))
    content = first.content
    page_type = ContentType.objects.get_for_model(KnowledgePage)
    base_type = ContentType.objects.get_for_model(Page)
    start = timezone.now()  # after the first, real publication
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=page_type,
            base_content_type=base_type,
            object_id=str(many.pk),
            user=editor,
            created_at=start + timedelta(minutes=n),
            object_str=many.title,
            content={**content, "change_note": f"Version {n}", "material_change": n % 7 == 0},
        )
        for n in range(1, MANY_REVISIONS)
    )
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            page_id=many.pk,
            content_type=page_type,
            label=many.title,
            action="wagtail.publish",
            timestamp=revision.created_at,
            user=editor,
            revision=revision,
            content_changed=True,
        )
        for revision in revisions
    )
    Page.objects.filter(pk=many.pk).update(
        live_revision=revisions[-1], latest_revision=revisions[-1]
    )
    return reader, big, old, new, short, short_revision, many


def main() -> int:
    args = bench_parser(__doc__, runs=15, seed=2024, generated="text").parse_args()
    message = "migrating a throwaway database and building the pages..."
    return run_on_throwaway_db("history", message, run, args)


def run(args: argparse.Namespace) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from knowledge.diff import diff_html, html_to_words
    from knowledge.history import snapshot, snapshot_cache_key

    reader, big, old, new, short, short_revision, many = build(args.seed)
    client = Client(HTTP_HOST="localhost")
    client.force_login(reader)

    def get(path: str, **query) -> Callable[[], None]:
        def request() -> None:
            response = client.get(path, query)
            if response.status_code != 200:
                raise SystemExit(f"bench: error: {path} {query} answered {response.status_code}")

        return request

    compare_path = reverse("knowledge:compare", args=[big.pk, old.pk, new.pk])
    warm_compare = get(compare_path)
    uncached = [snapshot_cache_key(old), snapshot_cache_key(new)]

    def cold_compare() -> None:
        cache.delete_many(uncached)
        warm_compare()

    old_html = str(snapshot(big, old).body_html)
    new_html = str(snapshot(big, new).body_html)
    result = diff_html(old_html, new_html)
    print(
        f"big page: {len(html_to_words(old_html)):,} -> {len(html_to_words(new_html)):,} words; "
        f"diff +{result.inserted_words} -{result.deleted_words} words"
    )

    timings = time_interleaved(
        {
            "bare Django view (baseline)": get("/bench/bare/"),
            "old version of a short page (baseline)": get(
                reverse("knowledge:version", args=[short.pk, short_revision.pk])
            ),
            "old version, 5,000 words (cached)": get(
                reverse("knowledge:version", args=[big.pk, old.pk])
            ),
            "diff_html alone, 5,000 words": lambda: diff_html(old_html, new_html),
            "compare 5,000 words, warm (cached)": warm_compare,
            "compare 5,000 words, cold (renders both)": cold_compare,
        },
        args.runs,
    )
    bare = timings["bare Django view (baseline)"][0]
    short_page = timings["old version of a short page (baseline)"][0]
    width = 44
    print()
    print(f"{'':<{width}} {'best ms':>8} {'median':>8} {'/bare':>7} {'/short':>7}")
    for name, (best, median) in timings.items():
        print(
            f"{name:<{width}} {best:>8.1f} {median:>8.1f} "
            f"{best / bare:>7.1f} {best / short_page:>7.2f}"
        )
    warm = timings["compare 5,000 words, warm (cached)"][0]
    cold = timings["compare 5,000 words, cold (renders both)"][0]
    print(
        f"target: compare of two 5,000-word revisions under {TARGET_MS:.0f} ms -> "
        f"warm {warm:.0f} ms {'met' if warm < TARGET_MS else 'MISSED'}, "
        f"cold {cold:.0f} ms {'met' if cold < TARGET_MS else 'MISSED'}"
    )

    history = reverse("knowledge:history", args=[many.pk])
    pages = {"history page 1 of 50": {}, "history page 50 of 50": {"page": 50}}
    counts = {}
    for name, query in pages.items():
        get(history, **query)()
        with CaptureQueriesContext(connection) as captured:
            get(history, **query)()
        counts[name] = len(captured)
    history_timings = time_interleaved(
        {name: get(history, **query) for name, query in pages.items()}, args.runs
    )
    print()
    print(f"history of a page with {MANY_REVISIONS:,} published revisions, 20 per page:")
    for name, (best, median) in history_timings.items():
        print(
            f"{name:<{width}} {best:>8.1f} {median:>8.1f} {best / bare:>7.1f} "
            f"{best / short_page:>7.2f}   {counts[name]} queries"
        )
    same = len(set(counts.values())) == 1
    print(f"query count the same on page 1 and page 50: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
