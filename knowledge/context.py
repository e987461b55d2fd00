"""What knowledge adds to its pages' template context (registered in `core.page_context`).

The wiki's front door lists the spaces; a space its tree, review statuses and owners; a
knowledge page its rendered body, table of contents, links, review state, must-read panel
and history. Each for one reader, from a user and the query parameters, never a request.
Imported by `KnowledgeConfig.ready`.
"""

from collections.abc import Mapping

from django.core.paginator import Paginator
from django.db.models import Count, Q
from wagtail.models import Page, Revision

from core import page_context
from core.models import User
from core.permissions import readable_by
from knowledge import mustread, reading
from knowledge.history import history_context, render_body, snapshot
from knowledge.models import KnowledgeIndexPage, KnowledgePage, ReviewStatus, SpacePage
from knowledge.services import can_verify

TREE_LIMIT = 200
STATUS_PREVIEW = 10
STATUS_PER_PAGE = 25


@page_context.provides(KnowledgeIndexPage)
def spaces(index: KnowledgeIndexPage, user: User, params: Mapping[str, str]) -> dict:
    return {"spaces": SpacePage.objects.child_of(index).filter(readable_by(user)).order_by("title")}


def _below(page: Page) -> Q:
    """The pages below `page`, as a range of the indexed path: everything that starts with
    its path sorts between it and its next sibling's path. `descendant_of` says
    `path LIKE '…%'`, which SQLite (whose LIKE ignores case) answers by reading every page
    of the site: 300 ms a query at 100,000 pages."""
    alphabet, path = Page.alphabet, page.path
    digits = [alphabet.index(char) for char in path]
    for position in reversed(range(len(digits))):  # the path plus one, in the tree's base
        if digits[position] + 1 < len(alphabet):
            digits[position] += 1
            break
        digits[position] = 0
    else:
        return Q(path__startswith=path, depth__gt=page.depth)
    after = "".join(alphabet[digit] for digit in digits)
    return Q(path__gt=path, path__lt=after, depth__gt=page.depth)


@page_context.provides(SpacePage)
def space(space: SpacePage, user: User, params: Mapping[str, str]) -> dict:
    pages = KnowledgePage.objects.live().filter(_below(space)).filter(readable_by(user))
    context: dict = {}
    # The navigation shows two levels; deeper pages are reached from their parents.
    context["tree"] = list(
        pages.filter(depth__lte=space.depth + 2)
        .order_by("path")
        .only("id", "title", "path", "depth", "url_path", "live")[:TREE_LIMIT]
    )
    context["recently_updated"] = list(
        pages.select_related("live_revision__user").order_by("-last_published_at")[:8]
    )
    # Statuses in SQL on the stored review date: a count per status (one GROUP BY),
    # then only the rows shown, however many pages the space holds.
    statuses = pages.with_review_status().select_related("content_owner").order_by("title")
    counts = dict(statuses.order_by().values_list("review_status").annotate(count=Count("pk")))
    chosen = params.get("status")
    context["status_counts"] = [(status, counts.get(status, 0)) for status in ReviewStatus]
    context["status_page"] = (
        Paginator(statuses.filter(review_status=chosen), STATUS_PER_PAGE).get_page(
            params.get("page")
        )
        if chosen in ReviewStatus.values
        else None
    )
    context["status_params"] = f"status={chosen}" if context["status_page"] else ""
    context["status_preview"] = (
        []
        if context["status_page"]
        else [
            (status, list(statuses.filter(review_status=status)[:STATUS_PREVIEW]))
            for status in ReviewStatus
        ]
    )
    context["owners_list"] = list(space.owners.all())
    context["can_add_here"] = space.permissions_for_user(user).can_add_subpage()
    return context


@page_context.provides(KnowledgePage)
def knowledge_page(page: KnowledgePage, user: User, params: Mapping[str, str]) -> dict:
    permissions = page.permissions_for_user(user)
    live_revision = Revision.objects.select_related("user").filter(pk=page.live_revision_id).first()
    last_verification = page.verifications.select_related("verified_by").first()
    page.last_verified_at = last_verification.verified_at if last_verification else None
    page_tags = list(page.tags.all())
    return {
        "body_html": (
            snapshot(page, live_revision).body_html
            if live_revision
            else render_body(page)  # a page served from a draft preview
        ),
        "toc": reading.table_of_contents(page),
        "backlinks": list(reading.backlinks(page, user)),
        "related_by_tags": list(reading.related_by_tags(page, user, page_tags)),
        "related_links": list(page.related_links.select_related("target")),
        "page_tags": page_tags,
        "can_add_here": permissions.can_add_subpage(),
        "can_verify": can_verify(user, page),
        "review_status": page.review_status(),
        "last_verification": last_verification,
        "publisher": live_revision.user if live_revision else None,
        **mustread.page_context(user, page),
        **history_context(page),
    }
