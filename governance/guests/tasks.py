"""Background work for guests: the invitation email (scheduled by
`governance.guests.services.invite`), the owners' notice of a change, and the guest's
notice that a pinhole ended.

The task takes the invite's id only and rebuilds the link's token from it (see
`governance.guests.services.invite_token`), so the queue never holds the secret.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from community.models import NotificationVerb
from community.notifications.services import Event, absolute, deliver
from core.models import User
from core.schedule import cron
from governance.guests import services  # imports this module back: used at call time only
from knowledge.models import SpacePage
from people.models import GuestAccess, GuestInvite


@task()
def send_invite(invite_id: int) -> int:
    """Email the invitation link; nothing for an invite withdrawn or used meanwhile."""
    invite = GuestInvite.objects.select_related("invited_by").filter(pk=invite_id).first()
    if invite is None or invite.revoked_at is not None or invite.accepted_at is not None:
        return 0
    context = {
        "invite": invite,
        "name": invite.name,
        "inviter": invite.invited_by.display_name if invite.invited_by else "",
        "organisation": services.organisation_name(),
        "spaces": list(invite.spaces.order_by("title").values_list("title", flat=True)),
        "url": absolute(reverse("guests:accept", args=[services.invite_token(invite)])),
        "max_days": settings.HEARTH_GUEST_MAX_DAYS,
    }
    subject = " ".join(render_to_string("people/guests/email/invite_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("people/guests/email/invite.txt", context),
        to=[invite.email],
    )
    message.attach_alternative(
        render_to_string("people/guests/email/invite.html", context), "text/html"
    )
    message.send()
    return 1


@task()
def notify_guest_change(space_ids: list[int], actor_id: int | None, detail: str) -> int:
    """The owners of each space hear that its guest access changed (in-app, and by email
    as they chose); the person who made the change is not told."""
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    link = reverse("guests:list")
    told = 0
    for space in SpacePage.objects.filter(pk__in=space_ids).prefetch_related("owners"):
        owners = [owner.pk for owner in space.owners.all()]
        event = Event(
            page=space,
            actor=actor,
            plan=[(NotificationVerb.GUEST, owners)],
            detail=detail or _("Guest access changed"),
            link=link,
        )
        told += len(deliver(event))
    return told


@task()
def send_access_ended(access_id: int) -> int:
    """Tell a guest that their access to one space ended (revoked, or reached its date),
    which spaces they can still open, and whom to ask. Sent once per ended pinhole:
    `services.revoke` and `services.expire_due` schedule it exactly when they record the
    end. Nothing for a pinhole that is still open (revoked by mistake and granted again is
    a new pinhole)."""
    access = (
        GuestAccess.objects.select_related("user", "space", "revoked_by", "granted_by")
        .filter(pk=access_id)
        .first()
    )
    now = timezone.now()
    if access is None or not access.user.email:
        return 0
    revoked = access.revoked_at is not None
    if not revoked and access.expires_at > now:
        return 0
    remaining = list(
        GuestAccess.objects.active(now)
        .filter(user=access.user)
        .exclude(space=access.space)
        .order_by("space__title")
        .values_list("space__title", flat=True)
    )
    contact = access.revoked_by if revoked else access.granted_by
    context = {
        "name": access.user.first_name or access.user.display_name,
        "organisation": services.organisation_name(),
        "space": access.space.title,
        "revoked": revoked,
        "ended_at": access.revoked_at if revoked else access.expires_at,
        "contact": contact.display_name if contact else "",
        "remaining": remaining,
        "url": absolute(resolve_url(settings.LOGIN_URL)) if remaining else "",
    }
    subject = " ".join(
        render_to_string("people/guests/email/access_ended_subject.txt", context).split()
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("people/guests/email/access_ended.txt", context),
        to=[access.user.email],
    )
    message.attach_alternative(
        render_to_string("people/guests/email/access_ended.html", context), "text/html"
    )
    message.send()
    return 1


@cron("15 * * * *")
@task()
def expire_guests() -> int:
    """Log each guest access that ended and tell the guest, once (access ends on time anyway)."""
    return services.expire_due()
