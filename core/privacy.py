"""Privacy of pages when served, and of the files (images, documents) of private spaces.

Pages: `may_serve_page` answers what `core.permissions.can_view_page` answers, from the
restriction paths `viewable_pages` already read for this request (kept on the user
object), so the serve gate costs no query of its own.

Files: a space's images and documents live in its own collection, which carries the
space's group restrictions as `CollectionViewRestriction`s (kept in step by
`knowledge.space_files`). A page model that keeps its files so declares
`files_collection_field` (the name of its foreign key to the collection), so this module
names no domain app. Who may fetch a file:

- a superuser: everything;
- a guest: only the files of the spaces their active pinholes open (plus the site logo);
  a pinhole opens a space's files even when the space is restricted to groups;
- anyone else: the collection's view restrictions (Wagtail's rules), checked for every
  restriction in one query.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import HttpRequest
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    get_page_models,
)

from core.models import BrandSettings, User
from core.permissions import _blocked_paths, _guest_space_paths, is_guest


# Pages ---------------------------------------------------------------------------------------
def may_serve_page(user: User | AnonymousUser, page: Page) -> bool:
    """`can_view_page(user, page)` without a query of its own: the same rules as
    `viewable_pages`, applied in Python to the restriction paths it keeps for the request."""
    if not page.live:
        return False
    if user.is_authenticated and user.is_superuser:
        return True
    blocked = _blocked_paths(user)
    if is_guest(user) and not any(page.path.startswith(p) for p in _guest_space_paths(user)):
        return False
    return not any(page.path.startswith(path) for path in blocked)


def only_a_password_is_missing(user: User | AnonymousUser, page: Page) -> bool:
    """For a page `may_serve_page` refuses: True if every restriction in the way is a
    password (Wagtail then asks for it), False if the person is simply not allowed."""
    if is_guest(user) and not any(page.path.startswith(p) for p in _guest_space_paths(user)):
        return False
    in_the_way = [path for path in _blocked_paths(user) if page.path.startswith(path)]
    if not in_the_way:
        return False
    passwords = set(
        PageViewRestriction.objects.filter(
            page__path__in=in_the_way, restriction_type=PageViewRestriction.PASSWORD
        ).values_list("page__path", flat=True)
    )
    return all(path in passwords for path in in_the_way)


# How private a collection is -----------------------------------------------------------------
Restriction = tuple[int, str, frozenset[int]]  # (id, type, groups)


def collection_restrictions(collection: Collection) -> list[Restriction]:
    """The view restrictions that hold for files in `collection`: its own and those of the
    collections above it (one query)."""
    step = Collection.steplen
    paths = [collection.path[:end] for end in range(step, len(collection.path) + 1, step)]
    restrictions = CollectionViewRestriction.objects.filter(
        collection__path__in=paths
    ).prefetch_related("groups")
    return [
        (
            restriction.pk,
            restriction.restriction_type,
            frozenset(g.pk for g in restriction.groups.all()),
        )
        for restriction in restrictions
    ]


def _at_least_as_strict(held: Restriction, wanted: Restriction) -> bool:
    held_id, held_type, held_groups = held
    wanted_id, wanted_type, wanted_groups = wanted
    if held_id == wanted_id:
        return True
    if wanted_type == CollectionViewRestriction.GROUPS:
        # Everyone it lets in is in one of the wanted groups.
        return held_type == CollectionViewRestriction.GROUPS and held_groups <= wanted_groups
    if wanted_type == CollectionViewRestriction.LOGIN:
        return held_type in (CollectionViewRestriction.LOGIN, CollectionViewRestriction.GROUPS)
    return False  # a password: only the same restriction asks for the same password


def more_public_than(held: list[Restriction], wanted: list[Restriction]) -> list[Restriction]:
    """Of the restrictions `wanted` (a collection's), those that nothing in `held` (another
    collection's) matches: empty when files under `held` are at least as private."""
    return [w for w in wanted if not any(_at_least_as_strict(h, w) for h in held)]


def is_more_public(collection: Collection, than: Collection) -> bool:
    """Does a file in `collection` reach people a file in `than` does not? (Two queries;
    guests' pinholes open whole spaces and are not compared.)"""
    if collection.pk == than.pk:
        return False
    return bool(
        more_public_than(collection_restrictions(collection), collection_restrictions(than))
    )


# Files ---------------------------------------------------------------------------------------
def blocked_collection_paths(request: HttpRequest) -> list[str]:
    """Paths of the collections whose view restriction this request does not pass: the
    rules of `CollectionViewRestriction.accept_request` (login, groups, a password passed
    in this session) for every restriction in one query, kept on the request. Restrictions
    hold below their collection too, so callers match path prefixes (the brand asset
    library uses it as well)."""
    cached = getattr(request, "_hearth_blocked_collections", None)
    if cached is not None:
        return cached
    restrictions = CollectionViewRestriction.objects.all()
    user = request.user
    if user.is_authenticated:
        restrictions = restrictions.exclude(restriction_type=CollectionViewRestriction.LOGIN)
        if user.is_superuser:
            restrictions = restrictions.exclude(restriction_type=CollectionViewRestriction.GROUPS)
        else:
            member_of = CollectionViewRestriction.groups.through.objects.filter(
                group__user=user
            ).values("collectionviewrestriction_id")
            restrictions = restrictions.exclude(
                Q(restriction_type=CollectionViewRestriction.GROUPS) & Q(pk__in=member_of)
            )
    session = getattr(request, "session", None)
    passed = (
        session.get(CollectionViewRestriction.passed_view_restrictions_session_key, [])
        if session is not None
        else []
    )
    if passed:
        restrictions = restrictions.exclude(
            Q(restriction_type=CollectionViewRestriction.PASSWORD) & Q(pk__in=passed)
        )
    request._hearth_blocked_collections = list(
        restrictions.values_list("collection__path", flat=True)
    )
    return request._hearth_blocked_collections


def _file_keeping_models() -> list[type[Page]]:
    """Page models whose pages keep their files in a collection of their own (knowledge
    spaces): a model says so with `files_collection_field`, its foreign key's name."""
    return [model for model in get_page_models() if getattr(model, "files_collection_field", None)]


def guest_collection_paths(user: User) -> list[str]:
    """Paths of the collections of the spaces a guest's active pinholes open (one query)."""
    opened = Q()
    for path in _guest_space_paths(user):
        opened |= Q(path__startswith=path)
    if not opened:
        return []
    paths: list[str] = []
    for model in _file_keeping_models():
        field = model.files_collection_field
        paths += model.objects.filter(opened, **{f"{field}__isnull": False}).values_list(
            f"{field}__path", flat=True
        )
    return paths


def _is_site_logo(image_id: int | None) -> bool:
    return image_id is not None and BrandSettings.objects.filter(logo_id=image_id).exists()


def may_fetch_file(request: HttpRequest, collection_path: str, image_id: int | None = None) -> bool:
    """May this request fetch a file (image, rendition or document) kept in the collection
    at `collection_path`? See the module's docstring for the rules."""
    user = request.user
    if user.is_authenticated and user.is_superuser:
        return True
    if is_guest(user):
        if any(collection_path.startswith(path) for path in guest_collection_paths(user)):
            return True
        return _is_site_logo(image_id)
    return not any(collection_path.startswith(path) for path in blocked_collection_paths(request))
