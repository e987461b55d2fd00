"""What `people` tells the layers below it, which may not import it: registered by
`PeopleConfig.ready`.

- `core.pinholes`: the spaces guests' active pinholes (`GuestAccess`) open, for the
  privacy gate in `core.permissions`;
- `insights.services`: who an actor is (department, level, location) when the activity
  ledger records an event;
- `insights.dashboard.people`: the staff per department, level or location (the
  dashboard's shares of headcount), per period, named as the ledger names them.
"""

from django.db.models import Count, Q, QuerySet

from core.models import User
from core.permissions import guest_accounts
from people.models import GuestAccess, Level, Profile


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


# The ledger keeps a department's and a location's name and a level's code (actor_snapshot).
_LEDGER_FIELD = {"department": "department__name", "level": "level", "location": "location__name"}


class StaffHeadcount:
    def headcount(self, by: str, windows) -> list[dict[str, int]]:
        """Staff (not guests) employed during each window (started by its last day, not
        left before its first) per department, level or location: one query, a count per
        window. An account deactivated without a leave date counts in none."""
        field = _LEDGER_FIELD[by]
        counts = {
            f"w{n}": Count(
                "pk",
                filter=(Q(start_date__isnull=True) | Q(start_date__lte=last))
                & (Q(leave_date__isnull=True) | Q(leave_date__gte=first)),
            )
            for n, (first, last) in enumerate(windows)
        }
        rows = (
            Profile.objects.filter(Q(user__is_active=True) | Q(leave_date__isnull=False))
            .exclude(user__in=User.objects.filter(guest_accounts()))
            .values(field)
            .annotate(**counts)
            .order_by()
        )
        found: list[dict[str, int]] = [{} for _window in windows]
        for row in rows:
            key = row[field] or ""
            for n, window in enumerate(found):
                window[key] = window.get(key, 0) + row[f"w{n}"]
        return found

    def slice_label(self, by: str, key: str) -> str:
        if by == "level":
            return str(dict(Level.choices).get(key, key))
        return key
