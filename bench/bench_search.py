"""Search latency on the generated corpus, SQLite and PostgreSQL side by side
(`make bench-search`; generate the corpus first with `make bench-corpus`).

For each database it starts a worker process (Django is configured once per process),
signs in a reader through the test client, and times, in rounds that interleave them:

- `bare`: a bare Django view behind the same middleware (the baseline of the run);
- `backend 1w/2w/3w`: the backend's ranked search alone (the ten best page ids the reader
  may see) for 1-, 2- and 3-word queries taken from real page titles;
- `page 1w/2w/3w`: the whole search page (`/search/?q=`): ranking, facets, snippets,
  people, discussions, template;
- `autocomplete`: `/search/autocomplete/?q=` for 3- to 5-letter prefixes.

It prints p50 and p95 in milliseconds with each figure's ratio to `bare` measured in the
same process, and PostgreSQL's p95 over SQLite's. Absolute times move with the machine's
load; compare the ratios. EXPLAIN ANALYZE of the slowest PostgreSQL query shape is
printed with --explain.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

DEFAULT_PG = "postgres://postgres@127.0.0.1:55432/hearth_bench_search"
DEFAULT_SQLITE = str(Path(tempfile.gettempdir()) / "hearth-bench-search.sqlite3")
SKIP = {"that", "as", "was", "this", "have", "but", "they", "has", "all", "will", "more"}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def worker(
    database: str, queries_per_kind: int, rounds: int, explain: bool, stock_too: bool
) -> dict:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bench_search_settings"
    os.environ["HEARTH_BENCH_DB"] = database
    import warnings

    warnings.filterwarnings("ignore")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from core.models import User
    from core.permissions import viewable_pages
    from knowledge.models import KnowledgePage
    from search.engine import match_pages
    from search.query import STOPWORDS, parse, to_search_query

    rng = random.Random(4)
    reader = User.objects.get(username="bench-reader")
    client = Client(SERVER_NAME="localhost")
    client.force_login(reader)
    total = KnowledgePage.objects.count()
    # The same sample every run (seeded), so that runs compare.
    sample = rng.sample(
        list(KnowledgePage.objects.values_list("pk", flat=True)), queries_per_kind * 3
    )
    titles = list(
        KnowledgePage.objects.filter(pk__in=sample).order_by("pk").values_list("title", flat=True)
    )
    skip = SKIP | STOPWORDS
    words_of = [[w.lower() for w in title.split() if w.lower() not in skip] for title in titles]
    queries = {n: [] for n in (1, 2, 3)}
    for words in words_of:
        for n in (1, 2, 3):
            if len(words) >= n and len(queries[n]) < queries_per_kind:
                start = rng.randint(0, len(words) - n)
                queries[n].append(" ".join(words[start : start + n]))
                break
    prefixes = [w[: rng.randint(3, 5)] for words in words_of for w in words[:1] if len(w) >= 3]
    prefixes = prefixes[:queries_per_kind]

    def ranked(query: str):
        return match_pages(reader, parse(query))

    def stock(query: str):
        pages = viewable_pages(reader).exclude(depth=1)
        return list(pages.search(to_search_query(parse(query)))[:10])

    def page(query: str):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, response.status_code
        return response

    def autocomplete(prefix: str):
        response = client.get("/search/autocomplete/", {"q": prefix})
        assert response.status_code == 200
        return response

    def bare(_):
        return client.get("/bench/bare/")

    targets = {"bare": (bare, [None] * queries_per_kind)}
    for n in (1, 2, 3):
        targets[f"ranked {n}w"] = (ranked, queries[n])
        if stock_too:
            targets[f"stock {n}w"] = (stock, queries[n])
        targets[f"page {n}w"] = (page, queries[n])
    targets["autocomplete"] = (autocomplete, prefixes)

    for function, inputs in targets.values():  # warm caches and connections
        for value in inputs[:3]:
            function(value)
    timings: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(rounds):
        for name, (function, inputs) in targets.items():
            for value in inputs:
                started = time.perf_counter()
                function(value)
                timings[name].append((time.perf_counter() - started) * 1000)
    result = {
        "vendor": connection.vendor,
        "pages": total,
        "figures": {
            name: {"p50": statistics.median(values), "p95": percentile(values, 0.95)}
            for name, values in timings.items()
        },
        "examples": {n: queries[n][:3] for n in queries},
    }
    if explain and connection.vendor == "postgresql":
        from django.test.utils import CaptureQueriesContext

        from search.engine import autocomplete as suggest

        shapes = {
            f"Wagtail's stock query, {queries[1][0]!r}": lambda: stock(queries[1][0]),
            f"Hearth's ranked query, {queries[1][0]!r}": lambda: ranked(queries[1][0]),
            f"Hearth's autocomplete, {prefixes[0]!r}": lambda: suggest(reader, prefixes[0]),
        }
        result["explain"] = {}
        for label, run in shapes.items():
            with CaptureQueriesContext(connection) as captured:
                run()
            sql = max(captured.captured_queries, key=lambda q: float(q["time"]))["sql"]
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                result["explain"][label] = "\n".join(row[0] for row in cursor.fetchall())
    return result


def run_worker(database: str, args) -> dict:
    command = [
        sys.executable,
        __file__,
        "--worker",
        database,
        "--queries",
        str(args.queries),
        "--rounds",
        str(args.rounds),
    ]
    if args.explain:
        command.append("--explain")
    if args.stock:
        command.append("--stock")
    sys.stderr.write(f"timing {database} …\n")
    output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT)
    return json.loads(output.stdout.strip().splitlines()[-1])


def report(results: list[dict]) -> None:
    names = list(results[0]["figures"])
    header = f"{'target':<14}" + "".join(
        f"{r['vendor'] + ' p50':>16}{'p95':>9}{'p95/bare':>10}" for r in results
    )
    if len(results) == 2:
        header += f"{'p95 pg/sqlite':>15}"
    print("corpus: " + ", ".join(f"{r['vendor']} {r['pages']:,} pages" for r in results))
    print(header)
    for name in names:
        line = f"{name:<14}"
        for r in results:
            figure = r["figures"][name]
            bare = r["figures"]["bare"]["p95"]
            line += f"{figure['p50']:>14.1f}ms{figure['p95']:>7.1f}ms{figure['p95'] / bare:>9.1f}x"
        if len(results) == 2:
            by_vendor = {r["vendor"]: r["figures"][name]["p95"] for r in results}
            if "postgresql" in by_vendor and "sqlite" in by_vendor:
                line += f"{by_vendor['postgresql'] / by_vendor['sqlite']:>14.2f}x"
        print(line)
    for r in results:
        print(f"{r['vendor']} example queries: {r['examples']}")
        for label, plan in r.get("explain", {}).items():
            print(f"EXPLAIN ANALYZE ({r['vendor']}, {label}):\n{plan}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("HEARTH_BENCH_SEARCH_DB", DEFAULT_PG))
    parser.add_argument(
        "--sqlite", default=os.environ.get("HEARTH_BENCH_SEARCH_SQLITE", DEFAULT_SQLITE)
    )
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--queries", type=int, default=20, help="queries per kind")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--stock",
        action="store_true",
        help="also time Wagtail's stock search call (slow on SQLite: minutes at 100,000)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.queries, args.rounds, args.explain, args.stock)))
        return
    databases = []
    if args.only != "postgres":
        databases.append(args.sqlite)
    if args.only != "sqlite":
        databases.append(args.postgres)
    report([run_worker(database, args) for database in databases])


if __name__ == "__main__":
    main()
