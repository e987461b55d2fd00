"""Ranking in one indexed query, on SQLite FTS5 and on PostgreSQL.

Wagtail's SQLite backend (modelsearch) filters the model's queryset with
`pk IN (FTS matches)` and then attaches each row's score with a correlated subquery that
runs the MATCH again for every matching row: quadratic in the number of matches (1.4 s for
a common prefix at 2,000 pages, minutes at 100,000). This asks FTS5 once for the best
`limit` matches, ordered by its own bm25 with column weights (title above body), and lets
the caller apply privacy to those ids. The MATCH text itself is built by modelsearch's own
query compiler from Wagtail's query objects, so it is exactly what the stock backend sends.
Even so, ranking every match grows with the site: `password` matches a fifth of a
100,000-page corpus, and sorting those 20,000 bm25 scores took 280 ms. So SQLite ranks in
the same two tiers as PostgreSQL below (title matches first, then the rest only if they
are too few), each tier among its newest candidates, in one statement.

On PostgreSQL the stock backend filters on `(title || body) @@ query`: an expression no
index covers, so every search reads every index entry (EXPLAIN ANALYZE: a bitmap heap scan
removing all 10,023 rows by filter, 48 ms at 10,000 pages). Here the filter is
`title @@ query OR body @@ query`, which the two GIN indexes modelsearch creates answer
(a BitmapOr), and the rank is the stock one (ts_rank with the A-D weights, title_norm).

On PostgreSQL, pages are ranked by `ranked_pages`, which joins the index to the reader's
readable pages (the `viewable_pages` queryset itself, so privacy is decided in the same
SQL and never by shipping a thousand ids back) and ranks in tiers, so that a common word
does not rank every page that mentions it (at 100,000 pages, EXPLAIN ANALYZE showed the
single ranked query reading and ranking every match: 3,056 body vectors, 80 ms):

1. title matches, ranked as Wagtail ranks them (title rank x title norm + body rank),
   among at most TITLE_CANDIDATES readable title matches;
2. only if those are fewer than wanted: pages that mention the words in their summary,
   body or tags, ranked the same way among at most BODY_CANDIDATES readable matches.

Below those caps (any wiki of a few thousand pages) the order is exactly Wagtail's rank
with title matches first; above them, a tier is ranked among the first candidates the
index yields.

On OpenSearch and Elasticsearch, `ranked_ids` asks the engine for the best ids of the
model (Wagtail's query compiler builds the query, so it is what the stock backend sends;
only `pk` comes back, never the documents) and callers apply privacy to those ids in SQL,
as on SQLite: the engine holds no permission data, so a private page is dropped by the
same `viewable_pages` queryset whatever the engine found, and never reaches a count.
When the engine cannot answer, `ranked_ids` raises `search.outage.SearchUnavailable`
(logged once there) and the views answer 503 with a message.

On any other backend `ranked_ids` and `ranked_pages` return None and callers use
Wagtail's search API.
"""

from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F, Q
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Not

from search.outage import engine_call

# bm25 weights for the FTS5 columns (autocomplete, body, title).
SEARCH_WEIGHTS = (0.0, 1.0, 4.0)
AUTOCOMPLETE_WEIGHTS = (1.0, 0.0, 0.0)


def ranked_ids(model, query, limit: int, *, autocomplete: bool = False) -> list[str] | None:
    """Object ids of `model` (and its subclasses) best matching `query`, best first."""
    backend = get_search_backend()
    if isinstance(backend, ElasticsearchBaseSearchBackend):
        return _ranked_ids_engine(backend, model, query, limit, autocomplete=autocomplete)
    if connection.vendor == "postgresql":
        return _ranked_ids_postgres(model, query, limit, autocomplete=autocomplete)
    if connection.vendor != "sqlite":
        return None
    # Imported here: these modules load SQLite-only models, absent on PostgreSQL.
    from modelsearch.backends.database.sqlite.query import (  # noqa: PLC0415 - SQLite-only models
        MatchExpression,
        normalize,
    )
    from modelsearch.backends.database.sqlite.sqlite import (  # noqa: PLC0415 - SQLite-only models
        SQLiteSearchBackend,
    )

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
    sql_compiler = model._default_manager.none().query.get_compiler(connection=connection)
    search_query = compiler.build_search_query(normalized)

    def match(columns: list[str]) -> str:
        """The MATCH text (the clause's one parameter) over `columns`."""
        _sql, (text,) = MatchExpression(columns, search_query).as_sql(sql_compiler, connection)
        return text

    app_config = get_app_config()
    fts = app_config.get_model("SQLiteFTSIndexEntry")._meta.db_table
    entries = app_config.get_model("IndexEntry")._meta.db_table
    content_types = list(get_descendants_content_types_pks(model))
    weights = ", ".join(str(w) for w in (AUTOCOMPLETE_WEIGHTS if autocomplete else SEARCH_WEIGHTS))

    placeholders = ", ".join(["%s"] * len(content_types))
    if issubclass(model, Page):
        # Pages are most of the index: walk the word's matches, newest first.
        source, newest = f"{fts} JOIN {entries} e ON e.id = {fts}.rowid", f"{fts}.rowid"
    else:
        # Comments, annotations: a few entries among 100,000 pages' matches. Walk their
        # own entries (the content type's index) and look each up in FTS5 (CROSS JOIN
        # keeps that order): 2 ms instead of 140 ms for "password" at 100,000 pages.
        source, newest = f"{entries} e CROSS JOIN {fts} ON {fts}.rowid = e.id", "e.id"
    select = (
        f"SELECT e.object_id, bm25({fts}, {weights}) AS score FROM {source} "  # noqa: S608
        f"WHERE {fts} MATCH %s AND e.content_type_id IN ({placeholders})"
    )
    if autocomplete:
        sql = f"{select} ORDER BY score LIMIT %s"
        params = [match(compiler.FTS_TABLE_FIELDS), *content_types, limit]
    else:
        # Two tiers in one statement: the title matches, then (only if they are fewer
        # than `limit`: SQLite stops a UNION ALL at its LIMIT) the other matches (a word
        # in the body, or the words split over title and body). Each ranks by bm25 only
        # its newest candidates (FTS5 yields rowids in order and stops there), so a
        # common word costs the same at 1,000 pages as at 100,000.
        tier = f"SELECT object_id FROM ({select} ORDER BY {newest} DESC LIMIT %s) ORDER BY score"  # noqa: S608
        sql = (
            f"SELECT object_id FROM ({tier}) UNION ALL "  # noqa: S608
            f"SELECT object_id FROM ({tier}) LIMIT %s"
        )
        in_title, anywhere = match(["title"]), match(compiler.FTS_TABLE_FIELDS)
        params = [
            *(in_title, *content_types, TITLE_CANDIDATES),
            *(f"({anywhere}) NOT ({in_title})", *content_types, BODY_CANDIDATES),
            limit,
        ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _ranked_ids_engine(backend, model, query, limit: int, *, autocomplete: bool) -> list[str]:
    """The best `limit` ids from OpenSearch/Elasticsearch, by the engine's relevance."""
    compiler_class = (
        backend.autocomplete_query_compiler_class if autocomplete else backend.query_compiler_class
    )
    compiler = compiler_class(model._default_manager.all(), query)
    body = {"query": compiler.get_query()}
    params = {
        "index": backend.get_index_for_model(model).name,
        "_source": False,
        backend.results_class.fields_param_name: "pk",
        "size": limit,
    }
    # As Wagtail's own results do: Elasticsearch 8's client takes the body's keys as
    # arguments, the OpenSearch clients take `body`.
    with engine_call("autocomplete" if autocomplete else "search"):
        if backend.use_new_elasticsearch_api:
            response = backend.es.search(**body, **params)
        else:
            response = backend.es.search(body=body, **params)
    return [str(hit["fields"]["pk"][0]) for hit in response["hits"]["hits"]]


def _postgres_compiler(model, query, *, autocomplete: bool):
    """Wagtail's PostgreSQL query compiler for `query` and the tsquery it builds; None off
    that backend or for a purely negative query."""
    backend = get_search_backend()
    if not isinstance(backend, PostgresSearchBackend) or isinstance(query, Not):
        return None
    compiler_class = (
        backend.autocomplete_query_compiler_class if autocomplete else backend.query_compiler_class
    )
    compiler = compiler_class(model._default_manager.none(), query)
    return compiler, compiler.build_tsquery(query, config=compiler.get_config(backend))


def _ranked_ids_postgres(model, query, limit: int, *, autocomplete: bool) -> list[str] | None:
    found = _postgres_compiler(model, query, autocomplete=autocomplete)
    if found is None:
        return None
    compiler, tsquery = found
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


TITLE_CANDIDATES = 400
BODY_CANDIDATES = 300
AUTOCOMPLETE_CANDIDATES = 50


def _postgres_tsquery(model, query, *, autocomplete: bool):
    """The tsquery SQL Wagtail's PostgreSQL backend would send for `query`, its params and
    the rank weights; None off that backend or for a purely negative query."""
    found = _postgres_compiler(model, query, autocomplete=autocomplete)
    if found is None:
        return None
    compiler, tsquery = found
    sql_compiler = model._default_manager.none().query.get_compiler(connection=connection)
    sql, params = sql_compiler.compile(tsquery)
    return sql, list(params), compiler.sql_weights


def ranked_pages(
    pages, query, limit: int, fields: tuple[str, ...], *, autocomplete: bool = False
) -> list[tuple] | None:
    """Rows (`fields`) of the `pages` queryset matching `query`, best first, at most
    `limit`: privacy, drafts and anything else `pages` filters are applied in the ranked
    query itself. None on backends other than PostgreSQL (see `ranked_ids` for SQLite)."""
    if connection.vendor != "postgresql":
        return None
    found = _postgres_tsquery(Page, query, autocomplete=autocomplete)
    if found is None:
        return None
    tsquery, params, weights = found
    e = get_app_config().get_model("IndexEntry")._meta.db_table
    if autocomplete:
        return _tier(
            pages, fields, f"{e}.autocomplete @@ {tsquery}", params,
            f"ts_rank({e}.autocomplete, {tsquery})", params, AUTOCOMPLETE_CANDIDATES, limit,
        )  # fmt: skip
    title_rank = f"ts_rank(%s::float4[], {e}.title, {tsquery}) * {e}.title_norm"
    body_rank = f"ts_rank(%s::float4[], {e}.body, {tsquery})"
    # Wagtail's rank; a partial title match (one word of two) still counts in tier 2.
    rank, rank_params = f"{title_rank} + {body_rank}", [weights, *params, weights, *params]
    rows = _tier(
        pages, fields, f"{e}.title @@ {tsquery}", params, rank, rank_params,
        TITLE_CANDIDATES, limit,
    )  # fmt: skip
    if len(rows) < limit:
        rows += _tier(
            pages, fields, f"{e}.body @@ {tsquery} AND NOT {e}.title @@ {tsquery}", params * 2,
            rank, rank_params, BODY_CANDIDATES, limit - len(rows),
        )  # fmt: skip
    return rows


def _tier(pages, fields, match, match_params, rank, rank_params, candidates, limit) -> list:
    """One ranked tier: the first `candidates` readable pages whose index entry satisfies
    `match` (the index answers it), the best `limit` of them by `rank`."""
    entries = get_app_config().get_model("IndexEntry")._meta.db_table
    page_table = Page._meta.db_table
    content_types = list(get_descendants_content_types_pks(Page))
    inner = (
        pages.extra(  # noqa: S610 - fixed SQL; every value is a parameter
            select={"search_rank": rank},
            select_params=rank_params,
            tables=[entries],
            where=[
                f"{page_table}.id = ({entries}.object_id)::integer",
                f"{entries}.content_type_id = ANY(%s)",
                match,
            ],
            params=[content_types, *match_params],
        )
        .order_by()
        .values_list(*fields, "search_rank")[:candidates]
    )
    inner_sql, inner_params = inner.query.sql_with_params()
    columns = ", ".join(f'hits."{name}"' for name in fields)
    sql = (
        f"SELECT {columns} FROM ({inner_sql}) AS hits "  # noqa: S608
        f'ORDER BY hits.search_rank DESC, hits."{fields[0]}" LIMIT %s'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*inner_params, limit])
        return [tuple(row) for row in cursor.fetchall()]
