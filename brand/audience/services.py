"""Who a campaign or an announcement is for, as SQL.

The rule is the must-read's (`knowledge.mustread.audience_q`), so a campaign's must-read
channel reaches exactly the campaign's audience: a person is in the audience when the page
is for everyone, or they are in one of its groups, departments, locations or levels (a
union). Guests (people whose only role is Guests) are never in a campaign's or an
announcement's audience: those pages are for staff.

Three questions, each one query (subqueries only, never a loop over people or pages):

- `audience_users(page)`: the people a page is for (for counts, emails, must-reads);
- `in_audience(user, page)`: is this person one of them;
- `audience_pages_for(user, pages)`: of these campaign or announcement pages, the ones
  whose audience includes this person (seen from the pages' side, for home and lists).

`audience_summary(page)` says the rule in words, for the people it is not for.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.lookups import Exact
from django.utils.translation import gettext as _

from core.models import User
from core.permissions import role_names
from core.policy import Action, policy
from people.models import Level, Profile

AUDIENCE_RELATIONS = {
    "audience_groups": "group_id",
    "audience_departments": "department_id",
    "audience_locations": "location_id",
}


def _members_of(role: str) -> QuerySet:
    return User.groups.through.objects.filter(group__name=role).values("user_id")


def group_names(user: User | AnonymousUser) -> frozenset[str]:
    """The reader's group names, read once per request (core.permissions.role_names)."""
    return role_names(user)


def rule_q(
    *,
    everyone: bool,
    groups: Iterable | QuerySet = (),
    departments: Iterable | QuerySet = (),
    locations: Iterable | QuerySet = (),
    levels: Iterable[str] = (),
) -> Q:
    """The audience rule as a condition on users, from its parts (ids, objects or
    `values(...)` subqueries). Used for saved pages and for a form that is not saved yet."""
    if everyone:
        return Q(is_active=True)
    nobody = Q(pk__in=[])
    condition = nobody
    groups = groups if isinstance(groups, QuerySet) else list(groups)
    if isinstance(groups, QuerySet) or groups:
        condition |= Q(
            pk__in=User.groups.through.objects.filter(group_id__in=groups).values("user_id")
        )
    departments = departments if isinstance(departments, QuerySet) else list(departments)
    if isinstance(departments, QuerySet) or departments:
        condition |= Q(profile__department_id__in=departments)
    locations = locations if isinstance(locations, QuerySet) else list(locations)
    if isinstance(locations, QuerySet) or locations:
        condition |= Q(profile__location_id__in=locations)
    levels = sorted(set(levels or ()))
    if levels:
        condition |= Q(profile__level__in=levels)
    return Q(is_active=True) & condition


def _chosen(page, relation: str) -> QuerySet:
    """The ids a saved page chose for one of its audience relations (a subquery)."""
    field = type(page)._meta.get_field(relation)
    through = field.remote_field.through
    return through.objects.filter(**{f"{field.m2m_field_name()}_id": page.pk}).values(
        AUDIENCE_RELATIONS[relation]
    )


def audience_q(page) -> Q:
    """A saved (published) page's audience as a condition on users: one query with it."""
    return rule_q(
        everyone=page.audience_everyone,
        groups=_chosen(page, "audience_groups"),
        departments=_chosen(page, "audience_departments"),
        locations=_chosen(page, "audience_locations"),
        levels=page.audience_levels or (),
    )


def audience_users(page) -> QuerySet[User]:
    """The active, non-guest people `page` is for."""
    return policy.users_with_permission(Action.STAFF, User.objects.filter(audience_q(page)))


def in_audience(user: User | AnonymousUser, page) -> bool:
    if not policy.user_has_permission(user, Action.STAFF):
        return False
    return audience_users(page).filter(pk=user.pk).exists()


def audience_pages_for(user: User | AnonymousUser, pages: QuerySet) -> QuerySet:
    """Of `pages` (a queryset of one AudienceFields page type), those whose audience
    includes `user`; no query of its own: the person's groups, guest standing and profile
    are subqueries."""
    if not user.is_authenticated:
        return pages.none()
    model = pages.model
    profile = Profile.objects.filter(user_id=user.pk)

    def chosen(relation: str, values: QuerySet) -> Q:
        field = model._meta.get_field(relation)
        through = field.remote_field.through
        matching = through.objects.filter(**{f"{AUDIENCE_RELATIONS[relation]}__in": values})
        return Q(pk__in=matching.values(f"{field.m2m_field_name()}_id"))

    rules = Q(audience_everyone=True)
    rules |= chosen(
        "audience_groups", User.groups.through.objects.filter(user_id=user.pk).values("group_id")
    )
    rules |= chosen("audience_departments", profile.values("department_id"))
    rules |= chosen("audience_locations", profile.values("location_id"))
    # A JSON list of at most one entry per level: compare each position with the person's
    # level (JSON "contains" does not exist on SQLite; this works on both databases).
    my_level = Subquery(profile.values("level")[:1])
    for position in range(len(Level.values)):
        rules |= Q(Exact(KeyTextTransform(str(position), "audience_levels"), my_level))
    # Guests see none: a constant subquery rather than a query of its own.
    staff = Exists(policy.users_with_permission(Action.STAFF, User.objects.filter(pk=user.pk)))
    return pages.filter(staff).filter(rules)


def audience_summary(page) -> str:
    """The audience in words ("people in Sales or Support; people at Leeds"), so a reader
    outside it learns whom the page addresses rather than just that it is not them. Names
    only, never people: three small queries, whatever the audience's size."""
    if page.audience_everyone:
        return _("everyone on the staff")
    level_labels = dict(Level.choices)
    named = [
        (_("members of %(names)s"), [g.name for g in page.audience_groups.all()]),
        (_("people in %(names)s"), [d.name for d in page.audience_departments.all()]),
        (_("people at %(names)s"), [place.name for place in page.audience_locations.all()]),
        (
            _("people at the level %(names)s"),
            [str(level_labels.get(level, level)) for level in page.audience_levels or ()],
        ),
    ]
    parts = [
        template % {"names": _(" or ").join(sorted(names))} for template, names in named if names
    ]
    return _("; ").join(parts) if parts else _("nobody yet")


def audience_is_empty(**parts) -> bool:
    """Whether an audience (the parts `rule_q` takes) resolves to nobody today."""
    return not policy.users_with_permission(
        Action.STAFF, User.objects.filter(rule_q(**parts))
    ).exists()


__all__ = [
    "audience_is_empty",
    "audience_pages_for",
    "audience_q",
    "audience_summary",
    "audience_users",
    "in_audience",
    "rule_q",
]
