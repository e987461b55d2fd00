"""Background tasks that turn events into notifications (scheduled by `notify`).

Each task takes ids (task arguments must be JSON), reloads what it needs, and hands one
`Event` to `services.notifications.deliver`: one task per event, however many people hear
of it. A row that disappeared before the task ran (a deleted comment) means nothing to say.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.models import Page, Revision

from community.models import (
    Annotation,
    Comment,
    Notification,
    NotificationVerb,
    Status,
    Visibility,
    WatchReason,
)
from community.notifications import (
    services as notifications,  # a cycle through comments: module import
)
from community.watching import services as watching
from core.models import User
from core.schedule import cron
from knowledge import mustread
from knowledge.models import KnowledgePage, MustRead, SpacePage

MODERATION_ACTIONS = {
    "hide": _("Hidden by a moderator"),
    "restore": _("Restored by a moderator"),
    "remove": _("Removed by a moderator"),
    "pending": _("Hidden until a moderator reviews it"),
}


def _space_owner_ids(page: Page) -> dict[int, list[int]]:
    """Owners of the spaces at or above `page`, by space id (one query)."""
    through = SpacePage.owners.through
    paths = [*watching.ancestor_paths(page), page.path]
    owners: dict[int, list[int]] = {}
    for space_id, user_id in through.objects.filter(spacepage__path__in=paths).values_list(
        "spacepage_id", "user_id"
    ):
        owners.setdefault(space_id, []).append(user_id)
    return owners


@task()
def notify_comment(comment_id: int) -> int:
    """A comment: its parent's author (reply), the people it mentions, the page's watchers."""
    comment = (
        Comment.objects.select_related("page", "author", "parent").filter(pk=comment_id).first()
    )
    if comment is None or comment.status != Status.VISIBLE:
        return 0
    watching.watch_automatically([comment.author_id], comment.page_id, WatchReason.COMMENTED)
    plan = []
    if comment.parent is not None and comment.parent.status == Status.VISIBLE:
        plan.append((NotificationVerb.REPLY, [comment.parent.author_id]))
    plan.append((NotificationVerb.MENTION, comment.mentioned.values("pk")))
    plan.append((NotificationVerb.COMMENT, watching.watcher_ids(comment.page)))
    event = notifications.Event(page=comment.page, actor=comment.author, plan=plan, comment=comment)
    return len(notifications.deliver(event))


@task()
def notify_new_mentions(comment_id: int, user_ids: list[int]) -> int:
    """People an edited comment mentions who were not mentioned before it."""
    comment = Comment.objects.select_related("page", "author").filter(pk=comment_id).first()
    if comment is None or comment.status != Status.VISIBLE:
        return 0
    still_mentioned = comment.mentioned.filter(pk__in=user_ids).values("pk")
    plan = [(NotificationVerb.MENTION, still_mentioned)]
    event = notifications.Event(page=comment.page, actor=comment.author, plan=plan, comment=comment)
    return len(notifications.deliver(event))


@task()
def notify_annotation(annotation_id: int) -> int:
    """A shared annotation: the people it mentions, and the page's owners for a question.
    Private annotations tell nobody."""
    annotation = (
        Annotation.objects.select_related("page", "author").filter(pk=annotation_id).first()
    )
    if (
        annotation is None
        or annotation.visibility != Visibility.SHARED
        or annotation.status != Status.VISIBLE
    ):
        return 0
    page = annotation.page
    watching.watch_automatically([annotation.author_id], page.pk, WatchReason.COMMENTED)
    plan = [(NotificationVerb.MENTION, annotation.mentioned.values("pk"))]
    if annotation.is_question and annotation.resolved_at is None:
        owners = [getattr(page.specific, "content_owner_id", None)]
        for space_owners in _space_owner_ids(page).values():
            owners.extend(space_owners)
        plan.append((NotificationVerb.QUESTION, owners))
    event = notifications.Event(
        page=page, actor=annotation.author, plan=plan, annotation=annotation
    )
    return len(notifications.deliver(event))


def _acknowledgement_audience(page: Page, must_read) -> object:
    """People a must-read still asks: its audience, minus those whose acknowledgement
    counts and those who already have an unread request for this page."""
    done = mustread.counting_acknowledgements().filter(page_id=page.pk, user=OuterRef("pk"))
    asked = Notification.objects.filter(
        recipient=OuterRef("pk"),
        page_id=page.pk,
        verb=NotificationVerb.ACKNOWLEDGE,
        read_at__isnull=True,
    )
    return (
        User.objects.filter(mustread.audience_q(must_read))
        .exclude(Exists(done))
        .exclude(Exists(asked))
        .values("pk")
    )


def _active_must_read(page: Page):
    if not issubclass(page.specific_class or Page, KnowledgePage):
        return None
    return MustRead.objects.filter(page_id=page.pk, active=True).first()


@task()
def notify_published(page_id: int, revision_id: int | None) -> int:
    """A published revision: the page's watchers and those of the spaces above it, with
    the change note; when the change is material and the page a must-read, its audience is
    asked to acknowledge again instead."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.live:
        return 0
    revision = Revision.objects.filter(pk=revision_id).select_related("user").first()
    actor = revision.user if revision else None
    content = revision.content if revision else {}

    # Automatic watches: the creator, the content owner, the owners of the spaces above.
    specific = page.specific
    watching.watch_automatically([page.owner_id], page.pk, WatchReason.CREATED)
    watching.watch_automatically(
        [getattr(specific, "content_owner_id", None)], page.pk, WatchReason.OWNER
    )
    for space_id, owner_ids in _space_owner_ids(page).items():
        watching.watch_automatically(
            owner_ids, space_id, WatchReason.OWNER, include_descendants=True
        )

    plan = []
    must_read = _active_must_read(page) if content.get("material_change") else None
    if must_read is not None:
        plan.append((NotificationVerb.ACKNOWLEDGE, _acknowledgement_audience(page, must_read)))
    if getattr(specific, "watchers_told_of_publishing", True):
        plan.append((NotificationVerb.PUBLISHED, watching.watcher_ids(page)))
    if not plan:
        return 0
    event = notifications.Event(
        page=page, actor=actor, plan=plan, detail=content.get("change_note") or ""
    )
    return len(notifications.deliver(event))


@task()
def notify_acknowledgement_requested(page_id: int, actor_id: int | None) -> int:
    """A page became a must-read (or its audience changed): ask who still has to read it."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.live:
        return 0
    must_read = _active_must_read(page)
    if must_read is None:
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    plan = [(NotificationVerb.ACKNOWLEDGE, _acknowledgement_audience(page, must_read))]
    return len(notifications.deliver(notifications.Event(page=page, actor=actor, plan=plan)))


@task()
def notify_moderated(
    kind: str,
    item_id: int,
    page_id: int,
    author_id: int | None,
    action: str,
    reason: str,
    moderator_id: int | None,
) -> int:
    """Tell an author what a moderator did to their comment or annotation, and why."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not author_id:
        return 0
    comment = Comment.objects.filter(pk=item_id).first() if kind == "comment" else None
    annotation = Annotation.objects.filter(pk=item_id).first() if kind == "annotation" else None
    moderator = User.objects.filter(pk=moderator_id).first() if moderator_id else None
    label = MODERATION_ACTIONS.get(action, action)
    detail = f"{label}: {reason}" if reason else str(label)
    event = notifications.Event(
        page=page,
        actor=moderator,
        plan=[(NotificationVerb.MODERATED, [author_id])],
        comment=comment,
        annotation=annotation,
        detail=detail,
    )
    return len(notifications.deliver(event))


__all__ = [
    "notify_acknowledgement_requested",
    "notify_annotation",
    "notify_comment",
    "notify_moderated",
    "notify_published",
]


@cron("0 7 * * *")
@task()
def send_digests() -> int:
    """Email each daily-digest reader their unread notifications not emailed yet."""
    return notifications.send_digests()
