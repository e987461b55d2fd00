"""Who hears about what: events in, notification rows and emails out (in tasks).

Every function here only schedules a background task (on commit, so the task sees the
saved rows and nothing is sent for a rolled-back change); the task decides the
recipients, checks each may see the page, writes the rows and sends the emails
(`community.notifications.tasks`, `community.notifications.services`).
"""

from __future__ import annotations

from django.db import transaction

from community.models import Comment
from community.notifications import tasks


def _schedule(task, *args) -> None:
    transaction.on_commit(lambda: task.enqueue(*args))


def comment_posted(comment) -> None:
    """Replies, mentions and watchers of the page."""

    _schedule(tasks.notify_comment, comment.pk)


def comment_mentions_added(comment, user_ids: list[int]) -> None:
    """An edit mentioned these people for the first time: tell them (and nobody else)."""

    if user_ids:
        _schedule(tasks.notify_new_mentions, comment.pk, sorted(user_ids))


def annotation_posted(annotation) -> None:
    """Mentions, and the page's owner when the annotation is a question."""

    _schedule(tasks.notify_annotation, annotation.pk)


def page_published(page, revision) -> None:
    """Watchers of the page and of the spaces above it, with the change note."""

    _schedule(tasks.notify_published, page.pk, revision.pk if revision is not None else None)


def acknowledgement_requested(page, actor) -> None:
    """A page became a must-read: its audience is asked to read and acknowledge it."""

    _schedule(tasks.notify_acknowledgement_requested, page.pk, actor.pk if actor else None)


def item_moderated(item, action: str, reason: str, moderator) -> None:
    """Tell the author of a comment or annotation that a moderator acted on it."""

    _schedule(
        tasks.notify_moderated,
        "comment" if isinstance(item, Comment) else "annotation",
        item.pk,
        item.page_id,
        item.author_id,
        str(action),
        str(reason or ""),
        moderator.pk if moderator is not None else None,
    )
