"""Background tasks of communities (scheduled on commit by `community.groups.services`)."""

from __future__ import annotations

from django_tasks import task

from community.models import CommunityPage, NotificationVerb
from community.notifications.services import Event, deliver
from core.models import User


@task()
def notify_invited(community_id: int, person_id: int, owner_id: int | None) -> int:
    """Tell a person an owner added them to a community (they may see it now)."""
    community = CommunityPage.objects.filter(pk=community_id).first()
    if community is None or not community.live:
        return 0
    owner = User.objects.filter(pk=owner_id).first() if owner_id else None
    event = Event(
        page=community,
        actor=owner,
        plan=[(NotificationVerb.INVITED, [person_id])],
        detail=community.purpose[:300],
    )
    return len(deliver(event))


__all__ = ["notify_invited"]
