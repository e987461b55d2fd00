"""The search itself: matching pages, facets, people, discussions, suggestions.

Shape of a search (a constant number of SQL queries whatever it finds):

1. the backend (SQLite FTS5, PostgreSQL or Elasticsearch) ranks the pages the reader may
   see (`viewable_pages(user)` is the queryset searched, so a private page never enters)
   and returns up to MAX_MATCHES of them, best first;
2. one query per kind of fact (spaces, owners, tags, review status) describes those
   matches; facets are counted and filters applied on that description in Python;
3. only the ten results of the current page are loaded in full for their snippets.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, get_page_models
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText
from wagtail.search.utils import normalise_query_string

from community.models import Annotation, Comment, Status, Visibility
from core import fragments
from core.models import BasePage, User
from core.permissions import viewable_pages
from core.policy import Action, policy
from insights.models import ActivityEvent, Verb
from knowledge.models import SpacePage, Verification
from people.models import Profile
from search.fts import ranked_ids, ranked_pages
from search.query import (
    WORD,
    ParsedQuery,
    highlight_words,
    partial_query,
    to_search_query,
    word_forms,
)
from search.ranking import rerank
from search.sections import Section, best_section
from search.snippets import highlight, searchable_text
from search.synonyms import synonyms_of

MAX_MATCHES = 200
# Fewer pages than this with every word: the pages with some of them are added after.
FEW_MATCHES = 5
RESULTS_PER_PAGE = 10
# The best this many matches are read in full for their headings and text (the first page
# of results among them, loaded once for both).
READ_PAGES = 20
PEOPLE_LIMIT = 5
DISCUSSION_LIMIT = 5
POPULAR_LIMIT = 8
UPDATED_WINDOWS = {
    "7": gettext_lazy("Past week"),
    "30": gettext_lazy("Past month"),
    "365": gettext_lazy("Past year"),
}
# The version of the administrators' promoted results (`core.fragments`; no colon: read
# with every request's first read of the versions), bumped by search.signals.
PROMOTIONS = "search-promotions"
FACET_PARAMS = ("space", "type", "tag", "owner", "updated", "verified")
SORTS = ("relevance", "updated")
HIT_FIELDS = ("id", "path", "depth", "title", "content_type_id", "last_published_at", "live")


@dataclass
class Hit:
    """What facets and filters need to know about one matching page."""

    pk: int
    path: str
    content_type_id: int
    title: str
    updated: datetime.datetime | None
    space: tuple[int, str] | None = None
    owner_id: int | None = None
    tags: dict[str, str] = field(default_factory=dict)
    verified: bool | None = None


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    params: str


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option]


@dataclass
class Result:
    page: Page
    url: str
    snippet: str
    type_label: str
    space: tuple[int, str] | None
    owner: User | None
    updated: datetime.datetime | None
    verified: bool | None
    position: int
    section: Section | None = None  # the heading that answers the query, if one does


@dataclass
class PageSearch:
    results: PaginatorPage
    facets: list[Facet]
    total: int
    whole: int  # pages holding every word (before the filters): 0 when only some match
    capped: bool
    notices: list[str]
    params: str
    sort: str
    active: list[Option]


def type_label(content_type_id: int) -> str:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return str(model._meta.verbose_name).capitalize() if model else ""


def type_value(content_type_id: int) -> str:
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def _searchable_pages(user):
    """What search may show `user`: the pages they may read (`viewable_pages`, the one
    gate) other than the root, and no page hidden as stale under its space's policy."""
    return viewable_pages(user).exclude(depth=1).filter(knowledgepage__hidden_as_stale_at=None)


def _in_order(queryset, ids: list[str], fields: tuple[str, ...]) -> list[tuple]:
    """Rows of `queryset` among `ids`, in the order of `ids` (privacy applies here)."""
    order = {int(pk): position for position, pk in enumerate(ids)}
    rows = queryset.filter(pk__in=list(order)).values_list(*fields)
    return sorted(rows, key=lambda row: order[row[0]])


class Matches(list):
    """Hits, best first; `whole` of them hold every word of the query (the others, after
    them in the backend's order, only some: the partial fallback); `pages`: the best of
    them loaded in full (read for their headings and text, reused for the results)."""

    whole: int = 0
    pages: dict[int, Page]

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.pages = {}


def load_pages(hits: list[Hit]) -> dict[int, Page]:
    """The specific pages of `hits`: one query per page type, from the types the hits
    already know (`.specific()` would first ask the page table for them again)."""
    pages: dict[int, Page] = {}
    for model, pks in _page_models(hits).items():
        pages.update(model.objects.in_bulk(pks))
    return pages


def match_pages(user, parsed: ParsedQuery, *, read_pages: bool = True) -> Matches:
    """The reader's matching pages, best first (at most MAX_MATCHES); an empty query with
    filters browses every readable page, newest first. `read_pages`: the best READ_PAGES
    are loaded and reordered by their headings and text (`ranking.rerank`)."""
    pages = _searchable_pages(user)
    fields = ("id", "path", "content_type_id", "title", "last_published_at")
    partial = None
    if parsed.is_empty:
        rows = list(pages.order_by("-last_published_at", "-pk").values_list(*fields)[:MAX_MATCHES])
        whole = len(rows)
    else:
        rows = ranked_rows(pages, to_search_query(parsed), fields)
        whole = len(rows)
        partial = partial_query(parsed) if len(rows) < FEW_MATCHES else None
        if partial is not None:
            # All the words found few pages: add the pages with some of them, after.
            seen = {row[0] for row in rows}
            rows += [row for row in ranked_rows(pages, partial, fields) if row[0] not in seen]
            rows = rows[:MAX_MATCHES]
    found = [Hit(*row) for row in rows]
    hits = rerank(found, parsed, partial=partial is not None)
    loaded = load_pages(hits[:READ_PAGES]) if read_pages and not parsed.is_empty else {}
    if loaded:
        # Again from the backend's order, now with the best pages' headings and text.
        hits = rerank(found, parsed, partial=partial is not None, pages=loaded)
    matches = Matches(hits)
    matches.whole = whole
    matches.pages = loaded
    return matches


def ranked_rows(pages, query, fields: tuple[str, ...]) -> list[tuple]:
    """Rows (`fields`) of the readable `pages` matching `query`, in the backend's order."""
    rows = ranked_pages(pages, query, MAX_MATCHES, fields)  # PostgreSQL: privacy in SQL
    if rows is not None:
        return rows
    # SQLite and the engines: twice the cap of ids, as some of the best may be private.
    ids = ranked_ids(Page, query, MAX_MATCHES * 2)
    if ids is not None:
        return _in_order(pages, ids, fields)[:MAX_MATCHES]
    found = pages.only(*HIT_FIELDS).search(query, order_by_relevance=True)
    return [tuple(getattr(page, name) for name in fields) for page in found[:MAX_MATCHES]]


def count_matches(user, parsed: ParsedQuery) -> int:
    """How many readable pages hold every word of `parsed`."""
    return match_pages(user, parsed, read_pages=False).whole


def _page_models(hits: list[Hit]) -> dict[type, list[int]]:
    by_model: dict[type, list[int]] = {}
    for hit in hits:
        model = ContentType.objects.get_for_id(hit.content_type_id).model_class()
        if model is not None:
            by_model.setdefault(model, []).append(hit.pk)
    return by_model


def describe(hits: list[Hit]) -> None:
    """Fill in each hit's space, owner, tags and review status: one query per kind of
    fact (and per page type that has it), whatever the number of hits."""
    if not hits:
        return
    step = Page.steplen
    prefixes = {hit.path[:end] for hit in hits for end in range(step, len(hit.path) + 1, step)}
    spaces = {
        path: (pk, title)
        for path, pk, title in SpacePage.objects.filter(path__in=prefixes).values_list(
            "path", "pk", "title"
        )
    }
    for hit in hits:
        for end in range(len(hit.path), 0, -step):
            if hit.path[:end] in spaces:
                hit.space = spaces[hit.path[:end]]
                break
    by_pk = {hit.pk: hit for hit in hits}
    now = timezone.now()
    for model, pks in _page_models(hits).items():
        if issubclass(model, BasePage):
            rows = model.objects.filter(pk__in=pks)
            fields = ["pk", "content_owner_id"]
            reviewed = hasattr(model, "review_status")
            if reviewed:
                # Verified: verified once and not yet due again (the stored review date,
                # governance.review.services.refresh_due_dates: the rule of `review_status`).
                ever = Verification.objects.filter(page=OuterRef("pk"))
                rows = rows.annotate(ever_verified=Exists(ever))
                fields += ["ever_verified", "next_review_at"]
            for row in rows.values_list(*fields):
                hit = by_pk[row[0]]
                hit.owner_id = row[1]
                if reviewed:
                    hit.verified = bool(row[2]) and row[3] is not None and now < row[3]
        tags = getattr(model, "tags", None)
        through = getattr(tags, "through", None)
        if through is not None:
            for pk, slug, name in through.objects.filter(content_object_id__in=pks).values_list(
                "content_object_id", "tag__slug", "tag__name"
            ):
                by_pk[pk].tags[slug] = name


FACET_TITLES = {
    "space": gettext_lazy("Space"),
    "type": gettext_lazy("Type"),
    "tag": gettext_lazy("Tag"),
    "owner": gettext_lazy("Owner"),
    "updated": gettext_lazy("Updated"),
    "verified": gettext_lazy("Review status"),
}
FACET_OPTIONS = 15


def _values(hit: Hit, name: str, now) -> list[str]:
    """The values `hit` has for one facet."""
    if name == "space":
        return [str(hit.space[0])] if hit.space else []
    if name == "type":
        return [type_value(hit.content_type_id)]
    if name == "tag":
        return list(hit.tags)
    if name == "owner":
        return [str(hit.owner_id)] if hit.owner_id else []
    if name == "updated":
        return [
            days
            for days in UPDATED_WINDOWS
            if hit.updated and hit.updated >= now - datetime.timedelta(days=int(days))
        ]
    return ["1"] if hit.verified else []


def _labels(hits: list[Hit], name: str) -> dict[str, str]:
    """Every value a facet can take among `hits`, with its label (owners' names later)."""
    if name == "updated":
        return {days: str(label) for days, label in UPDATED_WINDOWS.items()}
    if name == "verified":
        return {"1": _("Verified only")}
    labels: dict[str, str] = {}
    if name == "type":
        for content_type_id in {hit.content_type_id for hit in hits}:
            labels[type_value(content_type_id)] = type_label(content_type_id)
        return labels
    for hit in hits:
        if name == "space" and hit.space:
            labels[str(hit.space[0])] = hit.space[1]
        elif name == "tag":
            labels.update(hit.tags)
        elif name == "owner" and hit.owner_id:
            labels[str(hit.owner_id)] = ""
    return labels


def _params(base: dict[str, str], name: str, value: str | None) -> str:
    params = (
        {**base, name: value} if value is not None else {k: v for k, v in base.items() if k != name}
    )
    return urlencode(params)


def facet_and_filter(hits: list[Hit], request_params: QueryDict) -> tuple:
    """Apply the chosen filters; count each facet over what is left (drill-down).

    A filter value that none of the reader's matches has (a typo, an old link, someone
    else's private space) is ignored with a notice: it reveals nothing either way.
    """
    now = timezone.now()
    params = {
        name: request_params.get(name)
        for name in ("q", "sort", *FACET_PARAMS)
        if request_params.get(name)
    }
    notices: list[str] = []
    chosen: dict[str, str] = {}
    labels = {name: _labels(hits, name) for name in FACET_PARAMS}
    for name in FACET_PARAMS:
        value = params.get(name)
        if not value:
            continue
        if value in labels[name]:
            chosen[name] = value
        else:
            notices.append(
                _("The filter “%(name)s” does not apply to these results and was ignored.")
                % {"name": name}
            )
            del params[name]
    kept = [
        hit
        for hit in hits
        if all(value in _values(hit, name, now) for name, value in chosen.items())
    ]
    counts = {name: Counter() for name in FACET_PARAMS}
    for hit in kept:
        for name in FACET_PARAMS:
            counts[name].update(_values(hit, name, now))
    shown: dict[str, list[tuple[str, int]]] = {}
    for name in FACET_PARAMS:
        values = [(value, counts[name][value]) for value in labels[name]]
        values = [(v, c) for v, c in values if c or chosen.get(name) == v]
        if name not in ("updated", "verified"):
            values.sort(key=lambda item: (-item[1], labels[name][item[0]].lower()))
        shown[name] = values[:FACET_OPTIONS]
    # The owners' names are read with the results' owners (`search_pages`: one query).
    facets = []
    for name in FACET_PARAMS:
        options = [
            Option(
                value=value,
                label=labels[name].get(value) or value,
                count=count,
                selected=chosen.get(name) == value,
                params=_params(params, name, None if chosen.get(name) == value else value),
            )
            for value, count in shown[name]
        ]
        if options:
            facets.append(Facet(name, str(FACET_TITLES[name]), options))
    return kept, facets, notices, params


def _name_owners(facets: list[Facet], hits: list[Hit]) -> dict[int, User]:
    """The owners the owner facet names and the current page's results show, in one
    query; the facet's options get their names."""
    options = [option for facet in facets if facet.name == "owner" for option in facet.options]
    ids = {int(option.value) for option in options} | {hit.owner_id for hit in hits if hit.owner_id}
    owners = User.objects.in_bulk(ids) if ids else {}
    for option in options:
        owner = owners.get(int(option.value))
        option.label = owner.display_name if owner is not None else option.value
    return owners


def load_results(
    request,
    hits: list[Hit],
    parsed: ParsedQuery,
    offset: int,
    owners: dict[int, User],
    loaded: dict[int, Page] | None = None,
) -> list[Result]:
    """The current page's results in full: specific pages (those `loaded` already are not
    read again), owners (`_name_owners`) and snippets."""
    loaded = loaded or {}
    pages = {hit.pk: loaded[hit.pk] for hit in hits if hit.pk in loaded}
    pages.update(load_pages([hit for hit in hits if hit.pk not in loaded]))
    words = highlight_words(parsed)
    results = []
    for position, hit in enumerate(hits, offset + 1):
        page = pages.get(hit.pk)
        if page is None:
            continue
        text = searchable_text(page) or page.title
        results.append(
            Result(
                page=page,
                url=page.get_url(request) or "",
                snippet=highlight(text, words),
                type_label=type_label(hit.content_type_id),
                space=hit.space,
                owner=owners.get(hit.owner_id),
                updated=hit.updated,
                verified=hit.verified,
                position=position,
                section=best_section(page, words),
            )
        )
    return results


def search_pages(request, parsed: ParsedQuery) -> PageSearch:
    hits = match_pages(request.user, parsed)
    capped = len(hits) >= MAX_MATCHES
    describe(hits)
    kept, facets, notices, params = facet_and_filter(hits, request.GET)
    sort = params.get("sort") if params.get("sort") in SORTS else "relevance"
    if sort == "updated" or parsed.is_empty:
        kept.sort(key=lambda hit: hit.updated or timezone.now(), reverse=True)
    paginator = Paginator(kept, RESULTS_PER_PAGE)
    current = paginator.get_page(request.GET.get("page"))
    shown = list(current.object_list)
    owners = _name_owners(facets, shown)
    current.object_list = load_results(
        request, shown, parsed, current.start_index() - 1 if kept else 0, owners, hits.pages
    )
    active = [option for facet in facets for option in facet.options if option.selected]
    return PageSearch(
        results=current,
        facets=facets,
        total=len(kept),
        whole=hits.whole,
        capped=capped,
        notices=notices,
        params=urlencode(params),
        sort=sort,
        active=active,
    )


# People -----------------------------------------------------------------------------


def _person_match(word: str) -> Q:
    match = Q()
    for form in word_forms(word):
        match |= (
            Q(display_name__icontains=form)
            | Q(user__first_name__iexact=form)
            | Q(user__last_name__iexact=form)
            | Q(job_title__icontains=form)
            | Q(expertise__name__icontains=form)
            | Q(department__name__iexact=form)
        )
    return match


def search_people(user, parsed: ParsedQuery, limit: int = PEOPLE_LIMIT) -> list:
    """Profiles whose name, job title or expertise hold every word (or a synonym)."""
    words = parsed.words
    if not words or not policy.user_has_permission(user, Action.STAFF):
        return []
    profiles = Profile.objects.filter(user__is_active=True)
    for word in words:
        match = _person_match(word)
        for synonym in synonyms_of(word):
            if len(synonym) == 1:
                match |= _person_match(synonym[0])
        profiles = profiles.filter(pk__in=Profile.objects.filter(match).values("pk"))
    people = list(
        profiles.with_org().prefetch_related("expertise").order_by("display_name", "pk")[:50]
    )

    def rank(profile) -> int:
        name = profile.name.lower()
        title = profile.job_title.lower()
        return -sum(2 * (word in name) + (word in title) for word in words)

    people.sort(key=rank)
    return people[:limit]


# Discussions ------------------------------------------------------------------------


@dataclass
class Discussion:
    kind: str
    text: str
    page: Page
    url: str


def _best(model, queryset, query, limit: int = 30) -> list:
    ids = ranked_ids(model, query, limit * 3)
    if ids is None:
        return list(get_search_backend().search(query, queryset)[:limit])
    order = {int(pk): position for position, pk in enumerate(ids)}
    return sorted(queryset.filter(pk__in=list(order)), key=lambda item: order[item.pk])[:limit]


def search_discussions(request, parsed: ParsedQuery, limit: int = DISCUSSION_LIMIT) -> list:
    """Visible comments and shared, visible annotations matching the query, on pages the
    reader may see, each shown with its page."""
    if parsed.is_empty:
        return []
    query = to_search_query(parsed)
    comments = _best(Comment, Comment.objects.filter(status=Status.VISIBLE), query)
    annotations = _best(
        Annotation,
        Annotation.objects.filter(status=Status.VISIBLE, visibility=Visibility.SHARED),
        query,
    )
    page_ids = {item.page_id for item in [*comments, *annotations]}
    if not page_ids:
        return []
    pages = {
        page.pk: page
        for page in _searchable_pages(request.user)
        .filter(pk__in=page_ids)
        .only("id", "title", "url_path", "path", "depth")
    }
    words = highlight_words(parsed)
    found = []
    for kind, item in [("comment", c) for c in comments] + [("annotation", a) for a in annotations]:
        # Re-checked here: the index may lag a moderator's decision by a moment.
        if item.page_id not in pages or item.status != Status.VISIBLE:
            continue
        if kind == "annotation" and item.visibility != Visibility.SHARED:
            continue
        text = item.body if kind == "comment" else f"“{item.exact}” {item.body}"
        page = pages[item.page_id]
        found.append(Discussion(kind, highlight(text, words), page, page.get_url(request) or ""))
        if len(found) >= limit:
            break
    return found


# Promotions, popular content, autocomplete ------------------------------------------


def promotions(user, text: str) -> list:
    """Administrators' pinned results for this query that the reader may see."""
    if not text:
        return []
    query_string = normalise_query_string(text)

    def load() -> list:
        return list(
            SearchPromotion.objects.filter(query__query_string=query_string)
            .select_related("page")
            .order_by("sort_order")
        )

    # Kept per query string until a promotion or its query changes (PROMOTIONS) or a page
    # is published, moved or restricted (TREE: the picked page's title and URL); what the
    # reader may see is checked below, on every request.
    picks = fragments.cached(
        "search-promotions",
        (query_string,),
        load,
        depends_on=(PROMOTIONS, fragments.TREE),
    )
    page_ids = [pick.page_id for pick in picks if pick.page_id]
    readable = (
        set(_searchable_pages(user).filter(pk__in=page_ids).values_list("pk", flat=True))
        if page_ids
        else set()
    )
    return [
        pick
        for pick in picks
        if (pick.page_id in readable) or (not pick.page_id and pick.external_link_url)
    ]


def popular_pages(user, limit: int = POPULAR_LIMIT) -> tuple[list, list]:
    """Most viewed readable pages of the past 30 days, and the latest updates."""
    since = timezone.now().date() - datetime.timedelta(days=30)
    readable = _searchable_pages(user)
    content_types = [
        content_type.pk
        for content_type in ContentType.objects.get_for_models(
            *get_page_models(), for_concrete_models=False
        ).values()
    ]
    top = list(
        ActivityEvent.objects.filter(
            verb=Verb.VIEWED,
            day__gte=since,
            target_type__in=content_types,
            target_id__in=readable.filter(depth__gt=2).values("pk"),
        )
        .values("target_id")
        .annotate(views=Count("pk"))
        .order_by("-views", "target_id")[:limit]
    )
    order = [row["target_id"] for row in top]
    popular_by_pk = readable.filter(pk__in=order).in_bulk()
    popular = [popular_by_pk[pk] for pk in order if pk in popular_by_pk]
    recent = list(readable.filter(depth__gt=3).order_by("-last_published_at")[:limit])
    return popular, recent


def autocomplete(user, text: str, limit: int = 8) -> list[dict]:
    """Pages (by title), people and tags for the header box; privacy-filtered."""
    words = [word.lower() for word in WORD.findall(text)][:6]
    if not words or len(" ".join(words)) < 2:
        return []
    items: list[dict] = []
    fields = ("id", "title", "url_path", "path", "depth")
    readable = _searchable_pages(user).only(*fields)
    query = PlainText(" ".join(words))
    try:
        rows = ranked_pages(readable, query, 5, fields, autocomplete=True)
        if rows is not None:
            pages = [Page(**dict(zip(fields, row, strict=True))) for row in rows]
        elif (ids := ranked_ids(Page, query, 50, autocomplete=True)) is None:
            pages = list(readable.autocomplete(" ".join(words))[:5])
        else:
            order = {int(pk): position for position, pk in enumerate(ids)}
            pages = sorted(readable.filter(pk__in=list(order)), key=lambda p: order[p.pk])[:5]
    except DatabaseError:
        pages = []
    for page in pages:
        items.append(
            {"kind": "page", "label": page.title, "url": page.get_url() or "", "detail": ""}
        )
    if policy.user_has_permission(user, Action.STAFF):
        match = Q()
        for word in words:
            match &= (
                Q(display_name__icontains=word)
                | Q(user__first_name__istartswith=word)
                | Q(user__last_name__istartswith=word)
            )
        for profile in (
            Profile.objects.filter(match, user__is_active=True)
            .select_related("user")
            .order_by("display_name")[:2]
        ):
            items.append(
                {
                    "kind": "person",
                    "label": profile.name,
                    "url": reverse("people:profile", args=[profile.user.username]),
                    "detail": profile.job_title,
                }
            )
    items.extend(tag_suggestions(user, " ".join(words)))
    return items[:limit]


def tag_suggestions(user, prefix: str, limit: int = 2) -> list[dict]:
    """Tags starting with `prefix` that are on a page the reader may see: one query per
    tag model (one in practice) that walks the matching tags in name order and stops at
    the `limit`th with a readable page (EXISTS), instead of collecting every tagged page."""
    readable = _searchable_pages(user).values("pk")
    tagged_by_tag_model: dict[type, Q] = {}
    for model in get_page_models():
        through = getattr(getattr(model, "tags", None), "through", None)
        if through is None or model._meta.abstract:
            continue
        tag_model = through._meta.get_field("tag").related_model
        on_readable_page = Exists(
            through.objects.filter(tag_id=OuterRef("pk"), content_object_id__in=readable)
        )
        tagged_by_tag_model[tag_model] = tagged_by_tag_model.get(tag_model, Q()) | Q(
            on_readable_page
        )
    found: dict[str, str] = {}
    for tag_model, tagged in tagged_by_tag_model.items():
        rows = (
            tag_model.objects.filter(tagged, name__istartswith=prefix)
            .order_by("name")
            .values_list("slug", "name")[:limit]
        )
        found.update(dict(rows))
    return [
        {"kind": "tag", "label": name, "url": f"?tag={slug}", "detail": "", "slug": slug}
        for slug, name in sorted(found.items(), key=lambda item: item[1])[:limit]
    ]
