"""Django in the benchmark's own process, on a throwaway SQLite database, and the one way
the in-process benchmarks time what they compare (side by side, in one run), plus the
command-line set-up they share."""

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path


def bench_parser(
    doc: str, runs: int, seed: int | None = None, generated: str = "data"
) -> argparse.ArgumentParser:
    """The parser every benchmark starts from: its docstring's first paragraph, `--runs` and,
    given a default, `--seed` (for the generated `generated`)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=runs, help="timed runs per measurement")
    if seed is not None:
        help_text = f"seed for the generated {generated}"
        parser.add_argument("--seed", type=int, default=seed, help=help_text)
    return parser


def run_on_throwaway_db(
    name: str, message: str, run: Callable[[argparse.Namespace], int], args: argparse.Namespace
) -> int:
    """`run(args)` on a freshly migrated SQLite database in a temporary directory, after
    telling stderr `message`."""
    with tempfile.TemporaryDirectory(prefix=f"hearth-bench-{name}-") as tmp:
        print(message, file=sys.stderr)
        setup_django(Path(tmp) / "bench.sqlite3")
        return run(args)


def ensure_postgres_database(url: str) -> None:
    """Create the database a postgres:// URL names, if the server lacks it."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not found:
            connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(db_path: Path | str, settings: str = "bench.settings") -> None:
    """Configure `settings` on `db_path` (a SQLite file, or for `bench.bench_search_settings`
    also a postgres URL) and migrate it."""
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    os.environ["HEARTH_BENCH_DB"] = str(db_path)
    import django
    from django.core.management import call_command

    # WhiteNoise warns that static files were never collected; the benchmarks serve none.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def time_interleaved(
    targets: dict[str, Callable[[], object]], runs: int
) -> dict[str, tuple[float, float]]:
    """Best and median ms per target; every round runs each target once, order alternating,
    so a noisy moment on the machine falls on every target alike."""
    for func in targets.values():
        func()  # warm-up: imports, template loading, per-process caches
    times: dict[str, list[float]] = {name: [] for name in targets}
    names = list(targets)
    for round_number in range(runs):
        for name in names if round_number % 2 == 0 else reversed(names):
            began = time.perf_counter()
            targets[name]()
            times[name].append((time.perf_counter() - began) * 1000)
    return {name: (min(t), statistics.median(t)) for name, t in times.items()}
