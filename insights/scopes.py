"""Where a ledger event happened: the space and the community of its page, kept with the
event so a pilot's figures can be limited to the spaces and communities in its scope.

The apps that own spaces and communities say which page types they are from their
AppConfig.ready (`offer(kind, page_type)`; insights sits below them). An event about a
page (or an object that names its page with `page_id`) records the nearest ancestor of
each kind, found by the database inside the INSERT itself (a subquery on the page's
ancestor paths): writing an event costs no extra query.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Subquery
from wagtail.models import Page

SPACE = "space"
COMMUNITY = "community"
KINDS = (SPACE, COMMUNITY)

_types: dict[str, list[type[Page]]] = {kind: [] for kind in KINDS}


def offer(kind: str, *page_types: type[Page]) -> None:
    """`kind` is "space" or "community"; its roots are pages of `page_types`."""
    if kind not in _types:
        raise ValueError(f"A scope is a space or a community, not {kind!r}.")
    for page_type in page_types:
        if page_type not in _types[kind]:
            _types[kind].append(page_type)


def page_types(kind: str | None = None) -> list[type[Page]]:
    """The page types of `kind`, or of every kind."""
    if kind is not None:
        return list(_types[kind])
    return [page_type for kind in KINDS for page_type in _types[kind]]


def _ancestor_paths(page: Page) -> list[str]:
    steps = Page.steplen
    return [page.path[: steps * depth] for depth in range(1, len(page.path) // steps + 1)]


def columns(target: models.Model) -> dict:
    """The event's `space_id` and `community_id` as subqueries (none for a target that is
    not a page and names no page), so the INSERT finds them: no query here."""
    found: dict = {}
    if isinstance(target, Page) and target.path:
        paths = Page.objects.filter(path__in=_ancestor_paths(target))
    elif getattr(target, "page_id", None):
        path = Page.objects.filter(pk=target.page_id).values("path")[:1]
        # The ancestors of the named page: the pages whose path starts its path.
        paths = Page.objects.alias(of=Subquery(path)).filter(of__startswith=models.F("path"))
    else:
        return found
    for kind in KINDS:
        if not _types[kind]:
            continue
        kinds = ContentType.objects.get_for_models(*_types[kind]).values()
        root = paths.filter(content_type__in=[ct.pk for ct in kinds]).order_by("-depth")
        found[f"{kind}_id"] = Subquery(root.values("pk")[:1])
    return found


def backfill(apps, schema_editor) -> None:
    """Set the space and the community of the events already in the ledger whose target is a
    page (one UPDATE per space or community; events about other objects keep none)."""
    ActivityEvent = apps.get_model("insights", "ActivityEvent")
    HistoricalPage = apps.get_model("wagtailcore", "Page")
    HistoricalType = apps.get_model("contenttypes", "ContentType")
    every_type = {
        (t._meta.app_label, t._meta.model_name): kind for kind in KINDS for t in _types[kind]
    }
    if not every_type:
        return
    type_ids = {
        (row.app_label, row.model): row.pk
        for row in HistoricalType.objects.filter(app_label__in={app for app, _model in every_type})
    }
    # An event's target type is the page's own type (or the generic page's).
    page_type_ids = set(HistoricalPage.objects.values_list("content_type_id", flat=True).distinct())
    generic = HistoricalType.objects.filter(app_label="wagtailcore", model="page").first()
    if generic is not None:
        page_type_ids.add(generic.pk)
    for key, kind in every_type.items():
        if key not in type_ids:
            continue
        roots = HistoricalPage.objects.filter(content_type_id=type_ids[key]).order_by("depth")
        for root in roots.values("pk", "path"):
            below = HistoricalPage.objects.filter(path__startswith=root["path"]).values("pk")
            ActivityEvent.objects.filter(
                target_type_id__in=page_type_ids, target_id__in=below
            ).update(**{f"{kind}_id": root["pk"]})
