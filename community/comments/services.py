"""Comments: post, reply, edit, soft delete, mentions, and the discussion a page shows.

Threads: a top-level comment is its own `thread`; every reply carries its thread, so the
threads on one page of the discussion load with their replies in a single query. Replies
nest to MAX_DEPTH; a reply to a comment at that depth keeps its real `parent` (the person
replied to is told) but is shown flat at MAX_DEPTH, "in reply to" its parent's author.

Threads are listed oldest first, THREADS_PER_PAGE to a page, so a conversation reads from
the top and a comment's page (and so its permalink) never moves when others are added.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from community import limits, mentions
from community.models import Comment, CommentEdit, Status
from community.notifications import notify
from community.reactions import services as reactions
from community.reactions.services import ReactionBar
from core import late
from core.models import User
from core.permissions import can_view_page
from core.policy import READ_ONLY_PINHOLE, Action, policy
from core.sanitize import render_markdown
from insights.models import Verb
from insights.services import record_event
from people.services import avatar_renditions

MAX_DEPTH = 4
# Where a cached discussion (community.comments.shared) leaves a reader's own bits: late
# slots (core.late), letters and digits only, and secret, so no comment can contain one.
SLOT = late.marker()
# Five threads a page keep the knowledge page's first screen small (issue 19: <= 60 KB):
# the later ones come with "Later comments", in place with JavaScript, as a page without.
THREADS_PER_PAGE = 5
PAGE_PARAM = "comments"
# A thread shows its first REPLIES_SHOWN replies (in reading order) until its reader asks
# for the rest (`?thread=<id>`, THREAD_PARAM): a long thread costs the page little HTML.
REPLIES_SHOWN = 1
THREAD_PARAM = "thread"


# -- URLs ----------------------------------------------------------------------------

_URL_PLACEHOLDER = 918273645
_url_patterns: dict[tuple[str, str], str] = {}


def url_for(name: str, pk: int, *before: str) -> str:
    """`reverse("community:<name>", args=[*before, pk])`, reversed once per process and
    then formatted: a discussion page links each comment several times."""
    key = (name, get_script_prefix(), *before)
    pattern = _url_patterns.get(key)
    if pattern is None:
        pattern = reverse(f"community:{name}", args=[*before, _URL_PLACEHOLDER])
        pattern = _url_patterns[key] = pattern.replace(str(_URL_PLACEHOLDER), "{}")
    return pattern.format(pk)


# -- names ---------------------------------------------------------------------------


def person_name(user: User | None) -> str:
    """How a person is shown: their profile's display name, else their name or username.

    Reads `user.profile` only from what `select_related("author__profile")` loaded."""
    if user is None:
        return _("A former colleague")
    try:
        profile = user.profile
    except ObjectDoesNotExist:
        profile = None
    return (profile.display_name if profile is not None else "") or user.display_name


# -- rendering -----------------------------------------------------------------------

# A tag as nh3 serialises it: attribute values always double-quoted, `"` inside escaped.
_TAG = re.compile(r'<(/?)([a-zA-Z0-9]+)(?:[^>"]|"[^"]*")*>')
_LITERAL = {"code", "pre"}


def _highlight_mentions(html: str, people: dict[str, str]) -> str:
    """Wrap `@username` of the people in `people` (lowercase username -> name) in a span.

    Works on the sanitised HTML: only text between tags is touched (never attributes,
    never code), and the inserted name is escaped, so no user text can become markup.
    """
    if not people:
        return html
    out: list[str] = []
    literal = 0
    position = 0

    def replace(match: re.Match) -> str:
        name = people.get(match.group(1).lower())
        if name is None:
            return match.group(0)
        username = escape(match.group(1))
        return f'<span class="mention" title="@{username}">@{escape(name)}</span>'

    for tag in _TAG.finditer(html):
        text = html[position : tag.start()]
        out.append(text if literal else mentions.MENTION.sub(replace, text))
        out.append(tag.group(0))
        if tag.group(2).lower() in _LITERAL:
            literal = max(0, literal + (-1 if tag.group(1) else 1))
        position = tag.end()
    tail = html[position:]
    out.append(tail if literal else mentions.MENTION.sub(replace, tail))
    return "".join(out)


def render_comment(text: str, mentioned: list[User]) -> str:
    """The stored HTML of a comment: Markdown, sanitised, then mentions highlighted."""
    people = {person.username.lower(): person_name(person) for person in mentioned}
    return _highlight_mentions(str(render_markdown(text)), people)


# -- permission and validation -------------------------------------------------------


def takes_discussion(page: Page) -> bool:
    return bool(getattr(page.specific_class, "has_discussion", False))


def _check_can_take_part(user: User | AnonymousUser, page: Page) -> None:
    if not user.is_authenticated or not can_view_page(user, page):
        raise PermissionDenied(_("You cannot take part in the discussion of this page."))
    policy.check(user, Action.COMMENT, page, READ_ONLY_PINHOLE)  # a guest's read-only pinhole
    if not takes_discussion(page):
        raise ValidationError(_("This page does not take comments."), code="no_discussion")


def _check_reply_target(page: Page, parent: Comment) -> None:
    if parent.page_id != page.pk:
        raise ValidationError(
            _("That comment belongs to another page, so you cannot reply to it here."),
            code="other_page",
        )
    if parent.status != Status.VISIBLE:
        raise ValidationError(
            _("That comment was deleted or hidden, so it cannot take replies."),
            code="not_visible",
        )


def _check_author(user: User, comment: Comment, refusal: str) -> None:
    if not user.is_authenticated or comment.author_id != user.pk:
        raise PermissionDenied(refusal)
    if not can_view_page(user, comment.page):
        raise PermissionDenied(_("You cannot take part in the discussion of this page."))


@dataclass
class MentionReport:
    """What the writer is told about the people they mentioned."""

    unreachable: list[User] = field(default_factory=list)

    @property
    def message(self) -> str:
        if not self.unreachable:
            return ""
        names = ", ".join(person_name(person) for person in self.unreachable)
        return ngettext(
            "%(names)s cannot see this page, so was not notified.",
            "%(names)s cannot see this page, so were not notified.",
            len(self.unreachable),
        ) % {"names": names}


# -- side effects --------------------------------------------------------------------


def post_comment(user: User, page: Page, text: str, parent: Comment | None = None) -> Comment:
    """Post a comment (a reply when `parent` is given) on `page`.

    The returned comment carries `mention_report` (people mentioned who cannot see the
    page, so were not notified). Raises PermissionDenied, ValidationError or RateLimited.
    """
    _check_can_take_part(user, page)
    if parent is not None:
        _check_reply_target(page, parent)
    text = limits.clean_text(text)
    limits.check_rate(user)
    found = mentions.resolve(text, page, author=user)
    with transaction.atomic():
        comment = Comment(
            page_id=page.pk,
            author=user,
            body=text,
            body_html=render_comment(text, found.reachable),
        )
        if parent is not None:
            comment.parent = parent
            comment.thread_id = parent.thread_id or parent.pk
            comment.depth = min(parent.depth + 1, MAX_DEPTH)
        comment.save()
        if parent is None:
            comment.thread = comment
            Comment.objects.filter(pk=comment.pk).update(thread=comment)
        if found.reachable:
            comment.mentioned.set(found.reachable)
        record_event(user, Verb.COMMENTED, page)
        notify.comment_posted(comment)
    comment.mention_report = MentionReport(found.unreachable)
    return comment


def check_can_reply(user: User | AnonymousUser, comment: Comment) -> None:
    _check_can_take_part(user, comment.page)
    _check_reply_target(comment.page, comment)


def check_can_edit(user: User | AnonymousUser, comment: Comment) -> None:
    _check_author(user, comment, _("Only the person who wrote a comment can edit it."))
    if comment.status != Status.VISIBLE:
        raise ValidationError(
            _("This comment was deleted or hidden, so it can no longer be edited."),
            code="not_visible",
        )


def edit_comment(user: User, comment: Comment, text: str) -> Comment:
    """Replace a comment's text, keeping the previous text as a CommentEdit."""
    check_can_edit(user, comment)
    text = limits.clean_text(text)
    limits.check_rate(user)
    found = mentions.resolve(text, comment.page, author=user)
    if text == comment.body:
        comment.mention_report = MentionReport(found.unreachable)
        return comment
    now = timezone.now()
    with transaction.atomic():
        CommentEdit.objects.create(
            comment=comment,
            body=comment.body,
            body_html=comment.body_html,
            edited_at=now,
            edited_by=user,
        )
        comment.body = text
        comment.body_html = render_comment(text, found.reachable)
        comment.edited_at = now
        comment.save(update_fields=["body", "body_html", "edited_at"])
        before = set(comment.mentioned.values_list("pk", flat=True))
        comment.mentioned.set(found.reachable)
        notify.comment_mentions_added(
            comment, [person.pk for person in found.reachable if person.pk not in before]
        )
    comment.mention_report = MentionReport(found.unreachable)
    return comment


def delete_comment(user: User, comment: Comment) -> Comment:
    """Soft delete: the comment keeps its place (its replies stay) but shows no text.

    The rendered text is dropped so no read path can show it again; `body` stays for
    moderators, as Wagtail keeps a deleted page's revisions."""
    _check_author(user, comment, _("Only the person who wrote a comment can delete it."))
    if comment.status in (Status.DELETED, Status.REMOVED):
        raise ValidationError(_("This comment is already deleted."), code="deleted")
    comment.status = Status.DELETED
    comment.body_html = ""
    comment.save(update_fields=["status", "body_html"])
    return comment


# -- reading -------------------------------------------------------------------------


def visible_comment(user: User | AnonymousUser, comment_id: object) -> Comment | None:
    """A visible comment on a page `user` may see, or None (missing and private alike)."""
    try:
        comment_id = int(str(comment_id))
    except (TypeError, ValueError):
        return None
    comment = (
        Comment.objects.filter(pk=comment_id, status=Status.VISIBLE).select_related("page").first()
    )
    if comment is None or not can_view_page(user, comment.page):
        return None
    return comment


def _top_level(page: Page) -> QuerySet[Comment]:
    return Comment.objects.filter(page_id=page.pk, parent__isnull=True).order_by("created_at", "pk")


def _thread_totals(page: Page) -> dict[str, int]:
    """Every thread (each keeps its place, deleted or not: the paginator counts these) and
    the threads whose opening comment shows (what the discussion's heading counts), in one
    query."""
    return (
        _top_level(page)
        .order_by()
        .aggregate(total=Count("pk"), shown=Count("pk", filter=Q(status=Status.VISIBLE)))
    )


def thread_count(page: Page) -> int:
    """The number the discussion's heading shows, for an answer that changes it."""
    return _thread_totals(page)["shown"]


def page_number_of(comment: Comment) -> int:
    """The discussion page (1-based) that shows `comment`'s thread."""
    thread = comment.thread or comment
    before = (
        _top_level(comment.page)
        .filter(
            Q(created_at__lt=thread.created_at) | Q(created_at=thread.created_at, pk__lt=thread.pk)
        )
        .count()
    )
    return before // THREADS_PER_PAGE + 1


def permalink(comment: Comment, request: HttpRequest | None = None) -> str:
    url = comment.page.get_url(request) or "/"
    number = page_number_of(comment)
    query = f"?{PAGE_PARAM}={number}" if number > 1 else ""
    return f"{url}{query}#comment-{comment.pk}"


@dataclass
class CommentNode:
    """One comment as the discussion shows it, with its replies."""

    comment: Comment
    author_name: str
    shows_text: bool
    placeholder: str
    note: str
    can_reply: bool
    can_edit: bool
    can_delete: bool
    reply_target: int  # the comment whose reply list takes replies made here
    in_reply_to: str = ""
    reactions: ReactionBar | None = None
    edits: list = field(default_factory=list)
    slot: str = ""  # in a cached discussion: where the reader's own actions go
    more_replies: int = 0  # replies of this thread left out of the page (see REPLIES_SHOWN)
    card_html: str = ""  # set by community.comments.cards.attach_cards for a whole discussion page
    author_profile: object | None = None  # for the avatar (its photo, when it has one)
    replies: list["CommentNode"] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.comment.pk

    @property
    def depth(self) -> int:
        return self.comment.depth

    @property
    def permalink_url(self) -> str:
        return url_for("comment", self.comment.pk)

    @property
    def reply_url(self) -> str:
        return url_for("comment_reply", self.comment.pk)

    @property
    def edit_url(self) -> str:
        return url_for("comment_edit", self.comment.pk)

    @property
    def delete_url(self) -> str:
        return url_for("comment_delete", self.comment.pk)

    @property
    def flag_url(self) -> str:
        return url_for("flag", self.comment.pk, "comment")


def _node(
    comment: Comment, user: User | AnonymousUser, edits: list, own_hidden: frozenset | None = None
) -> CommentNode:
    """One comment for `user`; with `own_hidden` (a cached discussion, shared by readers
    who see the same), for any reader whose hidden or pending comments are `own_hidden`:
    the reader's own actions are left as a slot (community.comments.shared fills it)."""
    if own_hidden is not None:
        mine = comment.pk in own_hidden
    else:
        mine = user.is_authenticated and comment.author_id == user.pk
    status = comment.status
    placeholder = note = ""
    shows_text = status == Status.VISIBLE
    if status == Status.DELETED:
        placeholder = _("Comment deleted")
    elif status == Status.REMOVED:
        placeholder = _("Comment removed by a moderator")
    elif status == Status.HIDDEN:
        placeholder = _("Comment hidden by a moderator")
        shows_text = mine
        note = placeholder if mine else ""
    elif status == Status.PENDING:
        placeholder = _("Comment hidden pending review")
        shows_text = mine
        note = placeholder if mine else ""
    visible = status == Status.VISIBLE
    shared = own_hidden is not None  # the reader's own actions go in a slot
    author = comment.author if shows_text or visible else None
    return CommentNode(
        comment=comment,
        author_profile=getattr(author, "profile", None) if author is not None else None,
        author_name=person_name(comment.author) if shows_text or visible else "",
        shows_text=shows_text,
        placeholder=placeholder,
        note=note,
        can_reply=visible and user.is_authenticated,
        can_edit=visible and mine and not shared,
        can_delete=mine and status not in (Status.DELETED, Status.REMOVED) and not shared,
        reply_target=comment.pk,
        edits=edits if shows_text else [],
        slot=late.slot("a" if visible and user.is_authenticated else "p", comment.pk)
        if shared
        else "",
    )


def single_node(comment: Comment, user: User | AnonymousUser) -> CommentNode:
    """One comment as the discussion shows it (after posting or changing it), without
    loading the rest of the page's discussion."""
    edits = (
        list(comment.edits.only("comment_id", "body_html", "edited_at"))
        if (comment.edited_at)
        else []
    )
    node = _node(comment, user, edits)
    if comment.depth >= MAX_DEPTH and comment.parent_id is not None:
        # Shown flat under its nearest ancestor above MAX_DEPTH, as `discussion` does.
        rows = Comment.objects.filter(thread_id=comment.thread_id).values_list(
            "pk", "parent_id", "depth"
        )
        shape = {pk: (parent_id, depth) for pk, parent_id, depth in rows}
        holder = comment.parent_id
        while holder in shape and shape[holder][1] >= MAX_DEPTH:
            holder = shape[holder][0]
        node.reply_target = holder if holder in shape else comment.pk
        parent = comment.parent
        if parent.depth >= MAX_DEPTH:
            node.in_reply_to = person_name(parent.author) if parent.is_visible else ""
    return node


@dataclass
class Discussion:
    page: Page
    threads: list[CommentNode]
    page_obj: PaginatorPage
    can_post: bool
    page_reactions: ReactionBar
    shown: int = 0
    max_depth: int = MAX_DEPTH

    @property
    def max_chars(self) -> int:
        return settings.HEARTH_POST_MAX_CHARS

    @property
    def post_url(self) -> str:
        return url_for("comment_post", self.page.pk)

    @property
    def react_url(self) -> str:
        return url_for("react", self.page.pk)

    @property
    def count(self) -> int:
        """Threads whose opening comment shows (a deleted one keeps its place, uncounted)."""
        return self.shown

    page_param = PAGE_PARAM
    thread_param = THREAD_PARAM
    html = ""  # the threads rendered once for many readers (community.comments.shared)

    @property
    def is_empty(self) -> bool:
        return not self.threads


def _walk(node: CommentNode):
    for reply in node.replies:
        yield reply
        yield from _walk(reply)


def _shorten(thread: CommentNode) -> None:
    """Keep the thread's first REPLIES_SHOWN replies in reading order (a parent always
    comes before its replies, so what is kept stays connected) and count the rest."""
    replies = list(_walk(thread))
    if len(replies) <= REPLIES_SHOWN:
        return
    kept = {node.pk for node in replies[:REPLIES_SHOWN]}
    for node in [thread, *replies]:
        node.replies = [reply for reply in node.replies if reply.pk in kept]
    thread.more_replies = len(replies) - REPLIES_SHOWN


def thread_param(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def discussion(
    page: Page,
    user: User | AnonymousUser,
    number: object = 1,
    expanded: object = None,
    own_hidden: frozenset | None = None,
) -> Discussion:
    """The threads on discussion page `number` with their replies (all of them for the
    thread `expanded`, the first REPLIES_SHOWN of the others), edit histories and
    reactions: four queries however many comments and reactions there are."""
    top_level = _top_level(page).values_list("pk", flat=True)
    totals = _thread_totals(page)
    paginator = Paginator(top_level, THREADS_PER_PAGE)
    paginator.count = totals["total"]  # counted with the shown threads, in the same query
    page_obj = paginator.get_page(number)
    # A sliced queryset, used as a subquery, so the queries are the same whether or not
    # there are threads (an empty id list, or an empty slice, would skip them).
    start = (page_obj.number - 1) * THREADS_PER_PAGE
    thread_ids = top_level[start : start + THREADS_PER_PAGE]
    comments = list(
        Comment.objects.filter(page_id=page.pk, thread_id__in=thread_ids)
        .select_related("author__profile__photo")
        # The authors' avatar renditions: one query for the page of comments (none when
        # no author has a photo).
        .prefetch_related(avatar_renditions("author__profile__photo__renditions"))
        .order_by("created_at", "pk")
    )
    edits: dict[int, list] = {}
    for edit in (
        CommentEdit.objects.filter(comment__page_id=page.pk, comment__thread_id__in=thread_ids)
        .order_by("comment_id", "-edited_at", "-pk")
        .only("comment_id", "body_html", "edited_at")
    ):
        edits.setdefault(edit.comment_id, []).append(edit)
    summary = reactions.summary(page, user, thread_ids, shared=own_hidden is not None)

    nodes: dict[int, CommentNode] = {}
    threads: list[CommentNode] = []
    for comment in comments:
        node = _node(comment, user, edits.get(comment.pk, []), own_hidden)
        node.reactions = summary.for_comment(comment.pk)
        nodes[comment.pk] = node
        if comment.parent_id is None:
            threads.append(node)
            continue
        parent = nodes.get(comment.parent_id)
        if parent is None:  # its parent is in another thread: not a shape we make
            continue
        if parent.depth >= MAX_DEPTH:
            holder = nodes[parent.reply_target]
            node.in_reply_to = parent.author_name or parent.placeholder
        else:
            holder = parent
        if comment.depth >= MAX_DEPTH:
            node.reply_target = holder.pk
        holder.replies.append(node)
    expanded = thread_param(expanded)
    for thread in threads:
        if thread.pk != expanded:
            _shorten(thread)
    return Discussion(
        page=page,
        threads=threads,
        page_obj=page_obj,
        can_post=policy.user_has_permission_for_instance(user, Action.COMMENT, page),
        page_reactions=summary.for_page(),
        shown=totals["shown"],
    )
