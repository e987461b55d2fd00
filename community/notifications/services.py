"""Notifications: who hears about an event, the rows in their notification centre, emails.

`deliver` is the one fan-out path every event task uses: for each verb, in priority
order, one query finds the people who should hear of it *and may see the page*
(`core.permissions.users_who_can_view`), minus the actor and anyone already told about
this event; the rows are written with `bulk_create`; immediate emails go out over one
SMTP connection. 5,000 watchers cost a handful of queries, not 5,000.

Reading filters by page privacy again (`viewable_pages`), so a page that became private
hides its notifications from the centre, the header count and the digest.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page

from community.comments import services as comments
from community.models import (
    EmailFrequency,
    Notification,
    NotificationSettings,
    NotificationVerb,
)
from core import fragments
from core.models import User
from core.permissions import readable_by, users_who_can_view

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
DIGEST_ITEMS = 50
EXCERPT_CHARS = 280
UNSUBSCRIBE_SALT = "community.notifications.unsubscribe"


def _chunks(items: Sequence, size: int = BATCH_SIZE) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Recipients ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recipient:
    pk: int
    email: str
    name: str
    frequency: str


@dataclass
class Event:
    """One thing that happened on `page`; `plan` lists (verb, candidate user ids) in
    priority order: a person gets the first verb they qualify for, once."""

    page: Page | None  # None: not about a page (then `link` and `subject` say what)
    actor: User | None
    plan: list[tuple[str, Iterable[int] | QuerySet]] = field(default_factory=list)
    comment: object | None = None
    annotation: object | None = None
    detail: str = ""
    link: str = ""
    subject: str = ""


def _recipients(page: Page | None, candidates, exclude: set[int]) -> list[Recipient]:
    """Of `candidates` (ids or a values("…id") subquery), active people who may read `page`
    (every active candidate when there is no page), with what an email needs: one query
    (plus one for the page's restrictions)."""
    if not isinstance(candidates, QuerySet):
        candidates = [pk for pk in set(candidates) if pk]
        if not candidates:
            return []
    people = User.objects.filter(pk__in=candidates, is_active=True)
    if page is not None:
        people = users_who_can_view(page, people)
    people = people.annotate(
        frequency=Coalesce(
            F("notification_settings__email_frequency"), Value(EmailFrequency.IMMEDIATE)
        )
    )
    rows = people.values_list("pk", "email", "first_name", "last_name", "username", "frequency")
    return [
        Recipient(
            pk=pk,
            email=email,
            name=f"{first} {last}".strip() or username,
            frequency=frequency,
        )
        for pk, email, first, last, username, frequency in rows.iterator(chunk_size=2000)
        if pk not in exclude
    ]


def deliver(event: Event) -> list[Notification]:
    """Write one notification per person for `event` and send the immediate emails."""
    told: set[int] = {event.actor.pk} if event.actor else set()
    detail = Truncator(event.detail or "").chars(300)
    now = timezone.now()
    rows: list[Notification] = []
    emails: list[tuple[Recipient, Notification]] = []
    for verb, candidates in event.plan:
        for person in _recipients(event.page, candidates, told):
            told.add(person.pk)
            row = Notification(
                recipient_id=person.pk,
                verb=verb,
                actor=event.actor,
                page=event.page,
                comment=event.comment,
                annotation=event.annotation,
                detail=detail,
                link=event.link,
                subject=Truncator(event.subject).chars(200),
                created_at=now,
            )
            rows.append(row)
            if person.frequency == EmailFrequency.IMMEDIATE and person.email:
                emails.append((person, row))
    if not rows:
        return []
    with transaction.atomic():
        Notification.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    if emails:
        _send_immediate(emails)
    return rows


# Emails -------------------------------------------------------------------------------------
def absolute(url: str) -> str:
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", url or "/")


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_for_unsubscribe_token(token: str) -> User:
    """The person a token was made for; `ValidationError` if it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return User.objects.get(pk=int(data["u"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, User.DoesNotExist) as error:
        raise ValidationError(
            _(
                "This unsubscribe link is not valid. Copy the whole link from the email, or "
                "change your email settings after signing in."
            )
        ) from error


def unsubscribe_url(user_id: int) -> str:
    return absolute(reverse("community:unsubscribe", args=[unsubscribe_token(user_id)]))


def target_url(notification: Notification, request=None) -> str:
    """Where a notification leads: the comment (on the discussion page that shows it), the
    annotation, or the page."""
    page = notification.page
    if notification.link:
        return notification.link
    url = (page.get_url(request) if page else None) or "/"
    comment = notification.comment
    if comment is not None:
        return comments.permalink(comment, request)
    if notification.annotation_id:
        return f"{url}#annotation-{notification.annotation_id}"
    return url


def _excerpt(notification: Notification) -> str:
    item = notification.comment or notification.annotation
    if item is None or getattr(item, "status", "visible") != "visible":
        return ""
    # The rendered text without its tags is still HTML (`&gt;`, `&amp;`): unescape it to
    # plain text, which the template (or the email) escapes once.
    return Truncator(html.unescape(strip_tags(item.body_html or "")).strip()).chars(EXCERPT_CHARS)


def describe(
    notification: Notification, *, full_urls: bool = False, page_url: str | None = None
) -> dict:
    """The display of one notification, for the centre and for emails alike. Its link
    goes through the "open" view, which marks it read on the way."""
    actor = notification.actor
    page = notification.page
    open_url = reverse("community:notification_open", args=[notification.pk])
    if page_url is None or notification.link:
        page_url = notification.link or (page.url if page else None) or "/"
    return {
        "pk": notification.pk,
        # No actor: an automatic step (reports hid a post) or a person since deleted.
        "actor_name": actor.display_name if actor else settings.WAGTAIL_SITE_NAME,
        "verb": notification.verb,
        "verb_label": NotificationVerb(notification.verb).label,
        "page_title": page.title if page else notification.subject,
        "detail": notification.detail,
        "excerpt": _excerpt(notification),
        "url": absolute(open_url) if full_urls else open_url,
        "page_url": absolute(page_url) if full_urls else page_url,
        "created_at": notification.created_at,
        "unread": notification.read_at is None,
    }


def _common_context() -> dict:
    """What every email shares (computed once per batch, not per message)."""
    return {
        "settings_url": absolute(reverse("community:notification_settings")),
        "centre_url": absolute(reverse("community:notifications")),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


def _subject(template: str, context: dict) -> str:
    return " ".join(render_to_string(f"{template}_subject.txt", context).split())


def _message(
    recipient: Recipient,
    template: str,
    context: dict,
    connection,
    subject: str | None = None,
) -> EmailMultiAlternatives:
    """One person's email, built from templates with only what they may see (the caller
    passes items about pages they can read). `subject`, when given, was rendered once for
    everyone told of the same event (it names no recipient)."""
    link = unsubscribe_url(recipient.pk)
    context = {**context, "recipient_name": recipient.name, "unsubscribe_url": link}
    if subject is None:
        subject = _subject(template, context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[recipient.email],
        connection=connection,
        headers={
            # RFC 8058 one-click unsubscribe: mail clients POST to the link.
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def _send_immediate(emails: list[tuple[Recipient, Notification]]) -> None:
    """One email per person, all over one connection; `emailed_at` marks what went out."""
    page = emails[0][1].page
    # One page (or link) per event: look it up once.
    page_url = emails[0][1].link or (page.url if page else None) or "/"
    common = _common_context()
    template = "community/email/notification"
    subjects: dict[str, str] = {}  # one event: the subject differs only by verb
    for _person, row in emails:
        if row.verb not in subjects:
            item = describe(row, page_url=page_url)
            subjects[row.verb] = _subject(template, {**common, "item": item})
    connection = get_connection()
    sent_ids: list[int] = []
    for batch in _chunks(emails):
        messages = [
            _message(
                person,
                template,
                {**common, "item": describe(row, full_urls=True, page_url=page_url)},
                connection,
                subjects[row.verb],
            )
            for person, row in batch
        ]
        try:
            connection.send_messages(messages)
        except OSError:
            logger.exception("Sending %d notification emails failed", len(messages))
            continue
        sent_ids.extend(row.pk for _person, row in batch)
    now = timezone.now()
    for chunk in _chunks(sent_ids):
        Notification.objects.filter(pk__in=chunk).update(emailed_at=now)


# Reading ------------------------------------------------------------------------------------
def _about_visible_pages(user: User) -> Q:
    """Rows about a page `user` may still see, and page-less rows (written for them alone)."""
    # A correlated EXISTS per row: `page__in` every readable page made SQLite list the whole
    # page table first (270 ms at 100,000 pages, on every page's unread badge).
    return Q(page__isnull=True) | Q(readable_by(user, "page_id"))


def visible_notifications(user: User | AnonymousUser) -> QuerySet[Notification]:
    """`user`'s notifications about pages they may still see, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient=user)
        .filter(_about_visible_pages(user))
        .select_related("actor", "page", "comment", "annotation")
        .order_by("-created_at", "-pk")
    )


def unread_count(user: User | AnonymousUser) -> int:
    """The header's count, kept per person until it may change (issue 19): their own
    version (`fragments.reader`, bumped by every write of their notifications: see
    community.models.NotificationQuerySet and community.versions), the tree and the
    permissions (a page turned private drops its notifications from the count). Those
    versions come with the request's first read of the versions, so a warm page pays no
    query for it. Outside a request (a task) counted directly."""
    if not user.is_authenticated:
        return 0
    if not fragments.in_request():
        return _count_unread(user)
    return fragments.cached(
        "unread-notifications",
        (user.pk, fragments.role_key(user)),
        lambda: _count_unread(user),
        depends_on=(fragments.reader(user.pk), fragments.TREE, fragments.PERMISSIONS),
    )


def _count_unread(user: User) -> int:
    return (
        Notification.objects.unread()
        .filter(recipient=user)
        .filter(_about_visible_pages(user))
        .count()
    )


def get_for_user(user: User, notification_id: int) -> Notification:
    """One of `user`'s notifications; someone else's → PermissionDenied, a hidden or
    unknown one → Notification.DoesNotExist."""
    notification = (
        Notification.objects.select_related("page", "actor", "comment", "annotation")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        raise Notification.DoesNotExist
    if notification.recipient_id != user.pk:
        raise PermissionDenied(_("This notification is someone else's."))
    if not visible_notifications(user).filter(pk=notification.pk).exists():
        raise Notification.DoesNotExist
    return notification


def mark_read(user: User, notification_id: int) -> Notification:
    notification = get_for_user(user, notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user: User) -> int:
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to manage your notifications."))
    return Notification.objects.unread().mark_read(user, timezone.now())


# Settings -----------------------------------------------------------------------------------
def email_frequency(user: User) -> str:
    """How often `user` wants email (reading never writes: no row means the default)."""
    found = (
        NotificationSettings.objects.filter(user=user)
        .values_list("email_frequency", flat=True)
        .first()
    )
    return found or EmailFrequency.IMMEDIATE


def set_email_frequency(user: User, frequency: str) -> NotificationSettings:
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to change your email settings."))
    if frequency not in EmailFrequency.values:
        raise ValidationError(_("Choose how often we email you: as it happens, daily, or never."))
    chosen, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults={"email_frequency": frequency}
    )
    return chosen


# Daily digest -------------------------------------------------------------------------------
def send_digests(now: datetime | None = None) -> int:
    """One email per daily-digest person with their unread notifications not emailed yet.

    Safe to run twice: what a digest included is marked `emailed_at`, so a second run finds
    nothing new. Returns the number of emails sent.
    """
    now = now or timezone.now()
    people = (
        User.objects.filter(
            is_active=True,
            notification_settings__email_frequency=EmailFrequency.DAILY,
            notifications__read_at__isnull=True,
            notifications__emailed_at__isnull=True,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    connection = get_connection()
    sent = 0
    for person in people.iterator():
        if _send_digest(person, now, connection):
            sent += 1
    return sent


def _send_digest(person: User, now: datetime, connection) -> bool:
    with transaction.atomic():
        # Lock this person's settings row so two runs at once cannot both send.
        NotificationSettings.objects.select_for_update().filter(user=person).first()
        pending = visible_notifications(person).filter(
            read_at__isnull=True, emailed_at__isnull=True
        )
        pending_ids = list(pending.values_list("pk", flat=True))
        if not pending_ids:
            return False
        shown = list(pending[:DIGEST_ITEMS])
        items = [describe(row, full_urls=True) for row in shown]
        recipient = Recipient(person.pk, person.email, person.display_name, EmailFrequency.DAILY)
        message = _message(
            recipient,
            "community/email/digest",
            {
                **_common_context(),
                "items": items,
                "count": len(pending_ids),
                "more": len(pending_ids) - len(items),
            },
            connection,
        )
        connection.send_messages([message])
        for chunk in _chunks(pending_ids):
            Notification.objects.filter(pk__in=chunk).update(emailed_at=now)
        NotificationSettings.objects.filter(user=person).update(last_digest_at=now)
    return True
