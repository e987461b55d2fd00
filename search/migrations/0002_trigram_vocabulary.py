"""pg_trgm for "Did you mean" on PostgreSQL: the extension and a trigram index on the
vocabulary. Nothing to do on SQLite (difflib does the work there)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_searchterm_term_trgm "
    "ON search_searchterm USING gin (term gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS search_searchterm_term_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
