"""Time the stale-content report's first page over 100,000 knowledge pages, in-process.

    nice .venv/bin/python bench/bench_stale_report.py                 # SQLite, kept in /tmp
    nice .venv/bin/python bench/bench_stale_report.py \\
        --database postgres://postgres@127.0.0.1:55432/hearth_bench_stale

The database (a SQLite file, default /tmp/hearth-bench-stale.sqlite3, or a PostgreSQL URL,
created if missing; never db.sqlite3) is built once and reused on later runs: 20 spaces
of 5,000 pages each, written in bulk like bench/bench_search_corpus.py does (no bodies:
the report never reads them), published over the last two years, a third of them
verified, some with their own review interval, a few hundred hidden as stale and a few
archived, owned by 200 people.

It measures, side by side and interleaved (bench/inprocess.time_interleaved), through
Django's test client as an administrator:

- the report's first page, default (every page needing attention, most overdue first);
- the report filtered by status (stale) and by space;
- a bare Django view behind the same middleware (the baseline).

Target (governance issue): the first page renders in under 1 s. It prints the query
count of each page too (constant: it does not grow with the data).
"""

import argparse
import datetime
import random
import sys
import time
import uuid
import warnings
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench import site  # noqa: E402
from bench.inprocess import ensure_postgres_database, setup_django, time_interleaved  # noqa: E402

PAGES = 100_000
SPACES = 20
OWNERS = 200
BATCH = 2_000
TARGET_MS = 1000.0
DEFAULT_SQLITE = "/tmp/hearth-bench-stale.sqlite3"  # noqa: S108


def setup(database: str) -> None:
    warnings.filterwarnings("ignore")
    setup_django(database, settings="bench.bench_search_settings")


def generate(total: int, seed: int = 7) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from wagtail.models import Locale, Page

    from bench.bench_search_corpus import encode, progress
    from core.models import User
    from knowledge.models import KnowledgePage, SpacePage, Verification

    rng = random.Random(seed)
    locale = Locale.objects.first()
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    owners = [
        User.objects.get_or_create(
            username=f"owner{n:03d}", defaults={"first_name": "Owner", "last_name": f"{n:03d}"}
        )[0]
        for n in range(OWNERS)
    ]
    index = site.knowledge_index()
    spaces = [
        index.add_child(
            instance=SpacePage(
                title=f"Space {n}", slug=f"space-{n}", review_interval_days=rng.choice([90, 180])
            )
        )
        for n in range(SPACES)
    ]
    for space in spaces:
        space.owners.set(rng.sample(owners, 2))
        space.save()
    content_type = ContentType.objects.get_for_model(KnowledgePage)
    table = KnowledgePage._meta.db_table
    now = time.time()
    created, started = 0, time.perf_counter()
    while created < total:
        batch = min(BATCH, total - created)
        pages, extra, verifications = [], [], []
        for offset in range(batch):
            number = created + offset
            space = spaces[number % SPACES]
            published = datetime.datetime.fromtimestamp(
                now - rng.randint(0, 86400 * 730), tz=datetime.UTC
            )
            title = f"Page {number}"
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=f"p{number}",
                    path=space.path + encode(number // SPACES + 1),
                    depth=space.depth + 1,
                    numchild=0,
                    url_path=f"{space.url_path}p{number}/",
                    content_type=content_type,
                    live=True,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    first_published_at=published,
                    last_published_at=published,
                )
            )
            hidden = published if rng.random() < 0.005 else None
            interval = rng.choice([None, None, None, 30, 365])
            extra.append((rng.choice(owners).pk, interval, hidden))
        with transaction.atomic():
            Page.objects.bulk_create(pages)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} (page_ptr_id, content_owner_id, listing_summary, kind, "  # noqa: S608
                    "body, review_interval_days, hidden_as_stale_at, change_note, "
                    "material_change) VALUES (%s, %s, '', 'howto', '[]', %s, %s, '', %s)",
                    [
                        (page.pk, owner, interval, hidden, False)
                        for page, (owner, interval, hidden) in zip(pages, extra, strict=True)
                    ],
                )
            for page in pages:
                if rng.random() < 0.33:
                    verifications.append(
                        Verification(
                            page_id=page.pk,
                            verified_by_id=rng.choice(owners).pk,
                            verified_at=datetime.datetime.fromtimestamp(
                                now - rng.randint(0, 86400 * 365), tz=datetime.UTC
                            ),
                        )
                    )
            Verification.objects.bulk_create(verifications)
        created += batch
        progress("pages", created, total, started)
    for space in spaces:
        Page.objects.filter(pk=space.pk).update(numchild=-(-total // SPACES))
    # The pages were written around the signals: store their review dates the way the
    # nightly job does (timed: it is that job's first step).
    from governance.review import services as review

    began = time.perf_counter()
    written = review.refresh_due_dates()
    print(
        f"refresh_due_dates: {written:,} pages in {time.perf_counter() - began:.1f}s",
        file=sys.stderr,
    )
    # A few archived pages, the way the archive policy does it.

    for page in KnowledgePage.objects.filter(numchild=0).order_by("pk")[:5]:
        review.archive(page, user=admin, reason="bench")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DEFAULT_SQLITE, help="SQLite path or postgres URL")
    parser.add_argument("--pages", type=int, default=PAGES)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measurement")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the pages")
    args = parser.parse_args()
    if args.database.startswith("postgres"):
        ensure_postgres_database(args.database)
    elif Path(args.database).resolve() == (REPO_ROOT / "db.sqlite3").resolve():
        raise SystemExit("bench: refusing to use the developer's db.sqlite3")
    setup(args.database)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.models import User
    from knowledge.models import KnowledgePage, SpacePage

    have = KnowledgePage.objects.count()
    if args.rebuild or have < args.pages:
        print(f"generating {args.pages} pages (found {have})...", file=sys.stderr)
        began = time.perf_counter()
        generate(args.pages)
        print(f"built in {time.perf_counter() - began:.0f}s", file=sys.stderr)
    admin = User.objects.get(username="bench-admin")
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    space = SpacePage.objects.order_by("pk").first()
    report = "/admin/reports/stale-content/"
    urls = {
        "report, first page": report,
        "report, status=stale": f"{report}?status=stale",
        f"report, space={space.title}": f"{report}?space={space.pk}",
    }

    def get(url: str):
        def request() -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"bench: {url} answered {response.status_code}")

        return request

    queries = {}
    for name, url in urls.items():
        get(url)()
        with CaptureQueriesContext(connection) as captured:
            get(url)()
        queries[name] = len(captured)
    targets = {"baseline: bare view": get("/bench/bare/")}
    targets.update({name: get(url) for name, url in urls.items()})
    results = time_interleaved(targets, args.runs)

    print(f"{connection.vendor}: {KnowledgePage.objects.count():,} knowledge pages")
    baseline = results["baseline: bare view"][0]
    width = 34
    print(f"{'':<{width}} {'best ms':>8} {'median':>8} {'x bare':>8} {'queries':>8}")
    for name, (best, median) in results.items():
        ratio = best / baseline if baseline else float("inf")
        print(
            f"{name:<{width}} {best:>8.1f} {median:>8.1f} {ratio:>8.0f} {queries.get(name, ''):>8}"
        )
    median = results["report, first page"][1]
    met = median < TARGET_MS
    print(
        f"\nreport first page: median {median:.0f} ms "
        f"(target < {TARGET_MS:.0f} ms: {'met' if met else 'MISSED'})"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
