"""A page's discussion as one cached value for every reader who may see the same (issue 19).

The threads on one page of the discussion (comments, edit histories, reaction counts) are
rendered once per page, discussion version (community.versions, bumped with every change
a reader could see), page of threads, opened thread, the reader's role set
(`core.fragments.role_key`) and the reader's own hidden or pending comments (only their
author sees their text), and kept in the cache. What differs between two such readers is
left in the HTML as late slots (`core.late`), which the page's `{% late_fragment %}` fills
from `reader_state` (the fillers are registered here):

- on each comment (`a`, `p`), the reader's actions: edit and delete on their own, report
  on others';
- on each reaction button (`r`; `rp` on the page's own bar), whether it is the reader's
  (its value and `aria-pressed`);
- the CSRF token (`late.CSRF`).

The rendered discussion is not filled here: the knowledge page keeps it, slots and all,
inside its cached body, and fills the whole body for each reader.

`reader_state` (the reader's reactions and comments on the page) is one query, kept in
the cache under the reader's id and the discussion version, so a second visit costs none.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Value
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from wagtail.models import Page

from community import versions
from community.comments import services as comments
from community.comments.cards import CSRF_SLOT
from community.models import Comment, Reaction, Status
from community.reactions import services as reactions
from core import fragments, late
from core.models import User
from core.policy import Action, policy

_PK = 918273645  # stands for a comment's id in the actions rendered once per request
_GONE = (Status.DELETED, Status.REMOVED)
_HIDDEN = (Status.HIDDEN, Status.PENDING)


@dataclass(frozen=True)
class Reader:
    """The reader's own part of a page's discussion."""

    reactions: frozenset = frozenset()  # {(comment id or None, kind)}
    own: Mapping[int, str] = field(default_factory=dict)  # {comment id: status}

    @property
    def own_hidden(self) -> frozenset:
        return frozenset(pk for pk, status in self.own.items() if status in _HIDDEN)


def _read_reader(page: Page, user: User) -> Reader:
    mine = (
        Reaction.objects.filter(page_id=page.pk, user_id=user.pk)
        .annotate(row=Value("r"))
        .values_list("comment_id", "kind", "row")
    )
    written = (
        Comment.objects.filter(page_id=page.pk, author_id=user.pk)
        .annotate(row=Value("c"))
        .values_list("pk", "status", "row")
        .order_by()
    )
    got, own = set(), {}
    for pk, text, row in mine.order_by().union(written, all=True):
        if row == "r":
            got.add((pk, text))
        else:
            own[pk] = text
    return Reader(frozenset(got), own)


def reader_state(page: Page, user: User) -> Reader:
    """The reader's reactions and comments on `page`: one query, then cached per reader
    until the discussion changes."""
    return fragments.cached(
        "discussion-reader",
        (page.pk, user.pk),
        lambda: _read_reader(page, user),
        depends_on=[versions.name(page.pk)],
    )


@dataclass(frozen=True)
class Pages:
    """What the discussion's page links need of Django's paginator page (picklable)."""

    number: int
    num_pages: int
    count: int
    shown: int = 0  # threads whose opening comment shows (the heading's count)

    @property
    def paginator(self) -> "Pages":
        return self

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


@dataclass(frozen=True)
class Shared:
    """The cached part: the rendered threads (with slots) and what the page shows of them."""

    html: str
    pages: Pages
    page_counts: dict
    empty: bool


def _number(value: object) -> int:
    try:
        return max(1, min(int(str(value)), 100_000))
    except (TypeError, ValueError):
        return 1


def _render(page: Page, user: User, number: int, expanded, own_hidden: frozenset) -> Shared:
    found = comments.discussion(page, user, number, expanded, own_hidden)
    context = {"discussion": found, "user": user, "csrf_token": CSRF_SLOT}
    html = "".join(
        render_to_string("community/comments/comment.html", {**context, "node": node})
        for node in found.threads
    )
    paginator = found.page_obj.paginator
    return Shared(
        html=html,
        pages=Pages(found.page_obj.number, paginator.num_pages, paginator.count, found.shown),
        page_counts=reactions_counts(found),
        empty=not found.threads,
    )


def reactions_counts(found: comments.Discussion) -> dict:
    return {state.kind: state.count for state in found.page_reactions.states if state.count}


def shared(page: Page, user: User, params: Mapping[str, str], reader: Reader) -> Shared:
    number = _number(params.get(comments.PAGE_PARAM, 1))
    expanded = comments.thread_param(params.get(comments.THREAD_PARAM))
    own_hidden = reader.own_hidden
    return fragments.cached(
        "discussion",
        (page.pk, number, expanded, fragments.role_key(user), tuple(sorted(own_hidden))),
        lambda: _render(page, user, number, expanded, own_hidden),
        depends_on=[versions.name(page.pk)],
    )


class Filler:
    """Fills a cached discussion's slots for one reader."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def _actions(self, **flags) -> str:
        node = SimpleNamespace(
            pk=_PK,
            edit_url=comments.url_for("comment_edit", _PK),
            delete_url=comments.url_for("comment_delete", _PK),
            flag_url=comments.url_for("flag", _PK, "comment"),
            **flags,
        )
        return render_to_string(
            "community/comments/own_actions.html", {"node": node, "csrf_token": CSRF_SLOT}
        )

    @cached_property
    def report(self) -> str:
        return self._actions(can_edit=False, can_delete=False, flaggable=True)

    @cached_property
    def own_visible(self) -> str:
        return self._actions(can_edit=True, can_delete=True, flaggable=False)

    @cached_property
    def own_delete(self) -> str:
        return self._actions(can_edit=False, can_delete=True, flaggable=False)

    def reaction(self, comment_id: int | None, kind: str) -> str:
        mine = (comment_id, kind) in self.reader.reactions
        wanted, pressed = ("off", "true") if mine else ("on", "false")
        value = f"{kind}:{wanted}" if comment_id is None else f"{comment_id}:{kind}:{wanted}"
        return f'value="{value}" aria-pressed="{pressed}"'

    def actions(self, pk: int, visible: bool) -> str:
        status = self.reader.own.get(pk)
        if visible:
            chosen = self.report if status is None else self.own_visible
        else:
            chosen = self.own_delete if status is not None and status not in _GONE else ""
        return chosen.replace(str(_PK), str(pk))


def _filler(reader: late.Reader) -> Filler | None:
    """This pass's filler: the reader's state on the page being shown, read once."""
    page, user = reader.get("page"), reader.user
    if page is None or user is None or not user.is_authenticated:
        return None
    return reader.once(("discussion", page.pk), lambda: Filler(reader_state(page, user)))


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


@late.filler("a")
def _visible_actions(reader: late.Reader, arg: str) -> str:
    found, pk = _filler(reader), _int(arg)
    return found.actions(pk, visible=True) if found and pk is not None else ""


@late.filler("p")
def _pending_actions(reader: late.Reader, arg: str) -> str:
    found, pk = _filler(reader), _int(arg)
    return found.actions(pk, visible=False) if found and pk is not None else ""


@late.filler("r")
def _comment_reaction(reader: late.Reader, arg: str) -> str:
    pk, _dot, kind = arg.partition(".")
    found = _filler(reader)
    return found.reaction(_int(pk), kind) if found and _int(pk) is not None else ""


@late.filler("rp")
def _page_reaction(reader: late.Reader, kind: str) -> str:
    found = _filler(reader)
    return found.reaction(None, kind) if found else ""


@dataclass
class CachedDiscussion:
    """What community/includes/discussion.html shows, from the cached part and the reader's."""

    page: Page
    html: str
    page_obj: Pages
    can_post: bool
    is_empty: bool
    max_depth: int = comments.MAX_DEPTH
    page_param = comments.PAGE_PARAM
    thread_param = comments.THREAD_PARAM
    threads = ()

    @property
    def max_chars(self) -> int:
        return settings.HEARTH_POST_MAX_CHARS

    @property
    def post_url(self) -> str:
        return comments.url_for("comment_post", self.page.pk)

    @property
    def react_url(self) -> str:
        return comments.url_for("react", self.page.pk)

    @property
    def count(self) -> int:
        return self.page_obj.shown


def context(page: Page, user: User, params: Mapping[str, str]) -> dict:
    """`discussion` and `page_reactions` for a signed-in reader, from the cache, with the
    reader's own bits left as late slots (`core.late`: the page's template fills them)."""
    reader = reader_state(page, user)
    found = shared(page, user, params, reader)
    return {
        "discussion": CachedDiscussion(
            page=page,
            html=found.html,
            page_obj=found.pages,
            can_post=policy.user_has_permission_for_instance(user, Action.COMMENT, page),
            is_empty=found.empty,
        ),
        "page_reactions": reactions.page_bar(page.pk, found.page_counts, slotted=True),
    }
