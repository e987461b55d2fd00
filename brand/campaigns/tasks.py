"""Background work for campaigns: the announcement email, sent once when one goes live.

The email goes to every audience member who may read the campaign and takes email (not
to people who unsubscribed), in batches over one SMTP connection, as plain text and HTML,
each with a one-click unsubscribe link. Each person also gets a notification in their
centre (verb "campaign"); those rows are marked as emailed, so neither an immediate
notification email nor the daily digest repeats the announcement.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django_tasks import task
from wagtail.log_actions import log

from brand.campaigns import services as service
from brand.campaigns.models import CampaignPage
from community.models import Notification, NotificationVerb
from community.notifications.services import absolute, unsubscribe_url
from core.models import User
from core.permissions import users_who_can_view

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
TEMPLATE = "brand/campaigns/email/announcement"


@task()
def send_campaign_email(campaign_id: int, actor_id: int | None = None) -> int:
    """Send the campaign's announcement email; returns how many went out (0 when it had
    been sent already: `email_sent_at` is claimed before anything is sent)."""
    campaign = CampaignPage.objects.filter(pk=campaign_id).first()
    if campaign is None or not campaign.send_email or not service.is_live_now(campaign):
        return 0
    if not service.claim_email(campaign.pk):
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    people = list(
        service.email_recipients(campaign)
        .order_by("pk")
        .values_list("pk", "email", "first_name", "last_name", "username")
    )
    subject = campaign.email_subject or campaign.title
    context = {
        "campaign": campaign,
        "key_messages": [block.value for block in campaign.key_messages],
        "url": absolute(campaign.url or "/"),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "settings_url": absolute(reverse("community:notification_settings")),
    }
    connection = get_connection()
    sent: list[int] = []
    for start in range(0, len(people), BATCH_SIZE):
        batch = people[start : start + BATCH_SIZE]
        messages = [_message(person, subject, context, connection) for person in batch]
        try:
            connection.send_messages(messages)
        except OSError:
            logger.exception("Sending %d campaign emails failed", len(messages))
            continue
        sent.extend(person[0] for person in batch)
    _notify(campaign, actor, sent)
    log(
        instance=campaign, action=service.LOG_EMAIL_SENT, user=actor, data={"recipients": len(sent)}
    )
    return len(sent)


def _message(person: tuple, subject: str, context: dict, connection) -> EmailMultiAlternatives:
    pk, email, first, last, username = person
    link = unsubscribe_url(pk)
    context = {
        **context,
        "recipient_name": f"{first} {last}".strip() or username,
        "unsubscribe_url": link,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{TEMPLATE}.txt", context),
        to=[email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"{TEMPLATE}.html", context), "text/html")
    return message


def _notify(campaign: CampaignPage, actor: User | None, emailed: list[int]) -> None:
    """A "campaign" notification for each audience member who may read it: emailed ones
    are marked as emailed (the announcement was the email)."""
    now = timezone.now()
    emailed_set = set(emailed)
    audience = users_who_can_view(campaign, service.audience_users(campaign))
    if actor is not None:
        audience = audience.exclude(pk=actor.pk)
    detail = Truncator(campaign.goal or campaign.listing_summary or "").chars(300)
    rows = [
        Notification(
            recipient_id=pk,
            verb=NotificationVerb.CAMPAIGN,
            actor=actor,
            page=campaign,
            detail=detail,
            created_at=now,
            emailed_at=now if pk in emailed_set else None,
        )
        for pk in audience.values_list("pk", flat=True).iterator(chunk_size=2000)
    ]
    Notification.objects.bulk_create(rows, batch_size=BATCH_SIZE)


__all__ = ["send_campaign_email"]
