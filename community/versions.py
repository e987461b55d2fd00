"""The discussion version of a page (issue 19): a `core.fragments` counter bumped, in the
same transaction (post_save and post_delete run inside it), by every change a reader of
the page's discussion could see: a comment posted, replied, edited or deleted, a
moderator's decision (and the automatic hiding of a reported comment), a reaction set or
unset, an annotation made, changed, deleted, resolved or re-anchored. The cached
discussion (community.comments.shared) depends on it.
"""

from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models.signals import post_delete, post_save, pre_delete

from community.models import Annotation, Comment, CommentEdit, Notification, Reaction, Watch
from core import fragments


def name(page_id: int) -> str:
    return f"discussion:{page_id}"


def changed(page_id: int) -> None:
    """The discussion of page `page_id` changed: readers get it rebuilt on their next request."""
    fragments.bump(name(page_id))


def _saved_or_deleted(sender, instance, raw=False, **_kwargs) -> None:
    if not raw:
        changed(instance.comment.page_id if isinstance(instance, CommentEdit) else instance.page_id)


def _watch_changed(sender, instance, raw=False, **_kwargs) -> None:
    if not raw:
        fragments.bump(fragments.reader(instance.user_id))


def _notification_saved(sender, instance, raw=False, **_kwargs) -> None:
    # A notification written or read one by one: its recipient's cached unread count is
    # read afresh.
    if not raw:
        fragments.bump(fragments.reader(instance.recipient_id))


@dataclass
class _Deletion:
    origin: object  # what .delete() was called on (a queryset, a page, a comment, a person)
    names: set[str] = field(default_factory=set)
    bumped: bool = False


_deletion: ContextVar[_Deletion | None] = ContextVar("notification_deletion", default=None)


def _notification_deleting(sender, instance, origin=None, **_kwargs) -> None:
    # Django's deletion (Collector.delete) sends pre_delete for every row before it deletes
    # any, then post_delete for each: the recipients are gathered here, per deletion...
    deletion = _deletion.get()
    if deletion is None or deletion.bumped or deletion.origin is not origin:
        deletion = _Deletion(origin)
        _deletion.set(deletion)
    deletion.names.add(fragments.reader(instance.recipient_id))


def _notification_deleted(sender, instance, origin=None, **_kwargs) -> None:
    # ...and the first post_delete bumps them all in one statement (fragments.bump_many),
    # in the deletion's transaction, however many rows a queryset's .delete() or a cascade
    # from a page, comment, annotation or person takes with it.
    name = fragments.reader(instance.recipient_id)
    deletion = _deletion.get()
    if deletion is not None and deletion.origin is origin and name in deletion.names:
        if not deletion.bumped:
            deletion.bumped = True
            fragments.bump_many(sorted(deletion.names))
        return
    fragments.bump(name)  # a deletion this module did not see begin


def connect() -> None:
    """Bump on every save and delete of what a discussion shows (CommunityConfig.ready):
    services, moderation, the admin and tests alike. Queryset updates send no signal; the
    code that uses them bumps itself (moderation.flag_item, annotations.anchoring)."""
    for model in (Comment, CommentEdit, Reaction, Annotation):
        post_save.connect(
            _saved_or_deleted, sender=model, dispatch_uid=f"discussion_{model.__name__}_saved"
        )
        post_delete.connect(
            _saved_or_deleted, sender=model, dispatch_uid=f"discussion_{model.__name__}_deleted"
        )
    # A person's watches: their cached watch state (community.watching.services.watch_state).
    post_save.connect(_watch_changed, sender=Watch, dispatch_uid="reader_watch_saved")
    post_delete.connect(_watch_changed, sender=Watch, dispatch_uid="reader_watch_deleted")
    # A person's unread notifications: their cached header count (community.notifications
    # .services.unread_count). Deletes of many rows bump once; bulk writes bump in
    # NotificationQuerySet.
    post_save.connect(
        _notification_saved, sender=Notification, dispatch_uid="reader_notification_saved"
    )
    pre_delete.connect(
        _notification_deleting, sender=Notification, dispatch_uid="reader_notification_deleting"
    )
    post_delete.connect(
        _notification_deleted, sender=Notification, dispatch_uid="reader_notification_deleted"
    )
