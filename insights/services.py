"""Writing to the activity ledger. Cheap by design: views cost nothing after the first."""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.utils import timezone

from core.models import User
from core.permissions import role_names
from core.roles import Role
from insights import scopes
from insights.models import ActivityEvent, Verb

# Who the actor is (department, level, location), kept with each event so reports still
# group it right after a move. `people` knows and tells it from its AppConfig.ready
# (`describe_actors_with`): insights sits below people and may not import it.
ActorDescriber = Callable[[User], dict[str, str]]
_describers: list[ActorDescriber] = []


def describe_actors_with(describer: ActorDescriber) -> None:
    """Set how an actor is described (one describer: a later one replaces it)."""
    _describers[:] = [describer]


# The roles that write and publish pages: what they add is broadcast, what everyone else
# adds is dialogue (the measure "contributions by people who are not editors").
EDITING_ROLES = frozenset(
    {Role.EDITORS, Role.SPACE_OWNERS, Role.COMMUNICATIONS, Role.ADMINISTRATORS}
)


def is_editor(actor: User) -> bool:
    """May `actor` write pages? (No query when the request already knows the roles.)"""
    return actor.is_superuser or bool(role_names(actor) & EDITING_ROLES)


def _snapshot(actor: User | None) -> dict:
    if actor is None:
        return {}
    described = _describers[0](actor) if _describers else {}
    return {**described, "actor_is_editor": is_editor(actor)}


def _event(actor: User | None, verb: str, target: models.Model, when: datetime) -> ActivityEvent:
    return ActivityEvent(
        actor=actor,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=target.pk,
        occurred_at=when,
        day=timezone.localdate(when),
        **_snapshot(actor),
        **scopes.columns(target),
    )


def _forget_scope(event: ActivityEvent) -> ActivityEvent:
    """The database found the space and community (subqueries in the INSERT): read them
    back only if asked (deferred), not as the expressions."""
    for name in ("space_id", "community_id"):
        if not isinstance(event.__dict__.get(name), int | None):
            del event.__dict__[name]
    return event


def record_event(
    actor: User | None, verb: Verb | str, target: models.Model, when: datetime | None = None
) -> ActivityEvent:
    """Append one event, e.g. record_event(editor, Verb.PUBLISHED, page); `when` it happened
    (default: now) when a task records it for a request."""
    event = _event(actor, verb, target, when or timezone.now())
    event.save()
    return _forget_scope(event)


def record_view(user: User | AnonymousUser, target: models.Model) -> bool:
    """Count a view once per person, target and day. False when skipped without a query.

    A cache key marks what was already counted today, so a reload costs no query; the
    unique constraint keeps the count right when the cache is cold or shared by nobody.
    """
    if not user.is_authenticated:
        return False
    now = timezone.now()
    today = timezone.localdate(now)
    key = f"viewed:{user.pk}:{target._meta.label_lower}:{target.pk}:{today.isoformat()}"
    if not cache.add(key, True, timeout=int(timedelta(days=1).total_seconds())):
        return False
    ActivityEvent.objects.bulk_create(
        [_event(user, Verb.VIEWED, target, now)], ignore_conflicts=True
    )
    return True
