"""Time a statement's feedback results for 10,000 answers, in-process.

Run from the repository root: `.venv/bin/python bench/bench_vision.py`. By default it
migrates a throwaway SQLite database in a temporary directory (settings `bench.settings`);
with DATABASE_URL set (PostgreSQL) it creates and afterwards drops a test database next
to that one (`test_<name>`, as the test runner does). It builds one statement with 10,000
feedback answers: 8,000 people's latest answers plus 2,000 earlier answers they changed,
spread over 8 departments (one kept under the suppression threshold), 4 levels,
3 locations and 12 months, a quarter of them with a comment. It measures, side by side and
interleaved (best of several runs: noise only slows a run):

(a) the results page (GET /brand/statements/<id>/results/, as communications),
(b) the same page filtered by department and level (checks against both parents),
(c) the JSON API (results.json),
(d) the service alone (`statement_results`: every aggregate, no template),

against (e) a baseline: a bare `COUNT(*)` of the statement's latest answers. Target: the
page renders in under 500 ms. It also prints the page's query count.
"""

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench import site  # noqa: E402
from bench.inprocess import bench_parser, run_on_throwaway_db, time_interleaved  # noqa: E402

PEOPLE = 8_000
CHANGED = 2_000
DEPARTMENTS = [f"Department {letter}" for letter in "ABCDEFG"]
SMALL_DEPARTMENT = "Department H (small)"
LOCATIONS = ["Berlin", "London", "Remote"]
TARGET_MS = 500


def build(seed: int):
    from django.utils import timezone

    from brand.models import FeedbackAnswer, StatementPage, VisionHubPage
    from home.models import HomePage
    from people.models import Department, Level, Location

    rng = random.Random(seed)
    now = timezone.now()
    departments = [Department.objects.create(name=name) for name in DEPARTMENTS]
    small = Department.objects.create(name=SMALL_DEPARTMENT)
    locations = [Location.objects.create(name=name) for name in LOCATIONS]
    comms = site.comms()

    home = HomePage.objects.get()
    hub = home.add_child(instance=VisionHubPage(title="Vision", slug="vision"))
    hub.save_revision().publish(skip_permission_checks=True)
    statement = hub.add_child(
        instance=StatementPage(
            title="Customers first", slug="customers-first", statement="Customers first."
        )
    )
    statement.save_revision().publish(skip_permission_checks=True)

    users = site.numbered_users(PEOPLE)
    levels = Level.values
    comments = ["Clear to me.", "How does this fit the roadmap?", "Agree, with doubts.", ""]

    def answer(user, index: int, when, latest: bool):
        department = small if index < 3 else departments[index % len(departments)]
        base = 3.2 + (index % len(departments)) * 0.15
        return FeedbackAnswer(
            statement=statement,
            user=user,
            understand=max(1, min(5, round(rng.gauss(base + 0.6, 0.9)))),
            agree=max(1, min(5, round(rng.gauss(base, 1.0)))),
            contribute=max(1, min(5, round(rng.gauss(base - 0.4, 1.0)))),
            comment=rng.choice(comments) if latest and rng.random() < 0.25 else "",
            department=department,
            level=levels[index % len(levels)],
            location=locations[index % len(locations)],
            answered_at=when,
            is_latest=latest,
        )

    rows = []
    for index, user in enumerate(users):
        when = now - timedelta(days=rng.uniform(0, 365))
        if index < CHANGED + 3 and index >= 3:
            rows.append(answer(user, index, when - timedelta(days=rng.uniform(5, 60)), False))
        rows.append(answer(user, index, when, True))
    FeedbackAnswer.objects.bulk_create(rows, batch_size=2000)
    return comms, StatementPage.objects.get(pk=statement.pk), departments


def main() -> int:
    args = bench_parser(__doc__, runs=15, seed=2024).parse_args()
    if os.environ.get("DATABASE_URL"):
        return _on_database_url(args)
    return run_on_throwaway_db("vision", "migrating a throwaway SQLite database...", run, args)


def _on_database_url(args: argparse.Namespace) -> int:
    """PostgreSQL (or any DATABASE_URL): a test database created and dropped around the run."""
    import warnings

    os.environ["DJANGO_SETTINGS_MODULE"] = "hearth.settings.test"
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.db import connection

    print(f"creating a test database on {connection.vendor}...", file=sys.stderr)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args: argparse.Namespace) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from brand.models import FeedbackAnswer
    from brand.vision.services import ResultFilters, statement_results

    began = time.perf_counter()
    comms, statement, departments = build(args.seed)
    print(f"built in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    total = FeedbackAnswer.objects.filter(statement=statement).count()
    latest = FeedbackAnswer.objects.filter(statement=statement, is_latest=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(comms)
    url = reverse("brand:statement_results", args=[statement.pk])
    filtered = f"{url}?department={departments[1].pk}&level=manager"
    api = reverse("brand:statement_results_json", args=[statement.pk])

    def get(target: str, marker: str = "") -> Callable[[], None]:
        def request() -> None:
            response = client.get(target)
            if response.status_code != 200 or marker.encode() not in response.content:
                raise SystemExit(f"bench: error: {target} answered {response.status_code}")

        return request

    def service() -> None:
        results = statement_results(comms, statement, ResultFilters())
        results.chart  # noqa: B018 - the chart geometry is part of the work

    def baseline() -> None:
        latest.count()

    with CaptureQueriesContext(connection) as captured:
        get(url, 'data-testid="trend-chart"')()
    queries = len(captured.captured_queries)

    timings = time_interleaved(
        {
            "results page": get(url, 'data-testid="trend-chart"'),
            "filtered page": get(filtered, 'data-testid="results-overall"'),
            "results.json": get(api),
            "service": service,
            "COUNT(*)": baseline,
        },
        args.runs,
    )
    base = timings["COUNT(*)"][0]
    print(
        f"statement results, {total:,} answers ({latest.count():,} latest), "
        f"{connection.vendor}, best of {args.runs}"
    )
    print(f"{'target':<15} {'best ms':>9} {'median ms':>10} {'best / COUNT(*)':>16}")
    for name, (best, median) in timings.items():
        print(f"{name:<15} {best:>9.1f} {median:>10.1f} {best / base:>16.1f}")
    print(f"results page: {queries} SQL queries")
    page_ms = timings["results page"][0]
    verdict = "OK" if page_ms < TARGET_MS else "TOO SLOW"
    print(f"target: results page < {TARGET_MS} ms: {page_ms:.0f} ms {verdict}")
    return 0 if page_ms < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
