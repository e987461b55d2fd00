"""Time what every site page asks of the page tree, at 100,000 pages, with and without the
two indexes of core/migrations/0009_page_tree_indexes.py, side by side in one run.

    nice .venv/bin/python bench/bench_page_tree.py                 # SQLite, kept in /tmp
    nice .venv/bin/python bench/bench_page_tree.py \\
        --database postgres://postgres@127.0.0.1:55432/hearth_bench_stale

It reuses bench/bench_stale_report.py's database (100,000 knowledge pages in 20 spaces;
built on first use). Each round requests, as an employee: the home page (navigation,
sections, latest updates), a space page and a knowledge page, and a bare view as the
baseline; once as the schema is, and once inside a transaction that drops the two
indexes and is rolled back afterwards (both databases drop an index transactionally), so
"without" and "with" share the machine's every noisy moment.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.bench_stale_report import (  # noqa: E402
    DEFAULT_SQLITE,
    PAGES,
    generate,
    setup,
)
from bench.inprocess import ensure_postgres_database  # noqa: E402

MIGRATION = "core.migrations.0009_page_tree_indexes"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DEFAULT_SQLITE, help="SQLite path or postgres URL")
    parser.add_argument("--runs", type=int, default=9, help="timed rounds")
    args = parser.parse_args()
    if args.database.startswith("postgres"):
        ensure_postgres_database(args.database)
    setup(args.database)

    from importlib import import_module

    from django.db import connection, transaction
    from django.test import Client

    from core.models import User
    from knowledge.models import KnowledgePage, SpacePage

    if KnowledgePage.objects.count() < PAGES:
        generate(PAGES)
    indexes = list(import_module(MIGRATION).INDEXES)
    reader, _ = User.objects.get_or_create(username="bench-reader")
    client = Client(HTTP_HOST="localhost")
    client.force_login(reader)
    space = SpacePage.objects.order_by("pk").first()
    page = KnowledgePage.objects.live().order_by("-pk").first()
    urls = {"home page": "/", "space page": space.url, "knowledge page": page.url}
    urls["baseline: bare view"] = "/bench/bare/"

    def request(url: str) -> float:
        began = time.perf_counter()
        response = client.get(url)
        spent = (time.perf_counter() - began) * 1000
        if response.status_code != 200:
            raise SystemExit(f"bench: {url} answered {response.status_code}")
        return spent

    times: dict[tuple[str, str], list[float]] = {}
    for round_number in range(args.runs + 1):  # round 0 warms up
        for variant in ("with", "without") if round_number % 2 else ("without", "with"):
            with transaction.atomic():
                if variant == "without":
                    with connection.cursor() as cursor:
                        for name in indexes:
                            cursor.execute(f"DROP INDEX {name}")
                for name, url in urls.items():
                    spent = request(url)
                    if round_number:
                        times.setdefault((name, variant), []).append(spent)
                transaction.set_rollback(True)

    print(f"{connection.vendor}: {KnowledgePage.objects.count():,} knowledge pages")
    print(f"{'':<22} {'without ms':>11} {'with ms':>9} {'ratio':>7}   (medians)")
    for name in urls:
        without = statistics.median(times[(name, "without")])
        with_ = statistics.median(times[(name, "with")])
        print(f"{name:<22} {without:>11.1f} {with_:>9.1f} {without / with_:>6.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
