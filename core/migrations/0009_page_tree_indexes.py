"""Two indexes on Wagtail's page table for the queries every site page makes, which
otherwise scan every page once a company has tens of thousands of them:

- `(depth, path)`: a page's children (`depth = n AND path LIKE 'parent%'`), as the header
  navigation and the home page's sections ask for on every request. A sequential scan of
  100,000 pages (27 ms on PostgreSQL) becomes an index range over the few pages at that
  depth.
- `(last_published_at)`: the home page's latest updates (`ORDER BY last_published_at DESC
  LIMIT 8`), a 70 to 100 ms sort of every live page, becomes a backward index walk.

Wagtail does not declare them, so they are created here with plain SQL (both databases
accept it) and dropped on the way back. Figures: bench/bench_page_tree.py.
"""

from django.db import migrations

INDEXES = {
    "hearth_page_depth_path": "(depth, path)",
    "hearth_page_last_published": "(last_published_at)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_default_workflows"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON wagtailcore_page {columns}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
            elidable=False,
        )
        for name, columns in INDEXES.items()
    ]
