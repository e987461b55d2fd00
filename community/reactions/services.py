"""Reactions on pages and comments: a fixed set of kinds, one of each per person and target.

Setting a reaction names the state wanted ("on" or "off"), so a double submit or a retry
changes nothing; the unique constraints settle a race between two requests.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, Q, QuerySet, Value
from django.utils.translation import gettext as _
from wagtail.models import Page

from community.comments import services as comments
from community.models import Comment, Reaction, ReactionKind, Status
from core import late
from core.models import User
from core.permissions import can_view_page
from core.policy import READ_ONLY_PINHOLE, Action, policy
from insights.models import Verb
from insights.services import record_event

WHO_REACTED_PER_PAGE = 20


@dataclass(frozen=True, slots=True)
class ReactionState:
    """One kind on one target, as a reaction bar shows it."""

    kind: str
    label: str
    count: int
    mine: bool
    token: str = ""  # in a cached discussion: the slot for the reader's value and pressed state

    @property
    def wanted(self) -> str:
        """The state pressing the button asks for."""
        return "off" if self.mine else "on"

    @property
    def pressed(self) -> str:
        return "true" if self.mine else "false"


@dataclass(frozen=True, slots=True)
class ReactionBar:
    """Every kind on one target, in a fixed order; `first_kind` opens "who reacted"."""

    states: list[ReactionState]
    page_id: int
    comment_id: int | None = None

    @property
    def first_kind(self) -> str:
        return next((state.kind for state in self.states if state.count), "")

    @property
    def url(self) -> str:
        return comments.url_for("react", self.page_id)

    @property
    def shown(self) -> list[ReactionState]:
        """The kinds a comment's bar shows in a discussion: those anyone chose (the others
        are one click away, `more_url`), so a quiet comment costs the page little."""
        return [state for state in self.states if state.count or state.mine]

    @property
    def more_url(self) -> str:
        """Every kind and who chose it, on a page of its own (in place with JavaScript)."""
        comment = f"?comment={self.comment_id}" if self.comment_id else ""
        return f"{comments.url_for('who_reacted', self.page_id)}{comment}"

    @property
    def who_url(self) -> str:
        """Who reacted, starting with the first kind anyone chose; "" when nobody did."""
        kind = self.first_kind
        if not kind:
            return ""
        comment = f"&comment={self.comment_id}" if self.comment_id else ""
        return f"{comments.url_for('who_reacted', self.page_id)}?kind={kind}{comment}"


def _bar(counts: dict[str, tuple[int, bool]], page_id: int, comment_id=None) -> ReactionBar:
    return ReactionBar(
        [
            ReactionState(kind, str(label), *counts.get(kind, (0, False)))
            for kind, label in ReactionKind.choices
        ],
        page_id,
        comment_id,
    )


class Summary:
    """Counts and "mine" for a page and its comments, from one grouped query."""

    def __init__(self, page_id: int, rows, shared: bool = False) -> None:
        self.page_id = page_id
        self.shared = shared
        self._by_target: dict[int | None, dict[str, tuple[int, bool]]] = {}
        for row in rows:
            self._by_target.setdefault(row["comment_id"], {})[row["kind"]] = (
                row["count"],
                bool(row["mine"]),
            )

    def for_page(self) -> ReactionBar:
        return _bar(self._by_target.get(None, {}), self.page_id)

    def for_comment(self, comment_id: int) -> ReactionBar:
        bar = _bar(self._by_target.get(comment_id, {}), self.page_id, comment_id)
        if not self.shared:
            return bar
        return ReactionBar(
            [
                ReactionState(
                    s.kind, s.label, s.count, False, late.slot("r", f"{comment_id}.{s.kind}")
                )
                for s in bar.states
            ],
            self.page_id,
            comment_id,
        )


def _grouped(reactions: QuerySet[Reaction], user: User | AnonymousUser):
    mine = (
        Count("pk", filter=Q(user_id=user.pk))
        if user.is_authenticated
        else Value(0, output_field=IntegerField())
    )
    return reactions.values("comment_id", "kind").annotate(count=Count("pk"), mine=mine).order_by()


def summary(page: Page, user: User | AnonymousUser, thread_ids, shared: bool = False) -> Summary:
    """The page's own reactions and those on the comments of the threads `thread_ids`
    (a list or a subquery of top-level comment ids). `shared`: counts only, with slots
    where the reader's own reactions go (a cached discussion)."""
    reactions = Reaction.objects.filter(page_id=page.pk).filter(
        Q(comment__isnull=True) | Q(comment__thread_id__in=thread_ids)
    )
    return Summary(page.pk, _grouped(reactions, AnonymousUser() if shared else user), shared)


def page_bar(
    page_id: int, counts: dict[str, int], mine: frozenset[str] = frozenset(), slotted=False
) -> ReactionBar:
    """The page's own bar from counts and the reader's kinds; `slotted`: for a rendering
    readers share, each button's value and pressed state a late slot (`core.late`, filled
    by community.comments.shared)."""
    bar = _bar({kind: (counts.get(kind, 0), kind in mine) for kind in ReactionKind.values}, page_id)
    if not slotted:
        return bar
    return ReactionBar(
        [
            ReactionState(s.kind, s.label, s.count, False, late.slot("rp", s.kind))
            for s in bar.states
        ],
        page_id,
    )


def bar_for(page: Page, user: User | AnonymousUser, comment: Comment | None = None) -> ReactionBar:
    """The reaction bar of one target (a page, or one of its comments)."""
    reactions = Reaction.objects.filter(page_id=page.pk, comment=comment)
    found = Summary(page.pk, _grouped(reactions, user))
    return found.for_comment(comment.pk) if comment is not None else found.for_page()


def _check_can_react(user: User | AnonymousUser, page: Page) -> None:
    if not user.is_authenticated or not can_view_page(user, page):
        raise PermissionDenied(_("You cannot react on this page."))
    policy.check(user, Action.REACT, page, READ_ONLY_PINHOLE)  # a guest's read-only pinhole
    if not getattr(page.specific_class, "has_discussion", False):
        raise ValidationError(_("This page does not take reactions."), code="no_discussion")


def clean_kind(kind: object) -> str:
    if kind not in ReactionKind.values:
        raise ValidationError(
            _("Choose one of the reactions: %(kinds)s.")
            % {"kinds": ", ".join(str(label) for label in ReactionKind.labels)},
            code="kind",
        )
    return str(kind)


def set_reaction(
    user: User, page: Page, kind: str, *, on: bool, comment: Comment | None = None
) -> bool:
    """Make `user`'s `kind` reaction on the page (or its `comment`) on or off.

    Returns whether anything changed; asking twice for the same state changes nothing.
    """
    _check_can_react(user, page)
    kind = clean_kind(kind)
    if comment is not None and comment.page_id != page.pk:
        raise ValidationError(_("That comment belongs to another page."), code="other_page")
    if not on:
        deleted, _rows = Reaction.objects.filter(
            page_id=page.pk, comment=comment, user=user, kind=kind
        ).delete()
        return bool(deleted)
    if comment is not None and comment.status != Status.VISIBLE:
        raise ValidationError(
            _("That comment was deleted or hidden, so it cannot take reactions."),
            code="not_visible",
        )
    try:
        with transaction.atomic():
            _reaction, created = Reaction.objects.get_or_create(
                page_id=page.pk, comment=comment, user=user, kind=kind
            )
    except IntegrityError:  # the same reaction saved by a parallel request
        created = False
    if created:
        record_event(user, Verb.REACTED, page)
    return created


def who_reacted(
    user: User | AnonymousUser, page: Page, kind: str, comment: Comment | None = None
) -> QuerySet[Reaction]:
    """The reactions of one kind on a page or a comment, with their people, newest first."""
    if not user.is_authenticated or not can_view_page(user, page):
        raise PermissionDenied(_("You cannot see the reactions on this page."))
    kind = clean_kind(kind)
    if comment is not None and (comment.page_id != page.pk or comment.status != Status.VISIBLE):
        raise ValidationError(_("That comment is not on this page."), code="other_page")
    return (
        Reaction.objects.filter(page_id=page.pk, comment=comment, kind=kind)
        .select_related("user__profile")
        .order_by("-created_at", "-pk")
    )
