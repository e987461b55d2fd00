"""What `people` tells the layers below it, which may not import it: registered by
`PeopleConfig.ready`.

- `core.pinholes`: the spaces guests' active pinholes (`GuestAccess`) open, for the
  privacy gate in `core.permissions`;
- `insights.services`: who an actor is (department, level, location) when the activity
  ledger records an event.
"""

from django.db.models import QuerySet

from core.models import User
from people.models import GuestAccess, Profile


class GuestAccessPinholes:
    def opened_paths(self, user: User) -> list[str]:
        return list(
            GuestAccess.objects.active().filter(user=user).values_list("space__path", flat=True)
        )

    def holders(self, *, at: list[str] | None = None, below: str | None = None) -> QuerySet:
        grants = GuestAccess.objects.active()
        if at is not None:
            grants = grants.filter(space__path__in=at)
        if below is not None:
            grants = grants.filter(space__path__startswith=below)
        return grants.values("user_id")


def actor_snapshot(actor: User) -> dict[str, str]:
    """The actor's department, level and location as the ledger keeps them (one query)."""
    row = (
        Profile.objects.filter(user=actor)
        .values_list("department__name", "level", "location__name")
        .first()
    )
    if row is None:
        return {}
    department, level, location = row
    return {
        "actor_department": department or "",
        "actor_level": level or "",
        "actor_location": location or "",
    }
