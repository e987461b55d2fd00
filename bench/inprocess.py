"""Django in the benchmark's own process, on a throwaway SQLite database."""

import os
import warnings
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
