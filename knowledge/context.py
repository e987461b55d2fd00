"""What knowledge adds to its pages' template context (registered in `core.page_context`).

The wiki's front door lists the spaces; a space its tree, review statuses and owners; a
knowledge page its rendered body, table of contents, links, review state, must-read panel
and history. Each for one reader, from a user and the query parameters, never a request.
Imported by `KnowledgeConfig.ready`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from core import fragments, late, page_context
from core.models import User
from core.permissions import readable_by
from knowledge import mustread, reading
from knowledge.history import live_body, render_body
from knowledge.models import KnowledgeIndexPage, KnowledgePage, ReviewStatus, SpacePage
from knowledge.services import can_verify

TREE_LIMIT = 200
SPACE_DEPTH = 4  # root, home, the knowledge index, the space (core.breadcrumbs.HOME_DEPTH + 2)
PREVIEW = 10
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


def _space_listing(space: SpacePage, user: User, chosen: str | None, page_number) -> dict:
    pages = KnowledgePage.objects.live().filter(_below(space)).filter(readable_by(user))
    context: dict = {}
    context["recently_updated"] = [
        reading.lean_publisher(item)
        for item in pages.select_related("live_revision__user").order_by("-last_published_at")[:8]
    ]
    # The stored status (governance.review.services keeps it): a count per status (one
    # GROUP BY), then only the rows shown, with no per-row verification lookup.
    statuses = pages.select_related("content_owner").order_by("title")
    counts = dict(
        statuses.order_by().values_list("stored_review_status").annotate(count=Count("pk"))
    )
    context["status_counts"] = [(status, counts.get(status, 0)) for status in ReviewStatus]
    context["status_page"] = (
        Paginator(statuses.filter(stored_review_status=chosen), STATUS_PER_PAGE).get_page(
            page_number
        )
        if chosen
        else None
    )
    context["status_params"] = f"status={chosen}" if chosen else ""
    context["status_preview"] = (
        []
        if chosen
        else [
            (
                status,
                [_link(row) for row in statuses.filter(stored_review_status=status)[:PREVIEW]],
            )
            for status in ReviewStatus
        ]
    )
    context["owners_list"] = [reading.lean_person(owner) for owner in space.owners.all()]
    return context


@dataclass(frozen=True)
class Link:
    """A page in the space's cached listing: what its line shows, with its URL worked out
    once when the listing is cached (a full space lists 230 pages, and a page object per
    line cost a `pageurl` and an unpickled model each on every request)."""

    title: str
    url: str
    depth: int
    owner_name: str = ""


def _link(item: Page) -> Link:
    """`item` as a `Link` (its owner's name only if it was loaded with the page)."""
    owner = item.content_owner if "content_owner" in item._state.fields_cache else None
    return Link(
        title=item.title,
        url=item.get_url() or "",
        depth=item.depth,
        owner_name=owner.display_name if owner else "",
    )


@page_context.provides(SpacePage)
def space(space: SpacePage, user: User, params: Mapping[str, str]) -> dict:
    """The space's tree, latest changes, review statuses and owners. Without a chosen
    status they are the same for every reader with the same roles: cached per role key
    and day (statuses turn due with time) until the tree or a verification changes."""
    chosen = params.get("status")
    if chosen in ReviewStatus.values:
        context = _space_listing(space, user, chosen, params.get("page"))
    else:
        context = dict(
            fragments.cached(
                "knowledge-space",
                (space.pk, reading.reader_key(user), timezone.localdate()),
                lambda: _space_listing(space, user, None, None),
                depends_on=(fragments.TREE, reading.REVIEWS),
            )
        )
    context["can_add_here"] = space.permissions_for_user(user).can_add_subpage()
    # The tree the space's pages show too (one cache entry per role key for both).
    context["space_tree"] = space_tree(space, user)
    return context


@dataclass(frozen=True)
class TreeRow:
    """A page of a space's tree as cached: what its line shows and where it sits."""

    title: str
    url: str
    path: str


@dataclass
class TreeNode:
    """A line of the tree as one page shows it: the current page marked, its ancestors open."""

    title: str
    url: str
    current: bool = False
    open: bool = False
    children: list["TreeNode"] = field(default_factory=list)


def _tree_rows(space_path: str, user: User) -> list[TreeRow]:
    """Every live page of the space the reader may see, in tree order: one query."""
    space = Page(path=space_path, depth=len(space_path) // Page.steplen)
    pages = (
        KnowledgePage.objects.live()
        .filter(_below(space))
        .filter(readable_by(user))
        .order_by("path")
        .only("id", "title", "path", "depth", "url_path", "live")[:TREE_LIMIT]
    )
    return [TreeRow(item.title, item.get_url() or "", item.path) for item in pages]


def space_tree_rows(space_path: str, user: User) -> list[TreeRow]:
    """The space's tree for `user`: the same for every reader with the same roles (a
    guest's key names their pinholes), so cached per role key until the tree changes
    (publish, move, restriction: `fragments.TREE`, read with the request's first query)."""
    return fragments.cached(
        "knowledge-space-tree",
        (space_path, reading.reader_key(user)),
        lambda: _tree_rows(space_path, user),
        depends_on=(fragments.TREE,),
    )


def _space_link(page: Page) -> Link | None:
    """The space above `page`, from the ancestors its routing loaded (no query)."""
    for ancestor in page.breadcrumb_ancestors():
        if ancestor.depth == SPACE_DEPTH:
            return Link(title=ancestor.title, url=ancestor.get_url() or "", depth=ancestor.depth)
    return None


def space_tree(page: Page, user: User) -> list[TreeNode]:
    """The tree of the space `page` is in, nested, with `page` marked current and the
    pages above it open (a page whose parent the reader may not see hangs under its
    nearest visible ancestor). No query when the rows are cached."""
    space_path = page.path[: SPACE_DEPTH * Page.steplen]  # the page's own, for the space
    roots: list[TreeNode] = []
    stack: list[tuple[str, TreeNode]] = []
    for row in space_tree_rows(space_path, user):
        node = TreeNode(
            row.title,
            row.url,
            current=row.path == page.path,
            open=page.path.startswith(row.path),
        )
        while stack and not row.path.startswith(stack[-1][0]):
            stack.pop()
        (stack[-1][1].children if stack else roots).append(node)
        stack.append((row.path, node))
    return roots


@page_context.provides(KnowledgePage)
def knowledge_page(page: KnowledgePage, user: User, params: Mapping[str, str]) -> dict:
    """The body and side panel come from the cache (knowledge.reading.side_panel: one
    entry per page, live revision and reader's roles); only the reader's own standing
    (their acknowledgement, whether they may add a page here) is read per request."""
    permissions = page.permissions_for_user(user)
    panel = reading.side_panel(page, user)
    # The review status reads them (KnowledgePage.review_status), so it asks nothing more.
    page.last_verified_at = panel.last_verified_at
    page.space_interval_days = panel.space_interval_days
    return {
        "body_html": (
            live_body(page, panel.revision_id, panel.revision_created_at)
            if panel.revision_id
            else render_body(page)  # a page served from a draft preview
        ),
        "toc": reading.table_of_contents(page),
        "backlinks": panel.backlinks,
        "related_by_tags": panel.related_by_tags,
        "related_links": panel.related_links,
        "page_tags": panel.tags,
        "can_add_here": permissions.can_add_subpage(),
        "can_verify": can_verify(user, page, owners=panel.governors),
        "review_status": page.review_status(),
        "last_verified_at": panel.last_verified_at,
        "publisher": panel.publisher,
        "content_owner_name": panel.owner,
        "history_recent": panel.history_recent,
        "history_url": reverse("knowledge:history", kwargs={"page_id": page.pk}),
        "space_tree": space_tree(page, user),
        "space_link": _space_link(page),
        **mustread.page_context(user, page, must_read=panel.must_read, governors=panel.governors),
    }


# The page's rendered body, kept per reader's roles (issue 19) ------------------------------

page_context.caches_body(KnowledgePage)


@page_context.body_key(KnowledgePage)
def knowledge_body_key(page: KnowledgePage, user: User, params: Mapping[str, str]):
    """What the body shows beside the discussion: the page at its live revision, for the
    reader's roles (a guest's own pinholes), with the review status of now (from the cached
    side panel); it changes with the tree, the site settings and the page's verifications
    and must-read. A preview is never kept."""
    if getattr(page, "is_preview_copy", False) or not page.live_revision_id:
        return None

    def parts() -> tuple:
        panel = reading.side_panel(page, user)
        page.last_verified_at = panel.last_verified_at
        page.space_interval_days = panel.space_interval_days
        return (
            page.pk,
            page.live_revision_id,
            reading.reader_key(user),
            page.review_status().value,
            page.hidden_as_stale_at,
        )

    return parts, (fragments.TREE, fragments.SETTINGS, reading.page_version(page.pk))


def _panel(reader: late.Reader) -> reading.SidePanel:
    page = reader.get("page")
    return reader.once(("knowledge-panel", page.pk), lambda: reading.side_panel(page, reader.user))


@late.filler("knowledge-actions")
def _actions(reader: late.Reader, _arg: str) -> str:
    """Edit and "New page here": Wagtail's page permissions are the person's (ownership)."""
    page, user = reader.get("page"), reader.user
    if not isinstance(page, KnowledgePage):
        return ""
    permissions = page.permissions_for_user(user)
    can_edit = reader.get("can_edit")
    return render_to_string(
        "knowledge/includes/page_actions.html",
        {
            "page": page,
            "can_edit": permissions.can_edit() if can_edit is None else can_edit,
            "can_add_here": permissions.can_add_subpage(),
        },
    )


@late.filler("knowledge-verify")
def _verify(reader: late.Reader, _arg: str) -> str:
    page, user = reader.get("page"), reader.user
    if not isinstance(page, KnowledgePage):
        return ""
    allowed = can_verify(user, page, owners=_panel(reader).governors)
    return render_to_string(
        "knowledge/includes/verify_button.html",
        {"page": page, "can_verify": allowed, "csrf_token": late.slot(late.CSRF)},
    )


@late.filler("mustread")
def _mustread(reader: late.Reader, _arg: str) -> str:
    """The reader's own standing on the page's must-read (their acknowledgement: live)."""
    page, user = reader.get("page"), reader.user
    if not isinstance(page, KnowledgePage):
        return ""
    panel = _panel(reader)
    context = mustread.page_context(
        user, page, must_read=panel.must_read, governors=panel.governors
    )
    return render_to_string(
        "knowledge/includes/mustread_panel.html",
        {**context, "page": page, "csrf_token": late.slot(late.CSRF)},
    )
