"""SQLite's query plans, for tests that pin a query to an index rather than a scan of a
table whose size is the site's (EXPLAIN QUERY PLAN; PostgreSQL's planner differs)."""

import re

from django.db import connection

PAGE_TABLE = "wagtailcore_page"


def plan(sql: str) -> list[str]:
    """The steps of SQLite's plan for `sql`."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return [row[-1] for row in cursor.fetchall()]


def page_table_scans(sql: str) -> list[str]:
    """The steps of SQLite's plan for `sql` that read Wagtail's page table end to end."""
    names = {PAGE_TABLE, *re.findall(rf'"{PAGE_TABLE}" (\w+)', sql)}
    steps = plan(sql)
    return [step for step in steps if re.match(r"SCAN (\w+)", step) and step.split()[1] in names]
