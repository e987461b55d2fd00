"""Generate a large, realistic wiki for the search benchmark (`make bench-corpus`).

    .venv/bin/python bench/bench_search_corpus.py --pages 100000 \\
        --database postgres://postgres@127.0.0.1:55432/hearth_bench_search
    .venv/bin/python bench/bench_search_corpus.py --pages 100000 \\
        --database /tmp/hearth-bench-search.sqlite3

It migrates the target (a throwaway PostgreSQL database or SQLite file, never db.sqlite3),
replaces everything under the knowledge index with SPACES spaces of knowledge pages
(titles, summaries, tags and a ~250-word body drawn from bench/corpus.py's Zipf-like
vocabulary with a fixed seed), two spaces restricted to a group as private spaces are,
and then times `manage.py update_index` (the indexing the issue targets at under ten
minutes for 100,000 pages). Page rows are written in bulk (Wagtail's one-page-at-a-time
API would spend most of the run in tree bookkeeping); the index is built by Wagtail's own
command, exactly as in production. A progress bar goes to stderr.
"""

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench import site  # noqa: E402
from bench.corpus import (  # noqa: E402
    FastWriter,
    draw_page,
    encode,  # noqa: F401 - bench_stale_report takes it from here
    insert_pages,
    page_title,
)
from bench.inprocess import ensure_postgres_database, setup_django  # noqa: E402

SPACES = 20
PRIVATE_SPACES = 2
TAGS = 200
BATCH = 1_000


def progress(label: str, done: int, total: int, started: float) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    rate = done / max(time.perf_counter() - started, 1e-9)
    sys.stderr.write(
        f"\r{label:<10} [{'#' * filled}{'.' * (width - filled)}] {done:>7}/{total} ({rate:,.0f}/s)"
    )
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def setup(database: str) -> None:
    setup_django(database, settings="bench.bench_search_settings")


def generate(total: int, seed: int = 8) -> dict:
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from taggit.models import Tag
    from wagtail.models import Locale, Page, PageViewRestriction

    from core.models import User
    from knowledge.models import KnowledgePage, SpacePage

    rng = random.Random(seed)
    writer = FastWriter(rng)
    locale = Locale.objects.first()
    owner, _ = User.objects.get_or_create(username="bench-owner", defaults={"first_name": "Bench"})
    reader, _ = User.objects.get_or_create(username="bench-reader")
    reader.groups.add(Group.objects.get(name="Employees"))

    index = site.knowledge_index()  # an empty knowledge tree
    leaders, _ = Group.objects.get_or_create(name="Leadership")
    spaces = []
    for number in range(SPACES):
        space = index.add_child(
            instance=SpacePage(
                title=f"Space {number} " + page_title(writer),
                slug=f"space-{number}",
                content_owner=owner,
            )
        )
        if number < PRIVATE_SPACES:
            restriction = PageViewRestriction.objects.create(
                page=space, restriction_type=PageViewRestriction.GROUPS
            )
            restriction.groups.add(leaders)
        spaces.append(space)
    tag_names = sorted({writer.word() + "-" + writer.word() for _ in range(TAGS * 2)})[:TAGS]
    tags = [Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in tag_names]

    content_type = ContentType.objects.get_for_model(KnowledgePage)
    per_space = -(-total // SPACES)
    created = 0
    started = time.perf_counter()
    while created < total:
        batch = min(BATCH, total - created)
        pages, rows = [], []
        for offset in range(batch):
            number = created + offset
            page, summary, body = draw_page(
                writer,
                spaces[number % SPACES],
                number // SPACES + 1,
                f"p{number}",
                time.time(),
                content_type=content_type,
                locale=locale,
                owner=owner,
            )
            pages.append(page)
            rows.append((summary, body, None))
        with transaction.atomic():
            insert_pages(pages, rows, tags, rng, owner)
        created += batch
        progress("pages", created, total, started)
    for space in spaces:
        Page.objects.filter(pk=space.pk).update(numchild=per_space)
    return {"pages": created, "generate_seconds": round(time.perf_counter() - started, 1)}


def index_all() -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("update_index", chunk_size=1000, stdout=sys.stderr)
    return round(time.perf_counter() - started, 1)


def vacuum() -> None:
    """What autovacuum does soon after a bulk load: drop dead row versions (re-indexing
    rewrites every entry) and refresh the planner's statistics."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "HEARTH_BENCH_SEARCH_DB", "postgres://postgres@127.0.0.1:55432/hearth_bench_search"
        ),
        help="a postgres:// URL (created if missing) or a SQLite file path",
    )
    args = parser.parse_args()
    if args.database.startswith("postgres"):
        ensure_postgres_database(args.database)
    setup(args.database)
    figures = generate(args.pages)
    figures["index_seconds"] = index_all()
    vacuum()
    from search import vocabulary

    started = time.perf_counter()
    figures["vocabulary_words"] = vocabulary.rebuild()
    figures["vocabulary_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps({"database": args.database, **figures}))


if __name__ == "__main__":
    main()
