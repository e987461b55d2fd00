"""The idea board: submit, vote, move ideas along, merge duplicates.

Ideas are pages. A person submits one through `submit_idea`, which creates the page under
the board *for* them (employees have no page permissions in the admin): Page.owner and the
published revision's user are the author, so comments, reactions, watching, search and
history work as on every page.

Votes: one per person and idea (a unique constraint), and `vote`/`unvote` are idempotent:
asking twice leaves one vote, or none. A vote for a merged idea goes to the idea it was
merged into, so merging never counts a person twice.

Status changes and merges are for communications and administrators; the author and the
voters are told in a background task, and both go to Wagtail's audit log.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextChoices,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry

from brand.ideas import tasks as tasks_ideas
from brand.ideas.models import IdeaBoardPage, IdeaPage, IdeaStatus, IdeaVote
from community.models import Comment, Status, WatchReason
from community.watching import services as watching
from core.models import User
from core.permissions import can_view_page, has_role, viewable_pages
from core.policy import Action, policy
from core.roles import Role
from core.site_pages import unique_child_slug
from insights.models import Verb
from insights.services import record_event

IDEAS_PER_PAGE = 20
IDEAS_PER_HOUR = 10  # per person: a burst of ideas is almost always a mistake or spam
MAX_QUERY_CHARS = 200
MAX_TITLE_CHARS = 200
MERGE_CHOICES = 200  # the merge form lists at most this many candidate ideas
MAX_MERGE_HOPS = 10
CREDITS_SHOWN = 20  # ideas credited on a page's history

OPEN = (IdeaStatus.NEW, IdeaStatus.UNDER_REVIEW, IdeaStatus.PLANNED)
# What communications may set by hand; MERGED only comes from `merge_idea`.
SETTABLE = (
    IdeaStatus.NEW,
    IdeaStatus.UNDER_REVIEW,
    IdeaStatus.PLANNED,
    IdeaStatus.DONE,
    IdeaStatus.DECLINED,
)
# Statuses that tell the owner of the page an idea is about.

NOT_LINKED = gettext_lazy("That page does not exist or you cannot see it, so it was not linked.")

STATUS_LOG_ACTION = "hearth.idea.status"
MERGE_LOG_ACTION = "hearth.idea.merge"
SHIPPED_LOG_ACTION = "hearth.idea.shipped"


class Sort(TextChoices):
    VOTES = "votes", gettext_lazy("Most votes")
    NEWEST = "newest", gettext_lazy("Newest")
    UPDATED = "updated", gettext_lazy("Recently updated")


ORDERINGS = {
    Sort.VOTES: ("-vote_count", "-first_published_at", "-pk"),
    Sort.NEWEST: ("-first_published_at", "-pk"),
    Sort.UPDATED: ("-active_at", "-pk"),
}


class RateLimited(Exception):
    """Too many ideas in a short time; `str()` is the message to show."""


# Who may do what -----------------------------------------------------------------------------
def can_use_ideas(user: User | AnonymousUser) -> bool:
    """Staff only: guests (vendors, customers) never see the idea board."""
    return policy.user_has_permission(user, Action.STAFF)


def can_manage_ideas(user: User | AnonymousUser) -> bool:
    """Communications and administrators move ideas along and merge them."""
    return can_use_ideas(user) and (
        has_role(user, Role.COMMUNICATIONS) or has_role(user, Role.ADMINISTRATORS)
    )


def _check_can_read(user: User | AnonymousUser, idea: Page) -> None:
    if not can_use_ideas(user) or not can_view_page(user, idea):
        raise PermissionDenied(_("You cannot take part in this idea."))


def _check_can_manage(user: User | AnonymousUser, idea: Page) -> None:
    _check_can_read(user, idea)
    if not can_manage_ideas(user):
        raise PermissionDenied(_("Only communications and administrators change ideas."))


# Query shapes --------------------------------------------------------------------------------
def _count(queryset: QuerySet, field: str) -> Subquery:
    return Subquery(
        queryset.order_by().values(field).annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


def ideas_for(user: User | AnonymousUser) -> QuerySet[IdeaPage]:
    """Live ideas `user` may read, each with its author, vote count, comment count and the
    time of its last activity (published, status changed, commented): one query."""
    visible_comments = Comment.objects.filter(page_id=OuterRef("pk"), status=Status.VISIBLE)
    last_comment = visible_comments.order_by("-created_at").values("created_at")[:1]
    return (
        IdeaPage.objects.live()
        .filter(pk__in=viewable_pages(user).values("pk"))
        .select_related("author", "merged_into")
        .annotate(
            vote_count=Coalesce(_count(IdeaVote.objects.filter(idea_id=OuterRef("pk")), "idea"), 0),
            comment_count=Coalesce(_count(visible_comments, "page"), 0),
            last_comment_at=Subquery(last_comment),
        )
        .annotate(
            active_at=Greatest(
                "status_changed_at",
                Coalesce("last_published_at", "status_changed_at"),
                Coalesce("last_comment_at", "status_changed_at"),
            )
        )
    )


def search_ideas(ideas: QuerySet[IdeaPage], query: str) -> QuerySet[IdeaPage]:
    """Ideas whose title, problem or proposal contains every word of `query`."""
    for word in query.split()[:10]:
        ideas = ideas.filter(
            Q(title__icontains=word) | Q(problem__icontains=word) | Q(proposal__icontains=word)
        )
    return ideas


def voted_idea_ids(user: User | AnonymousUser, idea_ids) -> set[int]:
    """Which of `idea_ids` `user` voted for: one query."""
    if not user.is_authenticated:
        return set()
    return set(
        IdeaVote.objects.filter(user=user, idea_id__in=list(idea_ids)).values_list(
            "idea_id", flat=True
        )
    )


def vote_count(idea: IdeaPage) -> int:
    return IdeaVote.objects.filter(idea=idea).count()


def has_voted(user: User | AnonymousUser, idea: IdeaPage) -> bool:
    return user.is_authenticated and IdeaVote.objects.filter(idea=idea, user=user).exists()


def merge_candidates(idea: IdeaPage) -> QuerySet[IdeaPage]:
    """Ideas `idea` can be merged into: live, same board, not merged themselves."""
    return (
        IdeaPage.objects.live()
        .child_of(idea.get_parent())
        .exclude(pk=idea.pk)
        .exclude(status=IdeaStatus.MERGED)
        .order_by("title")
        .only("pk", "title", "status")[:MERGE_CHOICES]
    )


@dataclass
class Listing:
    page_obj: PaginatorPage
    status_counts: dict[str, int]
    total: int


def board_listing(
    user: User | AnonymousUser,
    board: IdeaBoardPage,
    *,
    status: str = "",
    sort: str = Sort.VOTES,
    query: str = "",
    page_number: object = 1,
) -> Listing:
    """One page of the board's ideas as the reader asked (status, sort, search), the number
    of ideas per status for the filter, and which of the shown ideas the reader voted for
    (`idea.has_voted`, `idea.can_vote`). Four queries, however many ideas there are."""
    ideas = ideas_for(user).child_of(board)
    if query:
        ideas = search_ideas(ideas, query)
    status_counts = dict(
        ideas.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    if status in IdeaStatus.values:
        ideas = ideas.filter(status=status)
    else:  # every idea but the duplicates
        ideas = ideas.exclude(status=IdeaStatus.MERGED)
    ideas = ideas.order_by(*ORDERINGS.get(sort, ORDERINGS[Sort.VOTES]))
    page_obj = Paginator(ideas, IDEAS_PER_PAGE).get_page(page_number)
    mine = voted_idea_ids(user, [idea.pk for idea in page_obj.object_list])
    for idea in page_obj.object_list:
        idea.has_voted = idea.pk in mine
        idea.can_vote = idea.status in OPEN
    total = sum(n for key, n in status_counts.items() if key != IdeaStatus.MERGED)
    return Listing(page_obj=page_obj, status_counts=status_counts, total=total)


def shipped_credits(page: Page) -> QuerySet[PageLogEntry]:
    """The ideas shipped on `page` (log entries, newest first), for its history."""
    return PageLogEntry.objects.filter(page_id=page.pk, action=SHIPPED_LOG_ACTION).order_by(
        "-timestamp"
    )


def section_choices(page: Page | None) -> list[tuple[str, str]]:
    """The headed sections of `page`'s body, as (block id, heading) for "which part?"."""
    body = getattr(page, "body", None) if page is not None else None
    if body is None:
        return []
    return [
        (block.id, block.value["text"])
        for block in body
        if block.block_type == "heading" and block.id
    ]


def _block_ids(page: Page) -> set[str]:
    body = getattr(page, "body", None)
    return {block.id for block in body if block.id} if body is not None else set()


def final_target(idea: IdeaPage) -> IdeaPage:
    """The idea that counts for `idea`: itself, or the idea it was merged into."""
    seen = {idea.pk}
    while idea.status == IdeaStatus.MERGED and idea.merged_into_id:
        if idea.merged_into_id in seen or len(seen) > MAX_MERGE_HOPS:
            break
        seen.add(idea.merged_into_id)
        idea = IdeaPage.objects.select_related("merged_into").get(pk=idea.merged_into_id)
    return idea


# Side effects --------------------------------------------------------------------------------
def check_idea_rate(user: User) -> None:
    """Count one idea by `user`; raise RateLimited past IDEAS_PER_HOUR."""
    window = int(time.time() // 3600)
    key = f"hearth:ideas:{user.pk}:{window}"
    cache.add(key, 0, timeout=2 * 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=2 * 3600)
        count = 1
    if count > IDEAS_PER_HOUR:
        raise RateLimited(
            _("You have shared many ideas in the last hour. Please wait a while and try again.")
        )


def _clean(text: str | None, limit: int, empty: str, name: str) -> str:
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError({name: empty})
    if len(text) > limit:
        raise ValidationError(
            {
                name: _("That is %(length)s characters; the limit is %(limit)s.")
                % {"length": f"{len(text):,}", "limit": f"{limit:,}"}
            }
        )
    return text


def check_about_page(
    user: User, about_page: Page | None, block_id: str = ""
) -> tuple[Page | None, str]:
    """The page (and section) an idea may be about: one `user` can read, not an idea."""
    if about_page is None:
        if block_id:
            raise ValidationError({"section": _("Choose a page before a section of it.")})
        return None, ""
    if not can_view_page(user, about_page) or isinstance(
        about_page.specific, (IdeaPage, IdeaBoardPage)
    ):
        raise ValidationError({"about": str(NOT_LINKED)})
    block_id = (block_id or "").strip()
    if block_id and block_id not in _block_ids(about_page.specific):
        raise ValidationError(
            {"section": _("That section is no longer on the page. Choose another one.")}
        )
    return about_page, block_id


def submit_idea(
    user: User,
    board: IdeaBoardPage,
    *,
    title: str,
    problem: str,
    proposal: str,
    about_page: Page | None = None,
    about_block_id: str = "",
) -> IdeaPage:
    """Publish a new idea for `user`, who votes for it and watches it.

    Raises PermissionDenied, ValidationError (a dict by field) or RateLimited; nothing is
    stored unless everything is right.
    """
    if not can_use_ideas(user) or not can_view_page(user, board):
        raise PermissionDenied(_("You cannot share ideas here."))
    errors: dict[str, list] = {}
    cleaned: dict[str, str] = {}
    for name, value, limit, empty in (
        ("title", title, MAX_TITLE_CHARS, _("Give your idea a short title.")),
        ("problem", problem, 4000, _("Say what problem the idea solves.")),
        ("proposal", proposal, 4000, _("Say what you propose.")),
    ):
        try:
            cleaned[name] = _clean(value, limit, empty, name)
        except ValidationError as error:
            errors.update(error.message_dict)
    try:
        about_page, about_block_id = check_about_page(user, about_page, about_block_id)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    check_idea_rate(user)
    with transaction.atomic():
        idea = IdeaPage(
            title=cleaned["title"],
            slug=unique_child_slug(board, cleaned["title"], fallback="idea", max_length=60),
            author=user,
            owner=user,
            problem=cleaned["problem"],
            proposal=cleaned["proposal"],
            about_page=about_page,
            about_block_id=about_block_id,
            status=IdeaStatus.NEW,
            status_changed_at=timezone.now(),
        )
        board.add_child(instance=idea)
        log(idea, "wagtail.create", user=user)
        revision = idea.save_revision(user=user, log_action=False)
        revision.publish(user=user, skip_permission_checks=True)
        IdeaVote.objects.get_or_create(idea=idea, user=user)
        watching.watch_automatically([user.pk], idea.pk, WatchReason.CREATED)
        record_event(user, Verb.SUBMITTED_IDEA, idea)
    idea.refresh_from_db()
    return idea


def vote(user: User, idea: IdeaPage) -> tuple[IdeaPage, bool]:
    """Vote for `idea` (for the idea it was merged into, if it was). Idempotent: returns
    the idea that holds the vote and whether a vote was added."""
    _check_can_read(user, idea)
    target = final_target(idea)
    if target.status not in OPEN:
        raise ValidationError(
            _("“%(title)s” is %(status)s, so it takes no more votes.")
            % {"title": target.title, "status": target.get_status_display().lower()},
            code="closed",
        )
    with transaction.atomic():
        _vote, created = IdeaVote.objects.get_or_create(idea=target, user=user)
        if created:
            record_event(user, Verb.VOTED, target)
    return target, created


def unvote(user: User, idea: IdeaPage) -> tuple[IdeaPage, bool]:
    """Withdraw `user`'s vote from `idea` (or from the idea it was merged into).
    Idempotent: returns the idea and whether a vote was removed."""
    _check_can_read(user, idea)
    target = final_target(idea)
    removed, _detail = IdeaVote.objects.filter(idea_id__in={idea.pk, target.pk}, user=user).delete()
    return target, bool(removed)


def _save_fields(idea: IdeaPage, **fields) -> None:
    """Write `fields` to the live page and to its latest revision, so the page editor shows
    what readers see and a later publish does not undo it. No new revision: a status is
    not an edit of the idea's text, and publishing would tell watchers of a "new version"."""
    for name, value in fields.items():
        setattr(idea, name, value)
    IdeaPage.objects.filter(pk=idea.pk).update(**fields)
    revision = idea.latest_revision
    if revision is not None:
        data = idea.serializable_data()
        names = [name[:-3] if name.endswith("_id") else name for name in fields]
        revision.content = {**revision.content, **{name: data[name] for name in names}}
        revision.save(update_fields=["content"])


def _schedule(task, *args) -> None:
    transaction.on_commit(lambda: task.enqueue(*args))


def change_status(actor: User, idea: IdeaPage, status: str, reason: str = "") -> bool:
    """Move `idea` to `status` (a reason is required to decline); tell its author and
    voters, and the owner of the page it is about when it is planned or done; credit the
    author on that page's history when done. False (and nothing happens) when `idea` is
    already there with the same reason."""
    _check_can_manage(actor, idea)
    if idea.status == IdeaStatus.MERGED:
        raise ValidationError(
            {"status": _("This idea was merged into another; change that idea instead.")}
        )
    if status not in SETTABLE:
        raise ValidationError({"status": _("Choose one of the statuses offered.")})
    reason = (reason or "").replace("\x00", "").strip()
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Keep the reason under 2,000 characters.")})
    if status == IdeaStatus.DECLINED and not reason:
        raise ValidationError(
            {"reason": _("Say why the idea is declined: its author and voters will read it.")}
        )
    if status == idea.status and reason == idea.status_reason:
        return False
    previous = idea.status
    with transaction.atomic():
        _save_fields(idea, status=status, status_reason=reason, status_changed_at=timezone.now())
        log(
            idea,
            STATUS_LOG_ACTION,
            user=actor,
            data={"status": status, "previous": previous, "reason": reason},
        )
        if status == IdeaStatus.DONE and idea.about_page_id:
            _credit_on_page(actor, idea)
        _schedule(tasks_ideas.notify_idea_status, idea.pk, actor.pk)
    return True


def _credit_on_page(actor: User, idea: IdeaPage) -> None:
    """The page the idea is about records, once, that the idea shipped (its history)."""
    page = Page.objects.filter(pk=idea.about_page_id).first()
    if page is None or shipped_credits(page).filter(data__idea_id=idea.pk).exists():
        return
    author = idea.author
    log(
        page,
        SHIPPED_LOG_ACTION,
        user=actor,
        data={
            "idea_id": idea.pk,
            "idea_title": idea.title,
            "author_name": author.display_name if author else "",
            "idea_url": idea.url or "",
            "block_id": idea.about_block_id,
        },
    )


def merge_idea(actor: User, idea: IdeaPage, into: IdeaPage) -> IdeaPage:
    """Merge `idea` (a duplicate) into `into`: votes move without counting anyone twice,
    ideas merged into `idea` now point at `into`, the author and voters are told."""
    _check_can_manage(actor, idea)
    if not can_view_page(actor, into):
        raise ValidationError({"into": _("Choose an idea you can see.")})
    into = final_target(into)
    if idea.status == IdeaStatus.MERGED:
        raise ValidationError({"into": _("This idea was already merged.")})
    if into.pk == idea.pk:
        raise ValidationError({"into": _("An idea cannot be merged into itself.")})
    if into.get_parent().pk != idea.get_parent().pk:
        raise ValidationError({"into": _("Merge only ideas of the same board.")})
    with transaction.atomic():
        voter_ids = list(IdeaVote.objects.filter(idea=idea).values_list("user_id", flat=True))
        IdeaVote.objects.bulk_create(
            [IdeaVote(idea=into, user_id=user_id) for user_id in voter_ids],
            ignore_conflicts=True,
        )
        IdeaVote.objects.filter(idea=idea).delete()
        IdeaPage.objects.filter(merged_into=idea).update(merged_into=into)
        _save_fields(
            idea,
            status=IdeaStatus.MERGED,
            status_reason="",
            status_changed_at=timezone.now(),
            merged_into_id=into.pk,
        )
        log(
            idea,
            MERGE_LOG_ACTION,
            user=actor,
            data={"into_id": into.pk, "into_title": into.title, "votes": len(voter_ids)},
        )
        _schedule(tasks_ideas.notify_idea_merged, idea.pk, into.pk, actor.pk, voter_ids)
    return into
