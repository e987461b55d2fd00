"""The one place that decides which pages a person may see.

Every read path (page lists, search, feeds, exports, notifications) asks `viewable_pages`
or `can_view_page` instead of filtering on its own, so a private space stays private
everywhere at once.
"""

from __future__ import annotations

import functools
import weakref
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.db.models.signals import m2m_changed
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PagePermissionTester,
    PageViewRestriction,
    get_page_models,
)
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.query import PageQuerySet

from core import fragments, pinholes
from core.roles import Role

if TYPE_CHECKING:
    from core.models import User

EVERYTHING = ""  # a path prefix every page and collection has: "hide everything"


def memberships(user: User | AnonymousUser) -> tuple[frozenset[int], frozenset[str]]:
    """The ids and names of the groups `user` is in, read once and kept on the user object
    (it lives for one request).

    Everything here that depends on the person's groups derives from this one read: the
    restrictions they pass (`_blocked_paths`), their role names, and the role key that
    cached fragments are stored under (`core.fragments.role_key`). So a fragment and the key
    it is stored under always agree, even when an administrator changes the person's groups
    while their request runs (two separate reads could store what a Leadership member sees
    under an employee's key). `_blocked_paths` fills it from its own query when it runs first.
    """
    if not user.is_authenticated:
        return frozenset(), frozenset()
    memo = getattr(user, "_hearth_memberships", None)
    if memo is None:
        _remember(user)
        # Kept until someone's groups change (PERMISSIONS, bumped by the m2m signal from
        # either side): the next request reads them afresh.
        # Outside a request (a task) read directly: a version read would cost as much.
        rows = _cached_in_request(
            "memberships",
            (user.pk,),
            lambda: _read_memberships(user),
            depends_on=(fragments.PERMISSIONS,),
        )
        memo = user._hearth_memberships = (
            frozenset(pk for pk, _name in rows),
            frozenset(name for _pk, name in rows),
        )
    return memo


def _read_memberships(user: User) -> list[tuple[int, str]]:
    """The person's groups (id, name). In a request, the view restrictions that hold for
    them come in the same query (a UNION: the page needs both; issue 19's cold page) and
    are kept under `_restriction_rows`' key for their set of groups, read in one snapshot
    with the groups, so the two agree."""
    if not fragments.in_request():
        return list(user.groups.values_list("pk", "name"))
    groups = user.groups.annotate(
        kind=Value("g", output_field=CharField()),
        first=Cast("pk", output_field=CharField()),
        second=F("name"),
    ).values_list("kind", "first", "second")
    restrictions = _restrictions(user.groups.values("pk")).annotate(
        kind=Value("r", output_field=CharField()),
        first=F("page__path"),
        second=F("restriction_type"),
    )
    rows = list(groups.union(restrictions.values_list("kind", "first", "second"), all=True))
    found = [(int(pk), name) for kind, pk, name in rows if kind == "g"]
    held = [(path, kind) for row_kind, path, kind in rows if row_kind == "r"]
    parts = tuple(sorted(pk for pk, _name in found))
    key = fragments.key("restrictions", parts, (fragments.TREE, fragments.PERMISSIONS))
    cache.add(key, held, fragments.SECONDS)
    return found


def _restrictions(group_ids) -> QuerySet:
    """The page view restrictions that hold for a person in `group_ids` (ids or a
    subquery of them; None: an anonymous visitor)."""
    restrictions = PageViewRestriction.objects.all()
    if group_ids is not None:
        through = PageViewRestriction.groups.through.objects
        member_of = through.filter(group_id__in=group_ids)
        restrictions = restrictions.exclude(restriction_type=PageViewRestriction.LOGIN).exclude(
            Q(restriction_type=PageViewRestriction.GROUPS)
            & Q(pk__in=member_of.values("pageviewrestriction_id"))
        )
    return restrictions


def _cached_in_request(name, parts, compute, depends_on):
    """`fragments.cached` while a request runs; `compute()` outside one (a task, a
    command), where reading the versions would cost as much as the thing itself."""
    if not fragments.in_request():
        return compute()
    return fragments.cached(name, parts, compute, depends_on=depends_on)


_MEMOS = (
    "_hearth_memberships",
    "_hearth_role_key",
    "_hearth_blocked_paths",
    "_hearth_hidden_paths",
    "_hearth_guest_spaces",
    "_page_permission_cache",  # Wagtail's page permission policy's, filled by `page_permissions`
)


# The user objects this context (a request, or a task's thread) has remembered memos on,
# so a membership change made from either side (`user.groups.add`, `group.user_set.add`)
# reaches them. Only this context's objects: another request's person keeps what it read
# until it ends (forgetting it mid-request could split its key from its content).
# By identity, not equality: two objects of the same person (equal models) are both held.
_holders: ContextVar[dict[int, weakref.ref] | None] = ContextVar("hearth_group_memos", default=None)


def _remember(user) -> None:
    holders = _holders.get()
    if holders is None:
        holders = {}
        _holders.set(holders)
    key = id(user)
    holders[key] = weakref.ref(user, lambda _ref: holders.pop(key, None))


def forget(user) -> None:
    """Drop what this context remembered about `user`'s groups and the pages they open,
    all of it at once (so a key and its content still agree): the next question reads
    afresh. Called when that person's groups change in this context."""
    for memo in _MEMOS:
        user.__dict__.pop(memo, None)


def _groups_changed(sender, instance, action, reverse, pk_set=None, **_kwargs) -> None:
    if not action.startswith("post_"):
        return
    # user.groups.add(…) names the user; group.user_set.add(…) names users by pk (None
    # when the group is cleared: then everyone remembered here forgets).
    changed = pk_set if reverse else {instance.pk}
    for ref in list((_holders.get() or {}).values()):
        user = ref()
        if user is not None and (changed is None or user.pk in changed):
            forget(user)
    if not reverse:
        forget(instance)


def connect() -> None:
    """Forget a user object's memos when its groups change (CoreConfig.ready)."""
    m2m_changed.connect(
        _groups_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="hearth_permissions_groups_changed",
    )


def _restriction_rows(group_ids: frozenset[int] | None) -> list[tuple[str, str]]:
    """(path, type) of the page view restrictions that hold for a person in `group_ids`
    (None: an anonymous visitor), kept per group set until a restriction, a page's place
    or a group changes (TREE, PERMISSIONS): the same for everyone with the same groups."""

    def load() -> list[tuple[str, str]]:
        return list(_restrictions(group_ids).values_list("page__path", "restriction_type"))

    parts = ("anon",) if group_ids is None else tuple(sorted(group_ids))
    return _cached_in_request(
        "restrictions",
        parts,
        load,
        depends_on=(fragments.TREE, fragments.PERMISSIONS),
    )


def _blocked_paths(user: User | AnonymousUser) -> list[str]:
    """Tree paths of pages this person may not see: restricted pages whose restriction
    they do not pass and, for guests, the staff-only subtrees.

    The person's groups (`memberships`) and the restrictions for that set of groups
    (`_restriction_rows`) come from the cache while nothing they depend on changes; a guest
    pays one query for their pinholes and one for the staff-only paths. Kept on the user
    object, which lives for one request, so a page that lists several things (navigation,
    updates, sections) asks once.
    """
    cached = getattr(user, "_hearth_blocked_paths", None)
    if cached is not None:
        return cached
    group_ids = memberships(user)[0] if user.is_authenticated else None
    blocked: list[str] = []
    hidden: list[str] = []  # what the admin hides too (see `hidden_page_paths`)
    for path, kind in _restriction_rows(group_ids):
        blocked.append(path)
        if kind == PageViewRestriction.GROUPS:
            hidden.append(path)
    if user.is_authenticated and getattr(user, "_hearth_hidden_paths", None) is None:
        user._hearth_hidden_paths = [EVERYTHING] if is_guest(user) else hidden
    if is_guest(user):
        opened = _guest_space_paths(user)
        # A pinhole opens its space even when the space (or a page above it) is
        # restricted to groups; restrictions deeper inside the space still hold.
        blocked = [path for path in blocked if not any(o.startswith(path) for o in opened)]
        blocked += _staff_only_paths()
    user._hearth_blocked_paths = blocked
    return blocked


def _guest_space_paths(user: User) -> list[str]:
    """Tree paths of the spaces a guest's active pinholes open (one query, kept on the
    user object for the request). A guest sees nothing outside them."""
    cached = getattr(user, "_hearth_guest_spaces", None)
    if cached is None:
        cached = user._hearth_guest_spaces = pinholes.provider().opened_paths(user)
    return cached


def _staff_only_types() -> list[int]:
    """Content types of pages whose whole subtree is for staff only (`staff_only = True`:
    the vision and brand hubs, campaigns, announcements, ideas, communities)."""
    models = [model for model in get_page_models() if getattr(model, "staff_only", False)]
    return [
        content_type.pk
        for content_type in ContentType.objects.get_for_models(
            *models, for_concrete_models=False
        ).values()
    ]


def _staff_only_paths() -> list[str]:
    """Tree paths of the staff-only subtrees: guests never see anything under them."""
    return list(
        Page.objects.filter(content_type_id__in=_staff_only_types()).values_list("path", flat=True)
    )


def viewable_pages(user: User | AnonymousUser) -> PageQuerySet:
    """Live pages `user` may read: one query however many restrictions exist (a guest's
    pinholes and the staff-only subtrees cost two more)."""
    pages = Page.objects.live()
    if user.is_authenticated and user.is_superuser:
        return pages
    blocked = _blocked_paths(user)
    if is_guest(user):
        opened = Q()
        for path in _guest_space_paths(user):
            opened |= Q(path__startswith=path)
        pages = pages.filter(opened) if opened else pages.none()
    if blocked:
        hidden = Q()
        for path in blocked:
            hidden |= Q(path__startswith=path)
        pages = pages.exclude(hidden)
    return pages


def not_blocked(queryset: QuerySet, user: User | AnonymousUser, path_field: str = "path"):
    """Rows of `queryset` whose page (its tree path at `path_field`) no view restriction
    keeps from `user`, live or not: for pages `viewable_pages` leaves out because they are
    not live (the archive), checked against the same restrictions. A guest's pinholes open
    only their spaces' own paths, so a page moved out of a space is not opened by them."""
    if user.is_authenticated and user.is_superuser:
        return queryset
    blocked = _blocked_paths(user)
    if not blocked:
        return queryset
    hidden = Q()
    for path in blocked:
        hidden |= Q(**{f"{path_field}__startswith": path})
    return queryset.exclude(hidden)


def readable_by(user: User | AnonymousUser, page_field: str = "pk") -> Exists:
    """`viewable_pages(user)` as a condition on the outer query's page (`page_field`): a
    correlated EXISTS, looked up by primary key for each outer row. Filtering a few rows
    (campaigns, must-reads, a space's questions) by `pk__in` every readable page instead
    makes SQLite build that list first: a scan of the whole page table."""
    return Exists(viewable_pages(user).filter(pk=OuterRef(page_field)))


def can_view_page(user: User | AnonymousUser, page: Page) -> bool:
    return viewable_pages(user).filter(pk=page.pk).exists()


def role_names(user: User | AnonymousUser) -> frozenset[str]:
    """The names of the groups (roles) `user` is in (`memberships`: one read a request)."""
    return memberships(user)[1]


def is_guest(user: User | AnonymousUser) -> bool:
    """A signed-in guest (vendor, supplier, customer): in Guests and not also in Employees.

    Guests never see staff-only things (the hubs, ideas, the directory, recognition).
    Superusers are never guests.
    """
    if not user.is_authenticated or user.is_superuser:
        return False
    names = role_names(user)
    return "Guests" in names and "Employees" not in names


def guest_accounts() -> Q:
    """`is_guest` as a condition on users, for queries over many people at once."""
    guests = (
        get_user_model().groups.through.objects.filter(group__name=Role.GUESTS).values("user_id")
    )
    staff = (
        get_user_model().groups.through.objects.filter(group__name=Role.EMPLOYEES).values("user_id")
    )
    return Q(pk__in=guests) & ~Q(pk__in=staff) & Q(is_superuser=False)


def has_role(user: User | AnonymousUser, role: str) -> bool:
    """True if `user` belongs to the group named `role` (see core.roles.Role)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=role).exists()


def can_manage_sign_in_locks(user: User | AnonymousUser) -> bool:
    """Who sees the sign-in locks (usernames and addresses) and lifts them: administrators."""
    return has_role(user, Role.ADMINISTRATORS)


def _ancestor_paths(path: str) -> list[str]:
    step = Page.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def users_who_can_view(page: Page, users: QuerySet[User] | None = None) -> QuerySet[User]:
    """Of `users` (default: every active person), those who may read `page`.

    The bulk form of `can_view_page` for fan-out (notifications to 5,000 watchers, mention
    checks): one query reads the page's restrictions; the rest is a filter on the returned
    queryset, so the caller's query does the work in the database.
    """
    users = (get_user_model().objects.all() if users is None else users).filter(is_active=True)
    if not page.live:
        return users.none()
    staff_only = Page.objects.filter(
        path__in=_ancestor_paths(page.path), content_type_id__in=_staff_only_types()
    )
    ancestors = _ancestor_paths(page.path)
    guests = get_user_model().groups.through.objects.filter(group__name="Guests").values("user_id")
    staff = (
        get_user_model().groups.through.objects.filter(group__name="Employees").values("user_id")
    )
    guest = Q(pk__in=guests) & ~Q(pk__in=staff) & Q(is_superuser=False)
    # Guests see a page only through an active pinhole on its space (never staff-only).
    grants = pinholes.provider()
    if staff_only.exists():
        users = users.exclude(guest)
    else:
        users = users.exclude(guest & ~Q(pk__in=grants.holders(at=ancestors)))
    restrictions = (
        PageViewRestriction.objects.filter(page__path__in=ancestors)
        .select_related("page")
        .prefetch_related("groups")
    )
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.LOGIN:
            continue
        restricted_path = restriction.page.path
        # A pinhole at or below the restricted page opens it for that guest.
        opened = grants.holders(at=ancestors, below=restricted_path)
        allowed = Q(is_superuser=True) | (guest & Q(pk__in=opened))
        if restriction.restriction_type == PageViewRestriction.GROUPS:
            members = (
                get_user_model()
                .groups.through.objects.filter(
                    group__in=[group.pk for group in restriction.groups.all()]
                )
                .values("user_id")
            )
            allowed |= Q(pk__in=members)
        users = users.filter(allowed)
    return users


# The back office ------------------------------------------------------------------------------
# The Wagtail admin shows drafts, revisions and files, not only live pages, so it asks the
# rule below rather than `viewable_pages`. It is the same rule: a group restriction the
# person is not in hides the whole subtree. Two differences, both deliberate: a password
# restriction hides nothing there (a password is asked of readers; it is not a membership),
# and a guest sees no admin at all (an empty prefix hides every path).
def hidden_page_paths(user: User | AnonymousUser) -> list[str]:
    """Tree paths of the subtrees `user` may not read at all, drafts included: one query,
    kept on the user object for the request. Empty for superusers."""
    return _hidden_paths(user, "_hearth_hidden_paths", PageViewRestriction, "page__path")


# Top-level collections whose files only administrators see in the admin (the image
# library, choosers), though the site shows them where they belong: profile photos
# (registered by people). Not a view restriction: that would keep them off the site too.
_admin_only_collections: set[str] = set()
ADMIN_ONLY_CACHE_KEY = "core:admin-only-collection-paths"


def register_admin_only_collection(name: str) -> None:
    _admin_only_collections.add(name)


def _admin_only_collection_paths() -> list[str]:
    """Their tree paths, from the cache (a collection's path never changes)."""
    if not _admin_only_collections:
        return []
    paths = cache.get(ADMIN_ONLY_CACHE_KEY)
    if paths is None:
        paths = list(
            Collection.objects.filter(depth=2, name__in=sorted(_admin_only_collections))
            .order_by("path")
            .values_list("path", flat=True)
        )
        if paths:  # not cached while none exists yet: the first upload creates it
            cache.set(ADMIN_ONLY_CACHE_KEY, paths, None)
    return paths


def hidden_collection_paths(user: User | AnonymousUser) -> list[str]:
    """Tree paths of the collections whose files `user` may not see in the admin (a
    private space's collection carries its space's group restrictions; the admin-only
    collections for anyone but administrators): one query, kept for the request."""
    hidden = _hidden_paths(
        user, "_hearth_hidden_collections", CollectionViewRestriction, "collection__path"
    )
    if not user.is_authenticated or user.is_superuser or hidden == [EVERYTHING]:
        return hidden
    if Role.ADMINISTRATORS in role_names(user):
        return hidden
    extra = [path for path in _admin_only_collection_paths() if path not in hidden]
    return hidden + extra if extra else hidden


def _hidden_paths(user: User | AnonymousUser, cache: str, restriction, path: str) -> list[str]:
    """The `path`s of the group `restriction`s (a page's or a collection's) whose groups
    `user` is in none of, kept on the user object as `cache`; everything for anonymous
    people and guests, nothing for superusers."""
    if not user.is_authenticated:
        return [EVERYTHING]
    if user.is_superuser:
        return []
    cached = getattr(user, cache, None)
    if cached is None:
        if is_guest(user):
            cached = [EVERYTHING]
        else:
            member_of = restriction.groups.through.objects.filter(group__user=user).values(
                f"{restriction._meta.model_name}_id"
            )
            cached = list(
                restriction.objects.filter(restriction_type=restriction.GROUPS)
                .exclude(pk__in=member_of)
                .values_list(path, flat=True)
            )
        setattr(user, cache, cached)
    return cached


def is_hidden_path(path: str, hidden: list[str]) -> bool:
    return any(path.startswith(prefix) for prefix in hidden)


def page_is_hidden(user: User | AnonymousUser, page: Page) -> bool:
    """May `user` not even know of `page` (live or draft)?"""
    return is_hidden_path(page.path, hidden_page_paths(user))


def without_hidden(queryset: QuerySet, hidden: list[str], path_field: str = "path") -> QuerySet:
    """`queryset` less the rows whose `path_field` lies in a hidden subtree."""
    if not hidden:
        return queryset
    if EVERYTHING in hidden:
        return queryset.none()
    condition = Q()
    for prefix in hidden:
        condition |= Q(**{f"{path_field}__startswith": prefix})
    return queryset.exclude(condition)


def without_hidden_files(files: QuerySet, hidden: list[str]) -> QuerySet:
    """Images or documents less those in hidden collections. Filtered by collection id
    (a search backend filters on indexed fields only, and `collection` is one)."""
    if not hidden:
        return files
    shown = without_hidden(Collection.objects.all(), hidden).values_list("pk", flat=True)
    return files.filter(collection__in=list(shown))


def visible_pages_for_admin(user: User | AnonymousUser, pages: QuerySet) -> QuerySet:
    return without_hidden(pages, hidden_page_paths(user))


def restrictions_lost_by_moving(page: Page, destination: Page) -> list[PageViewRestriction]:
    """The group restrictions that hold `page` today (on a page above it) and would not
    hold it under `destination`: nothing under the destination restricts it to the same
    groups or fewer. Restrictions on `page` itself travel with it and are never lost."""
    above = PageViewRestriction.objects.filter(
        page__path__in=_ancestor_paths(page.path)[:-1],
        restriction_type=PageViewRestriction.GROUPS,
    ).prefetch_related("groups")
    held = list(above)
    if not held:
        return []
    at_destination = [
        frozenset(group.pk for group in restriction.groups.all())
        for restriction in PageViewRestriction.objects.filter(
            page__path__in=_ancestor_paths(destination.path),
            restriction_type=PageViewRestriction.GROUPS,
        ).prefetch_related("groups")
    ]
    lost = []
    for restriction in held:
        groups = frozenset(group.pk for group in restriction.groups.all())
        if not any(kept <= groups for kept in at_destination):
            lost.append(restriction)
    return lost


# -- governing: who may change how a page is governed ---------------------------------------


def _governing_models() -> list[type[Page]]:
    """Page models whose people govern them and everything below them: a model says so
    with `governors_field`, the name of its many-to-many to users (knowledge spaces: their
    owners). Declared on the model, so core names no domain app."""
    return [model for model in get_page_models() if getattr(model, "governors_field", None)]


def governor_ids(page: Page) -> frozenset[int]:
    """The people who govern `page` through a governing page at or above it (its space's
    owners), without the roles that govern everywhere: one query per governing model. A
    page that caches it passes it to `may_govern` (issue 19)."""
    if not page.path:
        return frozenset()
    ancestors = _ancestor_paths(page.path)
    found: set[int] = set()
    for model in _governing_models():
        rows = model.objects.filter(path__in=ancestors).values_list(model.governors_field)
        found.update(pk for (pk,) in rows if pk is not None)
    return frozenset(found)


def may_govern(
    user: User | AnonymousUser, page: Page, governors: frozenset[int] | None = None
) -> bool:
    """May `user` change how `page` is governed: who must read it and who has not (the
    must-read audience and report), its review settings, the governance of a space?

    Editing is not governing: a space where every employee may edit still leaves this to
    its owners (the governors of the nearest governing page at or above `page`),
    Communications and Administrators, and superusers. `page` may be unsaved (a page being
    created): pass its parent. One query for a space owner, none for the roles that govern
    everywhere once the person's roles are known.
    """
    if not user.is_authenticated or not user.is_active or is_guest(user):
        return False
    if user.is_superuser:
        return True
    if role_names(user) & {Role.ADMINISTRATORS, Role.COMMUNICATIONS}:
        return True
    if governors is not None:  # `governor_ids(page)`, loaded (or cached) by the caller
        return user.pk in governors
    if not page.path:
        return False
    ancestors = _ancestor_paths(page.path)
    return any(
        model.objects.filter(path__in=ancestors, **{model.governors_field: user}).exists()
        for model in _governing_models()
    )


def may_set_review(user: User | AnonymousUser, page: Page) -> bool:
    """Review settings (how often the page is verified, who is accountable for it) are the
    governors' and also the content owner's: the person accountable for keeping the page
    right may tune its review cycle and hand it over; must-reads stay with the governors."""
    if user.is_authenticated and getattr(page, "content_owner_id", None) == user.pk:
        return user.is_active and not is_guest(user)
    return may_govern(user, page)


def keep_restrictions_when_moving(page: Page, destination: Page) -> None:
    """Before a move the system makes on its own (the archive), copy onto `page` the group
    restrictions it would lose under `destination`, so it stays exactly as private."""
    for restriction in restrictions_lost_by_moving(page, destination):
        kept = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        kept.groups.set(restriction.groups.all())


def page_permissions(user: User | AnonymousUser) -> None:
    """Hand Wagtail's page permission policy this person's group page permissions from the
    cache (it keeps them on the user object as `_page_permission_cache`; without this, one
    query a request). Kept until a group, a membership, a group page permission or a page's
    place changes (PERMISSIONS, TREE); `forget` drops them with the other memos."""
    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return
    if hasattr(user, "_page_permission_cache"):
        return
    _remember(user)
    user._page_permission_cache = _cached_in_request(
        "page-permissions",
        (user.pk,),
        lambda: list(PagePermissionPolicy().get_all_permissions_for_user(user)),
        depends_on=(fragments.PERMISSIONS, fragments.TREE),
    )


# The admin's page permission tester ------------------------------------------------------------
class PrivacyAwarePermissionTester(PagePermissionTester):
    """Wagtail's tester; every `can_…` answers False on a page hidden from the person
    (even where a workflow task would grant access), and no move or copy may widen who
    can read a page."""

    def __init__(self, user, page):
        page_permissions(user)
        super().__init__(user, page)
        self.hidden = page_is_hidden(user, page)
        if self.hidden:
            self.permissions = set()

    def can_move_to(self, destination):
        return super().can_move_to(destination) and not restrictions_lost_by_moving(
            self.page, destination
        )

    def can_copy_to(self, destination, recursive=False):
        return super().can_copy_to(destination, recursive) and not restrictions_lost_by_moving(
            self.page, destination
        )


def _unless_hidden(method):
    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        return not self.hidden and method(self, *args, **kwargs)

    return checked


for _name in [name for name in vars(PagePermissionTester) if name.startswith("can_")]:
    setattr(
        PrivacyAwarePermissionTester,
        _name,
        _unless_hidden(getattr(PrivacyAwarePermissionTester, _name)),
    )


def open_to_every_employee(pages: QuerySet, path_field: str = "path") -> QuerySet:
    """`pages` that no restriction but "signed in" closes: what any employee may read.

    Measures for sponsors (insights) count only these, whoever looks at them: a private
    space's pages never enter a figure, so no total, slice or list can reveal how many
    there are or what they are called. One query for the restrictions."""
    restricted = PageViewRestriction.objects.exclude(
        restriction_type=PageViewRestriction.LOGIN
    ).values_list("page__path", flat=True)
    hidden = Q()
    for path in restricted:
        hidden |= Q(**{f"{path_field}__startswith": path})
    return pages.exclude(hidden) if hidden else pages
