"""Background work for recognition: telling someone they were thanked."""

from __future__ import annotations

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django_tasks import task

from community.models import NotificationVerb
from community.notifications.services import Event, deliver
from people.models import Kudos
from people.services import profile_url


def notification_for(kudos: Kudos) -> dict:
    """What the recipient's notification says."""
    return {
        "link": f"{profile_url(kudos.recipient)}#kudos",
        "subject": kudos.value.title if kudos.value_id else _("kudos"),
        "detail": Truncator(kudos.message).chars(200),
    }


@task()
def notify_kudos(kudos_id: int) -> int:
    """The recipient hears of their kudos (a notification, and an email by their choice)."""
    kudos = Kudos.objects.select_related("giver", "recipient", "value").filter(pk=kudos_id).first()
    if kudos is None:
        return 0
    event = Event(
        page=None,
        actor=kudos.giver,
        plan=[(NotificationVerb.KUDOS, [kudos.recipient_id])],
        **notification_for(kudos),
    )
    return len(deliver(event))
