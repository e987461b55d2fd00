"""Does a page's cost grow with the site? The hot pages on the demo site and on the demo site
plus 100,000 knowledge pages, SQLite and PostgreSQL, side by side in one run.

    nice .venv/bin/python bench/bench_corpus_pages.py                   # both databases
    nice .venv/bin/python bench/bench_corpus_pages.py --only sqlite --pages 5000 --runs 5
    nice .venv/bin/python bench/bench_corpus_pages.py \\
        --postgres postgres://postgres@127.0.0.1:55432                  # the server to use

Issue 19's target: on the 100,000-page corpus these pages take at most 1.5x their time on
the demo site. Four databases, built once and reused (under $TMPDIR/hearth-bench-corpus for
SQLite, `hearth_bench_corpus_*` on the PostgreSQL server; never db.sqlite3):

- **demo**: `migrate` and `seed_demo`, nothing else;
- **corpus**: a copy of the demo (a file copy; PostgreSQL: `CREATE DATABASE … TEMPLATE`)
  plus `--pages` knowledge pages written in bulk: 5,000 of them (a twentieth) into the
  demo space the space page shows, the rest into 19 new spaces (two restricted to
  Leadership as private spaces are), with titles, summaries, tags and a ~250-word body
  from bench/corpus.py's vocabulary (fixed seed), published over two years, indexed for
  search, review dates stored, then ANALYZE.

One worker process per database (`--serve`) signs in the demo `employee` and requests the
pages through Django's full handler (test client, every middleware): the home page, the
demo space, `/search/?q=password`, the first vision statement and a demo knowledge page
of that space, each checked (a 200 with the page's own marker) and its queries counted
once. The parent then times, round by round, every page on every database, demo and
corpus alternating first, and prints medians and the ratio corpus / demo.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

PAGES = 100_000
SPACES = 20  # the demo space holds one twentieth; 19 new spaces the rest
PRIVATE_SPACES = 2
TAGS = 200
BATCH = 2_000
TARGET_RATIO = 1.5
READER = "employee"
SEARCH_QUERY = "password"
PAGE_NAMES = ("home", "space", "search", "vision", "knowledge")
# The workers' and builders' working directory: bench.settings keeps media beside a SQLite
# file, and for a postgres:// URL that is a relative path (seed_demo writes images there).
WORKDIR = {"path": REPO_ROOT}


# Building ----------------------------------------------------------------------------------
def _django(database: str) -> None:
    from bench.inprocess import setup_django

    setup_django(database, settings="bench.bench_search_settings")


def _measured_space():
    """The first live space the reader may open (ordered by path): the space page measured,
    and the one the corpus grows by a twentieth of its pages."""
    from core.models import User
    from core.permissions import can_view_page
    from knowledge.models import SpacePage

    reader = User.objects.get(username=READER)
    for space in SpacePage.objects.live().order_by("path"):
        if can_view_page(reader, space):
            return space
    raise SystemExit("bench: the demo site has no space the employee can read")


def build_demo(database: str) -> None:
    from django.core.management import call_command

    _django(database)
    call_command("seed_demo", verbosity=0)


def _last_child_number(parent) -> int:
    from bench.corpus import ALPHABET, STEP

    last = parent.get_children().order_by("-path").values_list("path", flat=True).first()
    if last is None:
        return 0
    number = 0
    for digit in last[-STEP:]:
        number = number * len(ALPHABET) + ALPHABET.index(digit)
    return number


def grow(database: str, total: int, seed: int = 19) -> None:
    """Add `total` knowledge pages to the demo site in `database` (see the module's doc)."""
    _django(database)
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from taggit.models import Tag
    from wagtail.models import Locale, Page, PageViewRestriction

    from bench.bench_search_corpus import progress
    from bench.corpus import FastWriter, draw_page, insert_pages, page_title
    from core.models import User
    from governance.review import services as review
    from knowledge.models import KnowledgePage, SpacePage

    rng = random.Random(seed)
    writer = FastWriter(rng)
    locale = Locale.objects.first()
    owner, _ = User.objects.get_or_create(username="bench-owner", defaults={"first_name": "Bench"})
    demo_space = _measured_space()
    index = demo_space.get_parent()
    leaders, _ = Group.objects.get_or_create(name="Leadership")
    spaces = [demo_space]
    for number in range(1, SPACES):
        space = index.add_child(
            instance=SpacePage(
                title=f"Space {number} " + page_title(writer),
                slug=f"bench-space-{number}",
                content_owner=owner,
            )
        )
        if number <= PRIVATE_SPACES:
            restriction = PageViewRestriction.objects.create(
                page=space, restriction_type=PageViewRestriction.GROUPS
            )
            restriction.groups.add(leaders)
        spaces.append(space)
    next_child = {space.pk: _last_child_number(space) + 1 for space in spaces}
    tag_names = sorted({writer.word() + "-" + writer.word() for _ in range(TAGS * 2)})[:TAGS]
    tags = [Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in tag_names]
    content_type = ContentType.objects.get_for_model(KnowledgePage)
    now = time.time()
    created, started, first_pk = 0, time.perf_counter(), None
    while created < total:
        batch = min(BATCH, total - created)
        pages, rows = [], []
        for offset in range(batch):
            number = created + offset
            space = spaces[number % SPACES]
            child = next_child[space.pk]
            next_child[space.pk] += 1
            page, summary, body = draw_page(
                writer,
                space,
                child,
                f"bench-p{number}",
                now,
                content_type=content_type,
                locale=locale,
                owner=owner,
            )
            pages.append(page)
            rows.append((summary, body, rng.choice([None, None, None, 30, 365])))
        with transaction.atomic():
            insert_pages(pages, rows, tags, rng, owner)
            first_pk = first_pk or pages[0].pk
        created += batch
        progress("pages", created, total, started)
    for space in spaces:
        Page.objects.filter(pk=space.pk).update(numchild=space.get_children().count())
    began = time.perf_counter()
    review.refresh_due_dates()
    print(f"review dates in {time.perf_counter() - began:.0f}s", file=sys.stderr)
    began = time.perf_counter()
    _index(KnowledgePage.objects.filter(pk__gte=first_pk).order_by("pk"))
    print(f"indexed in {time.perf_counter() - began:.0f}s", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _index(pages) -> None:
    """Index the new pages as `update_index` would (on PostgreSQL with its bulk indexer,
    search/indexing.py; on SQLite Wagtail's own indexing, chunk by chunk)."""
    from django.db import connection, transaction
    from modelsearch.backends import get_search_backend

    from bench.bench_search_corpus import progress
    from knowledge.models import KnowledgePage
    from search import indexing

    backend = get_search_backend()
    index = backend.get_index_for_model(KnowledgePage)
    total, done, started = pages.count(), 0, time.perf_counter()
    queryset = KnowledgePage.get_indexed_objects().filter(pk__in=pages.values("pk"))
    for chunk in indexing.chunks(queryset, 500):
        with transaction.atomic():
            if connection.vendor == "postgresql":
                indexing.add_items(index, KnowledgePage, chunk)
            else:
                index.add_items(KnowledgePage, chunk)
        done += len(chunk)
        progress("index", done, total, started)


# Serving (one worker process per database) -------------------------------------------------
def _targets() -> dict[str, tuple[str, str]]:
    from brand.vision.models import StatementPage
    from knowledge.models import KnowledgePage

    space = _measured_space()
    statement = StatementPage.objects.live().order_by("path").first()
    page = (
        KnowledgePage.objects.live()
        .child_of(space)
        .exclude(slug__startswith="bench-p")
        .order_by("path")
        .first()
    )
    return {
        "home": ("/", "Latest updates"),
        "space": (space.url, space.title),
        "search": (f"/search/?q={SEARCH_QUERY}", 'data-testid="search-summary"'),
        "vision": (statement.url, statement.title),
        "knowledge": (page.url, page.title),
    }


def serve(database: str) -> int:
    """Answer "PAGE" lines on stdin with the milliseconds of one request to it."""
    _django(database)
    import logging

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils.html import escape

    from core.models import User
    from knowledge.models import KnowledgePage

    logging.disable(logging.WARNING)
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=READER))
    targets = _targets()

    def get(name: str) -> None:
        path, marker = targets[name]
        response = client.get(path)
        html = response.content.decode()
        if response.status_code != 200 or (marker not in html and escape(marker) not in html):
            raise SystemExit(f"bench: {name} ({path}): {response.status_code} without {marker!r}")

    queries = {}
    for name in targets:
        get(name)
        with CaptureQueriesContext(connection) as captured:
            get(name)
        queries[name] = len(captured)
    pages = KnowledgePage.objects.count()
    print(json.dumps({"pages": pages, "queries": queries}), flush=True)
    for line in sys.stdin:
        name = line.strip()
        began = time.perf_counter()
        get(name)
        print(f"{(time.perf_counter() - began) * 1000:.3f}", flush=True)
    return 0


class Worker:
    def __init__(self, database: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", database],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=WORKDIR["path"],
        )
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"bench: the worker for {database} stopped")
        self.ready = json.loads(line)

    def time(self, name: str) -> float:
        self.process.stdin.write(name + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("bench: a worker stopped")
        return float(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


# The run -----------------------------------------------------------------------------------
def _run(*args: str) -> None:
    subprocess.run([sys.executable, __file__, *args], check=True, cwd=WORKDIR["path"])


def _postgres_exists(server: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        return bool(
            connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        )


def _postgres(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def prepare(vendor: str, args: argparse.Namespace) -> tuple[str, str]:
    """The demo and corpus databases of `vendor`, built if missing (or with --rebuild)."""
    if vendor == "sqlite":
        folder = Path(args.dir)
        folder.mkdir(parents=True, exist_ok=True)
        demo, corpus = folder / "demo.sqlite3", folder / f"corpus-{args.pages}.sqlite3"
        if args.rebuild:
            for path in folder.glob("*.sqlite3*"):
                path.unlink()
        if not demo.exists():
            print(f"sqlite: building the demo site in {demo}", file=sys.stderr)
            _run("--build-demo", str(demo))
        if not corpus.exists():
            print(f"sqlite: copying it and adding {args.pages:,} pages", file=sys.stderr)
            partial = corpus.with_suffix(".partial")
            shutil.copyfile(demo, partial)
            _run("--grow", str(partial), "--pages", str(args.pages))
            partial.rename(corpus)
        return str(demo), str(corpus)
    server = args.postgres.rstrip("/")
    demo_name, corpus_name = "hearth_bench_corpus_demo", f"hearth_bench_corpus_{args.pages}"
    if args.rebuild:
        for name in (demo_name, corpus_name, corpus_name + "_partial"):
            _postgres(server, f'DROP DATABASE IF EXISTS "{name}"')
    if not _postgres_exists(server, demo_name):
        print(f"postgres: building the demo site in {demo_name}", file=sys.stderr)
        _postgres(server, f'CREATE DATABASE "{demo_name}_partial"')
        _run("--build-demo", f"{server}/{demo_name}_partial")
        _postgres(server, f'ALTER DATABASE "{demo_name}_partial" RENAME TO "{demo_name}"')
    if not _postgres_exists(server, corpus_name):
        print(f"postgres: copying it and adding {args.pages:,} pages", file=sys.stderr)
        partial = f"{corpus_name}_partial"
        _postgres(server, f'DROP DATABASE IF EXISTS "{partial}"')
        _postgres(server, f'CREATE DATABASE "{partial}" TEMPLATE "{demo_name}"')
        _run("--grow", f"{server}/{partial}", "--pages", str(args.pages))
        _postgres(server, f'ALTER DATABASE "{partial}" RENAME TO "{corpus_name}"')
    return f"{server}/{demo_name}", f"{server}/{corpus_name}"


def measure(args: argparse.Namespace) -> int:
    vendors = [args.only] if args.only else ["sqlite", "postgres"]
    workers: dict[tuple[str, str], Worker] = {}
    try:
        for vendor in vendors:
            demo, corpus = prepare(vendor, args)
            workers[(vendor, "demo")] = Worker(demo)
            workers[(vendor, "corpus")] = Worker(corpus)
        pages = [name for name in PAGE_NAMES if name in args.targets]
        times: dict[tuple[str, str, str], list[float]] = {}
        for round_number in range(args.runs + 1):  # round 0 warms up
            sizes = ("demo", "corpus") if round_number % 2 else ("corpus", "demo")
            for name in pages:
                for vendor in vendors:
                    for size in sizes:
                        spent = workers[(vendor, size)].time(name)
                        if round_number:
                            times.setdefault((vendor, size, name), []).append(spent)
    finally:
        for worker in workers.values():
            worker.close()
    missed = report(vendors, pages, workers, times)
    return 1 if missed else 0


def report(vendors, pages, workers, times) -> list[str]:
    missed = []
    for vendor in vendors:
        demo, corpus = workers[(vendor, "demo")].ready, workers[(vendor, "corpus")].ready
        print(
            f"\n{vendor}: demo {demo['pages']:,} knowledge pages, corpus {corpus['pages']:,} "
            f"(medians, ms; target corpus/demo <= {TARGET_RATIO}x)"
        )
        print(f"{'page':<10} {'demo ms':>9} {'corpus ms':>10} {'ratio':>7} {'queries':>9}")
        for name in pages:
            small = statistics.median(times[(vendor, "demo", name)])
            large = statistics.median(times[(vendor, "corpus", name)])
            ratio = large / small
            counts = f"{demo['queries'][name]}/{corpus['queries'][name]}"
            flag = "" if ratio <= TARGET_RATIO else "  MISSED"
            if flag:
                missed.append(f"{vendor} {name}")
            print(f"{name:<10} {small:>9.1f} {large:>10.1f} {ratio:>6.2f}x {counts:>9}{flag}")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=PAGES, help="knowledge pages to add")
    parser.add_argument("--runs", type=int, default=9, help="timed rounds")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument(
        "--targets", default=",".join(PAGE_NAMES), help="pages to time, comma-separated"
    )
    parser.add_argument(
        "--dir",
        default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "hearth-bench-corpus"),  # noqa: S108
        help="where the SQLite databases are kept",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("HEARTH_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:55432"),
        help="the PostgreSQL server (its databases hearth_bench_corpus_* are created)",
    )
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--build-demo", help=argparse.SUPPRESS)
    parser.add_argument("--grow", help=argparse.SUPPRESS)
    args = parser.parse_args()
    for database in (args.serve, args.build_demo, args.grow):
        if database and Path(database).resolve() == (REPO_ROOT / "db.sqlite3").resolve():
            raise SystemExit("bench: refusing to use the developer's db.sqlite3")
    if args.serve:
        return serve(args.serve)
    if args.build_demo:
        build_demo(args.build_demo)
        return 0
    if args.grow:
        grow(args.grow, args.pages)
        return 0
    args.targets = args.targets.split(",")
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    WORKDIR["path"] = Path(args.dir)
    return measure(args)


if __name__ == "__main__":
    sys.exit(main())
