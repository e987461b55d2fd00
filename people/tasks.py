"""Background work for people: telling someone they were thanked."""

from __future__ import annotations

from django_tasks import task

from community.models import NotificationVerb
from community.notifications.services import Event, deliver
from people.models import Kudos


@task()
def notify_kudos(kudos_id: int) -> int:
    """The recipient hears of their kudos (a notification, and an email by their choice)."""
    from people.recognition import notification_for

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
