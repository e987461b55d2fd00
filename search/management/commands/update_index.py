"""`manage.py update_index`: Wagtail's command, with a progress bar and, on PostgreSQL, the
bulk indexer of search/indexing.py (the same entries, ~5x faster: see that module).

This app comes before `wagtail.search` in INSTALLED_APPS, so this command is the one
`update_index` runs. Other backends (SQLite FTS5, Elasticsearch) keep Wagtail's own
indexing, with the progress bar.
"""

import time

from django.db import transaction
from modelsearch.backends import get_search_backend
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import (
    Command as WagtailUpdateIndex,
)
from modelsearch.management.commands.rebuild_modelsearch_index import (
    group_models_by_index,
)

from search import indexing


def _is_postgres(backend) -> bool:
    return isinstance(backend, PostgresSearchBackend)


class Command(WagtailUpdateIndex):
    help = "Rebuild the search index (with progress; bulk writes on PostgreSQL)."

    def update_backend(self, backend_name, schema_only=False, chunk_size=1000):
        backend = get_search_backend(backend_name)
        if schema_only or not _is_postgres(backend):
            return super().update_backend(backend_name, schema_only, chunk_size)
        self.write(f"Updating backend: {backend_name} (bulk PostgreSQL indexing)")
        total = 0
        started = time.perf_counter()
        for index, models in group_models_by_index(backend, get_indexed_models()).items():
            rebuilder = backend.rebuilder_class(index)
            index = rebuilder.start()
            for model in models:
                index.add_model(model)
                queryset = model.get_indexed_objects()
                count = queryset.count()
                label = f"{model._meta.app_label}.{model.__name__}"
                done, model_started = 0, time.perf_counter()
                with transaction.atomic(using=index.write_connection.alias):
                    for chunk in indexing.chunks(queryset, chunk_size):
                        done += indexing.add_items(index, model, chunk)
                        self.progress(label, done, count, model_started)
                if count == 0:
                    self.progress(label, 0, 0, model_started)
                total += done
            rebuilder.finish()  # refreshes every title norm once
        self.write(
            f"{backend_name}: indexed {total} objects in {time.perf_counter() - started:.1f} s"
        )

    def progress(self, label: str, done: int, total: int, started: float) -> None:
        """A one-line progress bar (a new line per model, rewritten as chunks finish)."""
        if self.verbosity < 1:
            return
        width = 24
        filled = int(width * done / total) if total else width
        rate = done / max(time.perf_counter() - started, 1e-9)
        line = (
            f"\r{label:<34} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:,.0f}/s)"
        )
        self.stdout.write(line, ending="\n" if done >= total else "")
        self.stdout.flush()
