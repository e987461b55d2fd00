"""The one place that decides which pages a person may see.

Every read path (page lists, search, feeds, exports, notifications) asks `viewable_pages`
or `can_view_page` instead of filtering on its own, so a private space stays private
everywhere at once.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from core.models import User


def _blocked_paths(user: User | AnonymousUser) -> list[str]:
    """Tree paths of restricted pages whose restriction this person does not pass.

    Kept on the user object, which lives for one request, so a page that lists several
    things (navigation, updates, sections) asks once.
    """
    cached = getattr(user, "_hearth_blocked_paths", None)
    if cached is not None:
        return cached
    restrictions = PageViewRestriction.objects.all()
    if user.is_authenticated:
        member_of = PageViewRestriction.groups.through.objects.filter(group__user=user).values(
            "pageviewrestriction_id"
        )
        restrictions = restrictions.exclude(restriction_type=PageViewRestriction.LOGIN).exclude(
            Q(restriction_type=PageViewRestriction.GROUPS) & Q(pk__in=member_of)
        )
    user._hearth_blocked_paths = list(restrictions.values_list("page__path", flat=True))
    return user._hearth_blocked_paths


def viewable_pages(user: User | AnonymousUser) -> PageQuerySet:
    """Live pages `user` may read: at most two queries however many restrictions exist."""
    pages = Page.objects.live()
    if user.is_authenticated and user.is_superuser:
        return pages
    blocked = _blocked_paths(user)
    if blocked:
        hidden = Q()
        for path in blocked:
            hidden |= Q(path__startswith=path)
        pages = pages.exclude(hidden)
    return pages


def can_view_page(user: User | AnonymousUser, page: Page) -> bool:
    return viewable_pages(user).filter(pk=page.pk).exists()


def has_role(user: User | AnonymousUser, role: str) -> bool:
    """True if `user` belongs to the group named `role` (see core.roles.Role)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=role).exists()


def _ancestor_paths(path: str) -> list[str]:
    step = Page.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def users_who_can_view(page: Page, users: QuerySet[User] | None = None) -> QuerySet[User]:
    """Of `users` (default: every active person), those who may read `page`.

    The bulk form of `can_view_page` for fan-out (notifications to 5,000 watchers, mention
    checks): one query reads the page's restrictions; the rest is a filter on the returned
    queryset, so the caller's query does the work in the database.
    """
    users = (User.objects.all() if users is None else users).filter(is_active=True)
    if not page.live:
        return users.none()
    restrictions = PageViewRestriction.objects.filter(
        page__path__in=_ancestor_paths(page.path)
    ).prefetch_related("groups")
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.LOGIN:
            continue
        allowed = Q(is_superuser=True)
        if restriction.restriction_type == PageViewRestriction.GROUPS:
            members = User.groups.through.objects.filter(
                group__in=[group.pk for group in restriction.groups.all()]
            ).values("user_id")
            allowed |= Q(pk__in=members)
        users = users.filter(allowed)
    return users
