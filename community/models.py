"""What readers add to a page: comments, annotations, reactions, watches, notifications, flags.

Everything hangs off `wagtailcore.Page`, so every page type (knowledge pages, hub
statements, campaigns, ideas) gets the same conversation, and privacy has a single
question to ask: may this person see that page (`core.permissions`).

User text is stored twice: `body` as the person wrote it (Markdown) and `body_html`,
rendered and sanitised once when it is saved (`core.sanitize.render_markdown`), so a page
with 200 comments renders no Markdown at all.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from core import fragments


class Status(models.TextChoices):
    """Where a comment or annotation stands. Only VISIBLE items show their text."""

    VISIBLE = "visible", _("visible")
    DELETED = "deleted", _("deleted by its author")
    HIDDEN = "hidden", _("hidden by a moderator")
    PENDING = "pending", _("hidden until reviewed (flagged)")
    REMOVED = "removed", _("removed by a moderator")


class CommentQuerySet(models.QuerySet):
    def visible(self) -> "CommentQuerySet":
        return self.filter(status=Status.VISIBLE)

    def on_page(self, page) -> "CommentQuerySet":
        return self.filter(page=page)


class Comment(index.Indexed, models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="comments")
    # Threads: `thread` is the top-level comment (itself for a top-level one once saved),
    # so a page of threads loads all their replies with one query.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    thread = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.VISIBLE)
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("mentioned")
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    flag_count = models.PositiveIntegerField(default=0)

    objects = CommentQuerySet.as_manager()

    search_fields = [
        index.SearchField("body"),
        index.FilterField("page_id"),
        index.FilterField("status"),
        index.FilterField("created_at"),
    ]

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["page", "thread", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author_id} on {self.page_id}: {self.body[:40]}"

    @property
    def is_visible(self) -> bool:
        return self.status == Status.VISIBLE


class CommentEdit(models.Model):
    """The text a comment had before an edit: the "edited" history readers can open."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="edits")
    body = models.TextField()
    body_html = models.TextField()
    edited_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-edited_at", "-pk"]

    def __str__(self) -> str:
        return f"edit of {self.comment_id} at {self.edited_at:%Y-%m-%d %H:%M}"


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me")
    SHARED = "shared", _("Everyone who can see the page")


class AnchorState(models.TextChoices):
    ANCHORED = "anchored", _("anchored")
    ORPHANED = "orphaned", _("orphaned")


class AnnotationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AnnotationQuerySet":
        """Shared, visible annotations plus `user`'s own private ones (page privacy is the
        caller's business: filter the pages first)."""
        visible = self.filter(status=Status.VISIBLE)
        shared = Q(visibility=Visibility.SHARED)
        if not user.is_authenticated:
            return visible.filter(shared)
        return visible.filter(shared | Q(author=user, visibility=Visibility.PRIVATE))

    def open_questions(self) -> "AnnotationQuerySet":
        return self.filter(
            is_question=True,
            resolved_at__isnull=True,
            visibility=Visibility.SHARED,
            status=Status.VISIBLE,
        )


class Annotation(index.Indexed, models.Model):
    """A highlighted passage with a note, anchored as the W3C Web Annotation model does.

    The target is the page body; the selectors are the StreamField block id, a
    TextQuoteSelector (`exact` with `prefix` and `suffix`) and a TextPositionSelector
    (`start`, `end`) counted in the text of that block. `revision` is the revision the
    reader annotated; `anchored_revision` the latest one the anchor was checked against.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="annotations"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="annotations"
    )
    visibility = models.CharField(
        _("who can see it"), max_length=16, choices=Visibility.choices, default=Visibility.SHARED
    )
    is_question = models.BooleanField(_("ask the owner"), default=False)
    body = models.TextField(_("note"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("mentioned")
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.VISIBLE)
    flag_count = models.PositiveIntegerField(default=0)

    # Selectors, as made (the quote never changes: an orphan still shows what it was on).
    block_id = models.CharField(max_length=64, blank=True)
    exact = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where the anchor stands on the current published revision.
    anchor_state = models.CharField(
        max_length=16, choices=AnchorState.choices, default=AnchorState.ANCHORED
    )
    anchored_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_block_id = models.CharField(max_length=64, blank=True)
    current_start = models.PositiveIntegerField(null=True, blank=True)
    current_end = models.PositiveIntegerField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AnnotationQuerySet.as_manager()

    search_fields = [
        index.SearchField("body"),
        index.SearchField("exact"),
        index.FilterField("page_id"),
        index.FilterField("status"),
        index.FilterField("visibility"),
    ]

    class Meta:
        verbose_name = _("annotation")
        verbose_name_plural = _("annotations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["page", "visibility", "status"])]

    def __str__(self) -> str:
        return f"{self.author_id} on {self.page_id}: {self.exact[:40]}"


class ReactionKind(models.TextChoices):
    HELPFUL = "helpful", _("Helpful")
    LIKE = "like", _("Like")
    INSIGHTFUL = "insightful", _("Insightful")
    CELEBRATE = "celebrate", _("Celebrate")


class Reaction(models.Model):
    """One person's reaction on a page (comment empty) or on a comment of that page."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="reactions")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=16, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "kind"],
                condition=Q(comment__isnull=True),
                name="community_one_page_reaction_per_kind",
            ),
            models.UniqueConstraint(
                fields=["user", "comment", "kind"],
                condition=Q(comment__isnull=False),
                name="community_one_comment_reaction_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.page_id}/{self.comment_id or '-'}"


class WatchReason(models.TextChoices):
    MANUAL = "manual", _("you chose to watch it")
    CREATED = "created", _("you created it")
    COMMENTED = "commented", _("you took part in the discussion")
    OWNER = "owner", _("you own it")


class Watch(models.Model):
    """`user` hears about `page`, and about every page below it if `include_descendants`
    (watching a space), unless `muted`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="watches")
    include_descendants = models.BooleanField(default=False)
    reason = models.CharField(
        max_length=16, choices=WatchReason.choices, default=WatchReason.MANUAL
    )
    # An explicit "unwatch": the row stays, muted, so automatic watches (created, commented,
    # owner) are not added back and a space watch does not cover this page.
    muted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="community_one_watch_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} watches {self.page_id}"


class NotificationVerb(models.TextChoices):
    PUBLISHED = "published", _("published a new version of")
    REPLY = "reply", _("replied to you on")
    MENTION = "mention", _("mentioned you on")
    COMMENT = "comment", _("commented on")
    QUESTION = "question", _("asked a question on")
    ACKNOWLEDGE = "acknowledge", _("asks you to read and acknowledge")
    MODERATED = "moderated", _("moderated your post on")
    # Things that are not (only) about a page: the row's `link` says where to go.
    ANSWER = "answer", _("answered")
    ACCEPTED = "accepted", _("accepted your answer on")
    EXPERTISE = "expertise", _("asks for your expertise on")
    ASSIGNED = "assigned", _("assigned you")
    KUDOS = "kudos", _("thanked you")
    IDEA = "idea", _("updated an idea you support:")
    CAMPAIGN = "campaign", _("has a campaign for you:")
    ONBOARDING = "onboarding", _("gave you an onboarding path:")
    INVITED = "invited", _("invited you to")
    REMINDER = "reminder", _("reminds you about")
    DECLINED = "declined", _("declined")
    MERGED = "merged", _("merged a duplicate:")
    # Governance: editorial workflows, the review cycle, pinholes for guests.
    REVIEW = "review", _("asks you to review")
    APPROVED = "approved", _("approved your changes to")
    CHANGES = "changes", _("asked for changes to")
    REJECTED = "rejected", _("rejected your changes to")
    REVIEW_DUE = "review_due", _("has pages due for review:")
    STALE = "stale", _("has stale pages:")
    GUEST = "guest", _("changed guest access to")


def _unread_changed(recipient_ids) -> None:
    """The unread counts of these people may have changed: their own version
    (`core.fragments.reader`) moves, so the header's cached count is read afresh on their
    next request (community.notifications.services.unread_count)."""
    names = [fragments.reader(pk) for pk in sorted({pk for pk in recipient_ids if pk is not None})]
    if len(names) == 1:
        fragments.bump(*names)
    else:
        fragments.bump_many(names)


# Fields whose change leaves every unread count as it was (a queryset update of only these
# bumps nothing).
_COUNT_FREE_FIELDS = frozenset({"emailed_at"})


class NotificationQuerySet(models.QuerySet):
    """Every bulk write of notifications bumps the recipients' own versions (single rows
    and deletes, one by one or many: the receivers in community.versions), so no code path
    can change a person's unread count and leave their cached count behind."""

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            made = super().bulk_create(objs, *args, **kwargs)
            _unread_changed(row.recipient_id for row in made)
        return made

    def mark_read(self, recipient, when) -> int:
        """`recipient`'s own rows among these read at `when`. Only their version moves, so
        unlike `update` nothing is read first to learn whose counts change."""
        rows = self.filter(recipient=recipient)
        with transaction.atomic(using=self.db, savepoint=False):
            updated = super(NotificationQuerySet, rows).update(read_at=when)
            if updated:
                _unread_changed([recipient.pk])
        return updated

    def update(self, **kwargs) -> int:
        if set(kwargs) <= _COUNT_FREE_FIELDS:
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            # Read before the update: afterwards the filter may no longer match them.
            recipients = set(self.values_list("recipient_id", flat=True).distinct())
            updated = super().update(**kwargs)
            moved_to = kwargs.get("recipient_id", getattr(kwargs.get("recipient"), "pk", None))
            _unread_changed(recipients | {moved_to})
        return updated


class Notification(models.Model):
    """One line in a person's notification centre (and, by their choice, in an email).

    Rows are written by background tasks; reading them filters by page privacy again, so a
    page that becomes private takes its notifications with it.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(max_length=16, choices=NotificationVerb.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    annotation = models.ForeignKey(
        Annotation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A short, plain-text line written by the task (a change note, a moderation reason).
    detail = models.CharField(max_length=300, blank=True)
    # Where it leads when it is not about a page (a question to leadership, kudos), and
    # what to call that thing; page-less rows are only ever written for their recipient.
    link = models.CharField(max_length=500, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "emailed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.verb} {self.page_id}"


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As it happens")
    DAILY = "daily", _("One daily digest")
    NEVER = "never", _("Never (notification centre only)")


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_frequency = models.CharField(
        _("email me"),
        max_length=16,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email_frequency}"


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Rude, abusive or harassing")
    PERSONAL = "personal", _("Shares personal or confidential data")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Something else")


class Flag(models.Model):
    """A reader's report of a comment or an annotation; one per reader and item."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    annotation = models.ForeignKey(
        Annotation, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=FlagReason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a moderator has dealt with the item; open flags make the queue.
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(
                fields=["flagged_by", "comment"],
                condition=Q(comment__isnull=False),
                name="community_one_flag_per_comment",
            ),
            models.UniqueConstraint(
                fields=["flagged_by", "annotation"],
                condition=Q(annotation__isnull=False),
                name="community_one_flag_per_annotation",
            ),
            models.CheckConstraint(
                condition=Q(comment__isnull=False, annotation__isnull=True)
                | Q(comment__isnull=True, annotation__isnull=False),
                name="community_flag_one_target",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.flagged_by_id} flagged {self.comment_id or self.annotation_id}: {self.reason}"
        )


from community.groups.models import *  # noqa: E402, F403  (communities: pages, pinned pages, events)
