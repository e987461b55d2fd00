"""Ranking in one indexed query, on SQLite FTS5 and on PostgreSQL.

Wagtail's SQLite backend (modelsearch) filters the model's queryset with
`pk IN (FTS matches)` and then attaches each row's score with a correlated subquery that
runs the MATCH again for every matching row: quadratic in the number of matches (1.4 s for
a common prefix at 2,000 pages, minutes at 100,000). This asks FTS5 once for the best
`limit` matches, ordered by its own bm25 with column weights (title above body), and lets
the caller apply privacy to those ids. The MATCH text itself is built by modelsearch's own
query compiler from Wagtail's query objects, so it is exactly what the stock backend sends.

On PostgreSQL the stock backend filters on `(title || body) @@ query`: an expression no
index covers, so every search reads every index entry (EXPLAIN ANALYZE: a bitmap heap scan
removing all 10,023 rows by filter, 48 ms at 10,000 pages). Here the filter is
`title @@ query OR body @@ query`, which the two GIN indexes modelsearch creates answer
(a BitmapOr), and the rank is the stock one (ts_rank with the A-D weights, title_norm).

On any other backend `ranked_ids` returns None and callers use Wagtail's search API.
"""

from django.db import connection
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Not

# bm25 weights for the FTS5 columns (autocomplete, body, title).
SEARCH_WEIGHTS = (0.0, 1.0, 4.0)
AUTOCOMPLETE_WEIGHTS = (1.0, 0.0, 0.0)


def ranked_ids(model, query, limit: int, *, autocomplete: bool = False) -> list[str] | None:
    """Object ids of `model` (and its subclasses) best matching `query`, best first."""
    if connection.vendor == "postgresql":
        return _ranked_ids_postgres(model, query, limit, autocomplete=autocomplete)
    if connection.vendor != "sqlite":
        return None
    # Imported here: these modules load SQLite-only models, absent on PostgreSQL.
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    backend = get_search_backend()
    if not isinstance(backend, SQLiteSearchBackend):
        return None
    normalized = normalize(query)
    if isinstance(normalized, Not):
        return None
    compiler_class = (
        backend.autocomplete_query_compiler_class if autocomplete else backend.query_compiler_class
    )
    compiler = compiler_class(model._default_manager.none(), query)
    match = MatchExpression(compiler.FTS_TABLE_FIELDS, compiler.build_search_query(normalized))
    sql_compiler = model._default_manager.none().query.get_compiler(connection=connection)
    match_sql, match_params = match.as_sql(sql_compiler, connection)

    app_config = get_app_config()
    fts = app_config.get_model("SQLiteFTSIndexEntry")._meta.db_table
    entries = app_config.get_model("IndexEntry")._meta.db_table
    content_types = list(get_descendants_content_types_pks(model))
    weights = ", ".join(str(w) for w in (AUTOCOMPLETE_WEIGHTS if autocomplete else SEARCH_WEIGHTS))
    placeholders = ", ".join(["%s"] * len(content_types))
    sql = (
        f"SELECT e.object_id FROM {fts} JOIN {entries} e ON e.id = {fts}.rowid "  # noqa: S608
        f"WHERE {match_sql} AND e.content_type_id IN ({placeholders}) "
        f"ORDER BY bm25({fts}, {weights}) LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*match_params, *content_types, limit])
        return [row[0] for row in cursor.fetchall()]


def _ranked_ids_postgres(model, query, limit: int, *, autocomplete: bool) -> list[str] | None:
    from django.contrib.postgres.search import SearchRank
    from django.db.models import F, Q
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    backend = get_search_backend()
    if not isinstance(backend, PostgresSearchBackend) or isinstance(query, Not):
        return None
    compiler_class = (
        backend.autocomplete_query_compiler_class if autocomplete else backend.query_compiler_class
    )
    compiler = compiler_class(model._default_manager.none(), query)
    tsquery = compiler.build_tsquery(query, config=compiler.get_config(backend))
    entries = (
        get_app_config()
        .get_model("IndexEntry")
        .objects.filter(content_type_id__in=list(get_descendants_content_types_pks(model)))
    )
    if autocomplete:
        entries = entries.filter(autocomplete=tsquery).annotate(
            rank=SearchRank(F("autocomplete"), tsquery)
        )
    else:
        weights = compiler.sql_weights
        entries = entries.filter(Q(title=tsquery) | Q(body=tsquery)).annotate(
            rank=SearchRank(F("title"), tsquery, weights=weights) * F("title_norm")
            + SearchRank(F("body"), tsquery, weights=weights)
        )
    return list(entries.order_by("-rank", "id").values_list("object_id", flat=True)[:limit])
