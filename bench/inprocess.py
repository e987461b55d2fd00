"""Django in the benchmark's own process, on a throwaway SQLite database, and the one way
the in-process benchmarks time what they compare (side by side, in one run)."""

import os
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path


def setup_django(db_path: Path) -> None:
    """Configure `bench.settings` on `db_path` and migrate it (a fresh file each run)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
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
