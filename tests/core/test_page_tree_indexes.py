"""core/migrations/0009 indexes Wagtail's page table for the tree queries every site page
makes (children at a depth, latest published); bench/bench_page_tree.py has the figures."""

from importlib import import_module

import pytest
from django.db import connection
from wagtail.models import Page

INDEXES = import_module("core.migrations.0009_page_tree_indexes").INDEXES


def test_the_page_table_carries_the_tree_indexes(db):
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Page._meta.db_table)
    assert found["hearth_page_depth_path"]["columns"] == ["depth", "path"]
    assert found["hearth_page_last_published"]["columns"] == ["last_published_at"]
    assert set(INDEXES) <= set(found)


def test_the_children_query_can_use_the_depth_index(db):
    """SQLite chooses the index for a page's children (the navigation's query).
    PostgreSQL's planner chooses by the table's statistics, which a test database of a
    few pages does not have; at 100,000 pages EXPLAIN ANALYZE shows it using the index
    (bench/README.md)."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans by table statistics: see bench/bench_page_tree.py")
    root = Page.get_first_root_node()  # it has children (a leaf's children are .none())
    children = root.get_children().filter(show_in_menus=True).order_by("path")
    sql, params = children.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "hearth_page_depth_path" in plan
