"""An index on Wagtail's page table for routing (`core.models.PrivacyAwarePage.route`):
the pages on a URL's path are found by `url_path IN (…)` in one query, and Wagtail
declares no index on `url_path`. Without one the database read every page below the
site's root (`depth > 2 AND path LIKE '…%'`): on SQLite, 0.9 to 1.1 s a request at
100,000 pages for every knowledge, space and vision page; with it, one index lookup per
level. Figures: bench/bench_corpus_pages.py (bench/README.md).

Plain SQL, as in 0009 (both databases accept it), dropped on the way back.
"""

from django.db import migrations

INDEXES = {"hearth_page_url_path": "(url_path)"}


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_cache_versions"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON wagtailcore_page {columns}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
            elidable=False,
        )
        for name, columns in INDEXES.items()
    ]
