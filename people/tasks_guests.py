"""Background work for guests: the invitation email (scheduled by `people.guests.invite`).

The task takes the invite's id only and rebuilds the link's token from it (see
`people.guests.invite_token`), so the queue never holds the secret.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from people.models import GuestInvite


@task()
def send_invite(invite_id: int) -> int:
    """Email the invitation link; nothing for an invite withdrawn or used meanwhile."""
    from community.services.notifications import absolute
    from people import guests

    invite = GuestInvite.objects.select_related("invited_by").filter(pk=invite_id).first()
    if invite is None or invite.revoked_at is not None or invite.accepted_at is not None:
        return 0
    context = {
        "invite": invite,
        "name": invite.name,
        "inviter": invite.invited_by.display_name if invite.invited_by else "",
        "organisation": guests.organisation_name(),
        "spaces": list(invite.spaces.order_by("title").values_list("title", flat=True)),
        "url": absolute(reverse("guests:accept", args=[guests.invite_token(invite)])),
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
    from django.utils.translation import gettext as _

    from community.models import NotificationVerb
    from community.services.notifications import Event, deliver
    from core.models import User
    from knowledge.models import SpacePage

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
