"""Flags and moderation: readers report a comment or a shared annotation; moderators hide,
restore, remove it or dismiss the reports, with a reason the author is told.

`flag_count` counts the *open* reports on an item (a moderator's review sets it back to
zero), so an item whose reports were dismissed is not hidden again by the next one.
Every moderator action, and the automatic hiding at HEARTH_FLAGS_TO_HIDE reports, goes
into Wagtail's audit log (actions registered in `community.moderation.hooks`).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.log_actions import LogContext, log
from wagtail.models import ModelLogEntry

from community import versions
from community.models import Annotation, Comment, Flag, FlagReason, Status, Visibility
from community.notifications import notify
from core.models import User
from core.permissions import viewable_pages
from core.policy import Action as Permission
from core.policy import policy

Item = Comment | Annotation

NOTE_MAX_CHARS = 500
REASON_MAX_CHARS = 300  # a moderation reason ends up in Notification.detail


class Kind(StrEnum):
    COMMENT = "comment"
    ANNOTATION = "annotation"

    @property
    def label(self) -> str:
        return _("Comment") if self == Kind.COMMENT else _("Annotation")


MODELS: dict[str, type[Item]] = {Kind.COMMENT: Comment, Kind.ANNOTATION: Annotation}


class Action(StrEnum):
    HIDE = "hide"
    RESTORE = "restore"
    REMOVE = "remove"
    DISMISS = "dismiss"
    PENDING = "pending"  # automatic: enough readers reported it


ACTION_LABELS = {
    Action.HIDE: gettext_lazy("Hide"),
    Action.RESTORE: gettext_lazy("Restore"),
    Action.REMOVE: gettext_lazy("Remove"),
    Action.DISMISS: gettext_lazy("Dismiss the reports"),
    Action.PENDING: gettext_lazy("Hidden until reviewed"),
}

# What a moderator may do from each status, and where the item ends up.
ALLOWED_FROM = {
    Action.HIDE: {Status.VISIBLE, Status.PENDING},
    Action.RESTORE: {Status.HIDDEN, Status.PENDING},
    Action.REMOVE: {Status.VISIBLE, Status.HIDDEN, Status.PENDING},
    Action.DISMISS: {Status.VISIBLE, Status.PENDING},
}
RESULT = {
    Action.HIDE: Status.HIDDEN,
    Action.RESTORE: Status.VISIBLE,
    Action.REMOVE: Status.REMOVED,
    Action.DISMISS: Status.VISIBLE,
}
MODERATOR_ACTIONS = [Action.HIDE, Action.RESTORE, Action.REMOVE, Action.DISMISS]


def kind_of(item: Item) -> Kind:
    return Kind.COMMENT if isinstance(item, Comment) else Kind.ANNOTATION


def log_action_name(kind: str, action: str) -> str:
    return f"hearth.{kind}.{action}"


def _log(item: Item, action: Action, user: User | None, data: dict) -> None:
    kind = kind_of(item)
    title = _("%(kind)s #%(id)s on “%(page)s”") % {
        "kind": Kind(kind).label,
        "id": item.pk,
        "page": item.page.title,
    }
    if user is None:
        # An automatic decision (enough flags): no person did it. Inside a request Wagtail
        # would fill in the requester (here: the last flagger, who must stay unnamed).
        with LogContext(user=None, generate_uuid=False):
            log(instance=item, action=log_action_name(kind, action), title=title, data=data)
        return
    log(instance=item, action=log_action_name(kind, action), user=user, title=title, data=data)


def allowed_actions(item: Item) -> list[Action]:
    actions = [action for action in MODERATOR_ACTIONS if item.status in ALLOWED_FROM[action]]
    if item.flag_count == 0 and Action.DISMISS in actions and item.status != Status.PENDING:
        actions.remove(Action.DISMISS)  # nothing to dismiss
    return actions


# Reading -----------------------------------------------------------------------------


def flaggable_item(user, kind: str, item_id: int) -> Item:
    """The visible comment or shared annotation `user` may read and report; raises
    ObjectDoesNotExist for anything else (missing, hidden, private, on a page they cannot
    see), so a view answers 404 without telling which."""
    model = MODELS.get(kind)
    if model is None or not user.is_authenticated:
        raise ObjectDoesNotExist
    items = model.objects.filter(status=Status.VISIBLE, page__in=viewable_pages(user))
    if model is Annotation:
        items = items.filter(visibility=Visibility.SHARED)
    return items.select_related("page").get(pk=item_id)


def moderatable_item(moderator, kind: str, item_id: int) -> Item:
    """A comment or shared annotation on a page the moderator may see, with what the
    detail view shows; raises PermissionDenied for non-moderators and ObjectDoesNotExist
    for anything else. Private annotations are nobody's business but their author's."""
    if not policy.user_has_permission(moderator, Permission.MODERATE):
        raise PermissionDenied(_("Only moderators can review reported posts."))
    model = MODELS.get(kind)
    if model is None:
        raise ObjectDoesNotExist
    items = model.objects.filter(page__in=viewable_pages(moderator)).select_related(
        "page", "author"
    )
    if model is Annotation:
        items = items.filter(visibility=Visibility.SHARED).select_related("revision")
    else:
        items = items.select_related("parent", "parent__author")
    return items.get(pk=item_id)


def open_reports(moderator) -> QuerySet:
    """One row per reported item with open reports (dicts: comment_id, annotation_id,
    reports, last_reported, pending), items hidden until reviewed first. Only items on
    pages the moderator may see; never private annotations or posts their authors deleted."""
    if not policy.user_has_permission(moderator, Permission.MODERATE):
        return Flag.objects.none().values()
    return (
        Flag.objects.filter(reviewed_at__isnull=True, page__in=viewable_pages(moderator))
        .exclude(annotation__visibility=Visibility.PRIVATE)
        .exclude(comment__status=Status.DELETED)
        .exclude(annotation__status=Status.DELETED)
        .values("comment_id", "annotation_id")
        .annotate(
            reports=Count("pk"),
            last_reported=Max("created_at"),
            pending=Count(
                "pk",
                filter=Q(comment__status=Status.PENDING) | Q(annotation__status=Status.PENDING),
            ),
        )
        .order_by("-pending", "-last_reported", "comment_id", "annotation_id")
    )


@dataclass
class QueueRow:
    kind: Kind
    item: Item
    reports: int
    last_reported: object
    reasons: list[tuple[str, int]]


def queue_rows(rows: list[dict]) -> list[QueueRow]:
    """The items and their reasons for one page of `open_reports`: three queries."""
    comment_ids = [row["comment_id"] for row in rows if row["comment_id"]]
    annotation_ids = [row["annotation_id"] for row in rows if row["annotation_id"]]
    comments = Comment.objects.select_related("page", "author").in_bulk(comment_ids)
    annotations = Annotation.objects.select_related("page", "author").in_bulk(annotation_ids)
    reasons: dict[tuple[str, int], dict[str, int]] = {}
    flags = Flag.objects.filter(reviewed_at__isnull=True).filter(
        Q(comment_id__in=comment_ids) | Q(annotation_id__in=annotation_ids)
    )
    for comment_id, annotation_id, reason in flags.values_list(
        "comment_id", "annotation_id", "reason"
    ):
        key = (Kind.COMMENT, comment_id) if comment_id else (Kind.ANNOTATION, annotation_id)
        counts = reasons.setdefault(key, {})
        counts[reason] = counts.get(reason, 0) + 1
    labels = dict(FlagReason.choices)
    result = []
    for row in rows:
        if row["comment_id"]:
            kind, item = Kind.COMMENT, comments.get(row["comment_id"])
        else:
            kind, item = Kind.ANNOTATION, annotations.get(row["annotation_id"])
        if item is None:  # deleted between the two queries
            continue
        counts = reasons.get((kind, item.pk), {})
        result.append(
            QueueRow(
                kind=kind,
                item=item,
                reports=row["reports"],
                last_reported=row["last_reported"],
                reasons=[(labels.get(reason, reason), n) for reason, n in sorted(counts.items())],
            )
        )
    return result


@dataclass
class Decision:
    entry: object  # wagtail.models.ModelLogEntry
    kind: Kind
    item: Item


def recent_decisions(moderator, limit: int = 20) -> list[Decision]:
    """The latest moderation log entries about items on pages the moderator may see (a
    way back to hidden posts): four queries whatever the limit."""
    if not policy.user_has_permission(moderator, Permission.MODERATE):
        return []
    content_types = {
        ContentType.objects.get_for_model(model).pk: kind for kind, model in MODELS.items()
    }
    entries = list(
        ModelLogEntry.objects.filter(
            action__startswith="hearth.", content_type_id__in=list(content_types)
        )
        .select_related("user")
        .order_by("-timestamp", "-pk")[: limit * 3]
    )
    ids: dict[Kind, set[int]] = {Kind.COMMENT: set(), Kind.ANNOTATION: set()}
    for entry in entries:
        ids[content_types[entry.content_type_id]].add(int(entry.object_id))
    pages = viewable_pages(moderator)
    found = {
        Kind.COMMENT: Comment.objects.filter(page__in=pages).in_bulk(ids[Kind.COMMENT]),
        Kind.ANNOTATION: Annotation.objects.filter(
            page__in=pages, visibility=Visibility.SHARED
        ).in_bulk(ids[Kind.ANNOTATION]),
    }
    decisions = []
    for entry in entries:
        kind = content_types[entry.content_type_id]
        item = found[kind].get(int(entry.object_id))
        if item is not None:
            decisions.append(Decision(entry=entry, kind=kind, item=item))
    return decisions[:limit]


def author_history(item: Item) -> dict[str, int]:
    """How much the author has written and how much of it moderators took down."""
    if item.author_id is None:
        return {"posts": 0, "moderated": 0}
    taken_down = [Status.HIDDEN, Status.REMOVED]
    comments = Comment.objects.filter(author_id=item.author_id).aggregate(
        posts=Count("pk"), moderated=Count("pk", filter=Q(status__in=taken_down))
    )
    annotations = Annotation.objects.filter(
        author_id=item.author_id, visibility=Visibility.SHARED
    ).aggregate(posts=Count("pk"), moderated=Count("pk", filter=Q(status__in=taken_down)))
    return {
        "posts": comments["posts"] + annotations["posts"],
        "moderated": comments["moderated"] + annotations["moderated"],
    }


# Flagging ----------------------------------------------------------------------------


def _cleaned(text: str | None, limit: int, too_long: str) -> str:
    """`text` without NUL characters and surrounding space, refused past `limit`
    characters (`too_long` names %(length)s and %(limit)s)."""
    text = (text or "").replace("\x00", "").strip()
    if len(text) > limit:
        raise ValidationError(too_long % {"length": len(text), "limit": limit}, code="too_long")
    return text


def clean_note(note: str | None) -> str:
    return _cleaned(
        note, NOTE_MAX_CHARS, _("The note is %(length)s characters; the limit is %(limit)s.")
    )


def flag_item(user: User, item: Item, reason: str, note: str = "") -> tuple[Flag, bool]:
    """Record `user`'s report of `item`; returns (flag, created). A second report by the
    same person changes nothing (created is False). At HEARTH_FLAGS_TO_HIDE open reports
    from different readers the item is hidden until a moderator reviews it."""
    kind = kind_of(item)
    try:
        flaggable_item(user, kind, item.pk)
    except ObjectDoesNotExist:
        raise PermissionDenied(_("You cannot report this.")) from None
    if item.author_id == user.pk:
        raise ValidationError(
            _("You cannot report your own post: edit or delete it instead."), code="own"
        )
    if reason not in FlagReason.values:
        raise ValidationError(_("Choose a reason for the report."), code="reason")
    note = clean_note(note)
    model = MODELS[kind]
    with transaction.atomic():
        flag, created = Flag.objects.get_or_create(
            flagged_by=user,
            **{kind.value: item},
            defaults={"page_id": item.page_id, "reason": reason, "note": note},
        )
        if not created:
            return flag, False
        model.objects.filter(pk=item.pk).update(flag_count=F("flag_count") + 1)
        hidden = model.objects.filter(
            pk=item.pk, status=Status.VISIBLE, flag_count__gte=settings.HEARTH_FLAGS_TO_HIDE
        ).update(status=Status.PENDING)
        item.refresh_from_db(fields=["flag_count", "status"])
        if hidden:
            versions.changed(item.page_id)
            message = ngettext(
                "%(count)s reader reported it.", "%(count)s readers reported it.", item.flag_count
            ) % {"count": item.flag_count}
            _log(item, Action.PENDING, None, {"reason": message, "flags": item.flag_count})
            notify.item_moderated(item, Action.PENDING.value, message, None)
    return flag, True


# Moderating --------------------------------------------------------------------------


def clean_reason(reason: str | None) -> str:
    if not (reason or "").replace("\x00", "").strip():
        raise ValidationError(
            _("Give a reason: the author is told, and the audit log keeps it."), code="empty"
        )
    return _cleaned(
        reason, REASON_MAX_CHARS, _("The reason is %(length)s characters; the limit is %(limit)s.")
    )


def _moderate(moderator: User, item: Item, action: Action, reason: str) -> Item:
    if not policy.user_has_permission_for_instance(moderator, Permission.MODERATE, item.page):
        raise PermissionDenied(_("Only moderators can do this."))
    kind = kind_of(item)
    if kind == Kind.ANNOTATION and item.visibility != Visibility.SHARED:
        raise PermissionDenied(_("Private annotations are their author's alone."))
    reason = clean_reason(reason)
    model = MODELS[kind]
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=item.pk)
        if current.status not in ALLOWED_FROM[action]:
            raise ValidationError(
                _("This cannot be done to a post that is %(status)s.")
                % {"status": current.get_status_display()},
                code="status",
            )
        if (
            action == Action.DISMISS
            and current.status != Status.PENDING
            and not (current.flag_count)
        ):
            raise ValidationError(_("There are no open reports to dismiss."), code="no_reports")
        previous = current.status
        reviewed = Flag.objects.filter(**{kind.value: current}, reviewed_at__isnull=True).update(
            reviewed_at=timezone.now()
        )
        current.status = RESULT[action]
        current.flag_count = 0
        current.save(update_fields=["status", "flag_count"])
        current.page = item.page
        _log(
            current,
            action,
            moderator,
            {"reason": reason, "previous_status": previous, "reports_reviewed": reviewed},
        )
        # Dismissing reports on a post readers could still see changes nothing for its
        # author; everything else changes what readers see, so the author hears of it.
        if action != Action.DISMISS or previous == Status.PENDING:
            told = Action.RESTORE if action == Action.DISMISS else action
            notify.item_moderated(current, told.value, reason, moderator)
    item.status, item.flag_count = current.status, current.flag_count
    return item


def hide(moderator: User, item: Item, reason: str) -> Item:
    """Hide from readers; can be restored."""
    return _moderate(moderator, item, Action.HIDE, reason)


def restore(moderator: User, item: Item, reason: str) -> Item:
    """Show a hidden (or hidden-until-reviewed) post again."""
    return _moderate(moderator, item, Action.RESTORE, reason)


def remove(moderator: User, item: Item, reason: str) -> Item:
    """A moderator's delete: never shown again, the text kept for the audit trail."""
    return _moderate(moderator, item, Action.REMOVE, reason)


def dismiss_flags(moderator: User, item: Item, reason: str) -> Item:
    """The reports were unfounded: keep (or put back) the post and close its reports."""
    return _moderate(moderator, item, Action.DISMISS, reason)


ACTIONS = {
    Action.HIDE: hide,
    Action.RESTORE: restore,
    Action.REMOVE: remove,
    Action.DISMISS: dismiss_flags,
}
