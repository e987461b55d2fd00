"""Data and rendered fragments cached by what they depend on (issue 19).

A fragment (the navigation, a page's side panel, a discussion) is cached under a key made
of what it shows and the *versions* of what it depends on. A version is a value in the
database (`CacheVersion`), bumped in the same transaction as the change it stands for, so:

- every process (web workers, the task worker, the scheduler) sees a change on its next
  request, also on the embedded default whose cache is per process (LocMem), and also
  when Redis is down (the version lives in the database, not in the cache);
- nothing is ever deleted from the cache: a bump makes new keys, old entries expire.

Versions are read once per request (one query for all of them, `versions`), then kept
until the request ends. The reader's *role key* (`role_key`) goes into every key whose
fragment depends on what the reader may see, so a fragment made for a Leadership member is
never served to an employee, and a change of groups gives new keys on the next request.

Names in use (`bump` them when what they stand for changes):

- `TREE`: pages published, unpublished, moved, deleted or restricted; group page
  permissions; guests' spaces. Navigation and anything that lists pages depends on it.
- `SETTINGS`: site settings (brand) and sites.
- `PERMISSIONS`: who is in which group, view restrictions, group page permissions,
  guests' pinholes: what `core.permissions` keeps per person or role set.
- `WORKFLOWS`: workflow states of pages (what the page shows of a review in progress).
- `reader(pk)`: one person's own standing on pages (their watches, their acknowledgements):
  bumped by the features that keep it, so what is cached per person (`core.late` fillers)
  changes on their next request.
"""

import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import models
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import (
    CollectionViewRestriction,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Site,
    WorkflowState,
)
from wagtail.signals import page_unpublished, post_page_move

from core import permissions

TREE = "tree"
SETTINGS = "settings"
PERMISSIONS = "permissions"
WORKFLOWS = "workflows"
# Read with the first question of every request (one query): the chrome every page
# shares (site, routing, navigation, settings, permissions) depends on them.
GLOBAL = (TREE, SETTINGS, PERMISSIONS, WORKFLOWS)
SECONDS = 24 * 60 * 60
_PREFIX = "hearth:frag:"
_MISSING = object()

T = TypeVar("T")

# The versions this request has read: {name: value}, or None outside a request (a task,
# a command), where every call reads afresh: a long-lived worker never keeps a version.
_seen: ContextVar[dict[str, int] | None] = ContextVar("hearth_fragment_versions", default=None)
# Names this request is expected to read later (`expect`), brought along by its first read.
_expected: ContextVar[tuple[str, ...]] = ContextVar("hearth_fragment_expected", default=())
# Names this request read after its first read (each such read cost a query): what the
# next request for the same URL is told to expect (`learn`, `hints`).
_late: ContextVar[tuple[str, ...]] = ContextVar("hearth_fragment_late", default=())
# Per process: URL → the names its requests read late last time. Only a hint of which rows
# to bring along with the first read (the values are always read afresh), so a stale or
# lost hint costs one query, never a wrong answer; bounded, oldest forgotten first.
_HINTS_MAX = 4096
_hints: OrderedDict[Hashable, tuple[str, ...]] = OrderedDict()
_hints_lock = threading.Lock()


class CacheVersion(models.Model):
    """A value standing for one kind of change: new at every change (see the module's docstring)."""

    name = models.CharField(max_length=120, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        app_label = "core"

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


def _begin(**_kwargs) -> None:
    _seen.set({})
    _expected.set(())
    _late.set(())


def _end(**_kwargs) -> None:
    _seen.set(None)
    _expected.set(())
    _late.set(())


def hints(url: Hashable) -> tuple[str, ...]:
    """The names requests for `url` read late last time (see `learn`)."""
    with _hints_lock:
        found = _hints.get(url, ())
        if found:
            _hints.move_to_end(url)
    return found


def forget_hints() -> None:
    """Forget every URL's hint (tests: each starts from a fresh process's state)."""
    with _hints_lock:
        _hints.clear()


def learn(url: Hashable) -> None:
    """Remember the names this request read after its first read of the versions (a
    page's own: its discussion, its verifications), so the next request for `url` can
    `expect` them and read every version in one query (issue 19). A person's own version
    is left out: SiteMiddleware expects the reader's own anyway."""
    late = tuple(name for name in _late.get() if not name.startswith("reader:"))
    if not late:
        return
    with _hints_lock:
        _hints[url] = tuple(dict.fromkeys((*_hints.get(url, ()), *late)))
        _hints.move_to_end(url)
        while len(_hints) > _HINTS_MAX:
            _hints.popitem(last=False)


def expect(*names: str) -> None:
    """Names (with a colon: a person's or a page's) this request will most likely read:
    its first read of the versions brings them along, so a later read of them costs no
    second query. Only a hint: a name read that was not expected is read as before."""
    if _seen.get() is not None:
        _expected.set((*_expected.get(), *names))


request_started.connect(_begin, dispatch_uid="hearth_fragments_start")
request_finished.connect(_end, dispatch_uid="hearth_fragments_finish")


def in_request() -> bool:
    """True while a request runs (its versions are read once); False in a task or a
    command, where a cached value costs a versions query of its own each time."""
    return _seen.get() is not None


def versions(*names: str) -> tuple[int, ...]:
    """The current value of each named version (0 if never bumped), in one query for
    the names this request has not read yet (outside a request: always read)."""
    seen = _seen.get()
    if seen is None:
        seen = {}
    missing = [name for name in names if name not in seen]
    if missing:
        rows = CacheVersion.objects.filter(name__in=missing)
        if not seen:
            # The request's first read brings every shared version along (a name without
            # a colon: TREE, SETTINGS, PERMISSIONS, WORKFLOWS, the features' own such as
            # reviews; a few rows), so the page's later reads of them cost nothing.
            missing = list(dict.fromkeys([*missing, *GLOBAL, *_expected.get()]))
            rows = CacheVersion.objects.filter(Q(name__in=missing) | ~Q(name__contains=":"))
        elif _seen.get() is not None:
            _late.set((*_late.get(), *missing))
        found = dict(rows.values_list("name", "value"))
        for name in found:
            seen.setdefault(name, found[name])
        for name in missing:
            seen[name] = found.get(name, 0)
    return tuple(seen[name] for name in names)


def bump(*names: str) -> None:
    """Mark what `names` stand for as changed: every fragment depending on them is
    rebuilt on its next use. Runs in the caller's transaction (a rollback undoes it)."""
    names = tuple(dict.fromkeys(names))
    # A fresh random value, not a counter: a bump rolled back with its transaction may
    # have cached what it saw (uncommitted) under its value; a counter would hand that
    # value out again for other data.
    value = secrets.randbits(62) + 1
    # One UPDATE once the rows exist (the first bump of a name also inserts it); no
    # savepoint needed: a name inserted meanwhile by another bump is left as it is.
    updated = CacheVersion.objects.filter(name__in=names).update(value=value)
    if updated < len(names):
        CacheVersion.objects.bulk_create(
            [CacheVersion(name=name, value=value) for name in names], ignore_conflicts=True
        )
    seen = _seen.get()
    if seen is not None:
        for name in names:
            seen.pop(name, None)


def bump_many(names: Iterable[str]) -> None:
    """`bump` for many names at once (a notification's fan-out to thousands of readers):
    one upsert per batch of rows (SQLite: about 500 a statement; PostgreSQL: one), instead
    of an update and then an insert of the names never bumped before."""
    names = tuple(dict.fromkeys(names))
    if not names:
        return
    value = secrets.randbits(62) + 1
    CacheVersion.objects.bulk_create(
        [CacheVersion(name=name, value=value) for name in names],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["value"],
    )
    seen = _seen.get()
    if seen is not None:
        for name in names:
            seen.pop(name, None)


def reader(user_pk: int | None) -> str:
    """The version name of one person's own standing on pages (see the module's docstring)."""
    return f"reader:{user_pk}"


def role_key(user: Any) -> str:
    """What decides which pages and parts the reader may see, as a short string:
    anonymous, or the superuser flag, active flag and sorted group ids. The group ids come
    from `core.permissions.memberships`, the same read the permission checks use, so the
    key and what is cached under it cannot disagree. Memoised on the user object."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return "anon"
    memo = getattr(user, "_hearth_role_key", None)
    if memo is None:
        group_ids, _names = permissions.memberships(user)
        kind = "s" if user.is_superuser else "u"
        memo = f"{kind}{int(user.is_active)}:" + ",".join(map(str, sorted(group_ids)))
        user._hearth_role_key = memo
    return memo


def key(name: str, parts: Iterable[Hashable], depends_on: Iterable[str] = ()) -> str:
    """The cache key of fragment `name` showing `parts`, at the current versions of
    `depends_on`, in the active language."""
    depends_on = tuple(depends_on)
    state = (name, get_language(), tuple(parts), depends_on, versions(*depends_on))
    return _PREFIX + name + ":" + hashlib.blake2b(repr(state).encode(), digest_size=16).hexdigest()


def cached(
    name: str,
    parts: Iterable[Hashable],
    compute: Callable[[], T],
    *,
    depends_on: Iterable[str] = (),
    timeout: int = SECONDS,
) -> T:
    """`compute()`'s result for these parts and versions, from the cache when it is
    there. The result must be picklable (data or a rendered string); `parts` must name
    everything it depends on besides the versions (the reader's `role_key` when it
    depends on what the reader may see)."""
    fragment_key = key(name, parts, depends_on)
    value = cache.get(fragment_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(fragment_key, value, timeout)
    return value


_TREE_MODELS = (Page, PageViewRestriction, GroupPagePermission, CollectionViewRestriction)
# Who may see or do what: also the permissions' own caches (core.permissions).
_PERMISSION_MODELS = (PageViewRestriction, GroupPagePermission, CollectionViewRestriction, Group)
_SETTINGS_MODELS = (Site, BaseSiteSetting)
_WORKFLOW_MODELS = (WorkflowState,)


def _bump_for(sender, instance=None, raw=False, created=False, **_kwargs) -> None:
    """post_save and post_delete of any model (a page's specific class is the sender
    when it is saved, so one receiver checks the instance's type)."""
    if raw:  # loading fixtures
        return
    if created and isinstance(instance, BaseSiteSetting):
        # Made with its defaults by its first reader (`for_site`'s get_or_create): what
        # was shown before it existed is what it holds, and the reader caches it itself.
        return
    if isinstance(instance, _PERMISSION_MODELS):
        bump(*((TREE, PERMISSIONS) if isinstance(instance, _TREE_MODELS) else (PERMISSIONS,)))
    elif isinstance(instance, _TREE_MODELS):
        bump(TREE)
    elif isinstance(instance, Site):  # its host and root page route requests
        bump(TREE, SETTINGS)
    elif isinstance(instance, _SETTINGS_MODELS):
        bump(SETTINGS)
    elif isinstance(instance, _WORKFLOW_MODELS):
        bump(WORKFLOWS)


def _bump_tree(**_kwargs) -> None:
    bump(TREE)


def _bump_restrictions(action: str = "", **_kwargs) -> None:
    if action.startswith("post_"):
        bump(TREE, PERMISSIONS)


def _bump_permissions(action: str = "", **_kwargs) -> None:
    if action.startswith("post_"):
        bump(PERMISSIONS)


def connect() -> None:
    """Bump the versions on the changes they stand for (CoreConfig.ready). Higher apps
    bump `TREE` themselves for what they add (guests' spaces)."""
    post_save.connect(_bump_for, dispatch_uid="hearth_fragments_saved")
    # Deletes: only the models that stand for something. A receiver for every sender
    # would turn off Django's fast delete everywhere (each `.delete()` would first select
    # the rows to send them one by one), e.g. a day of rollups.
    for model in django_apps.get_models():
        if issubclass(
            model, _TREE_MODELS + _PERMISSION_MODELS + _SETTINGS_MODELS + _WORKFLOW_MODELS
        ):
            post_delete.connect(
                _bump_for,
                sender=model,
                dispatch_uid=f"hearth_fragments_deleted_{model._meta.label}",
            )
    # Groups set on a restriction after it is saved (the admin's form does so).
    for restriction in (PageViewRestriction, CollectionViewRestriction):
        m2m_changed.connect(
            _bump_restrictions,
            sender=restriction.groups.through,
            dispatch_uid=f"hearth_m2m_{restriction.__name__}",
        )
    # Who is in which group, and what a group or a person may do: from either side
    # (`user.groups.add`, `group.user_set.add`), the next request reads them afresh.
    user_model = django_apps.get_model(settings.AUTH_USER_MODEL)
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            _bump_permissions,
            sender=through,
            dispatch_uid=f"hearth_m2m_permissions_{through._meta.label}",
        )
    # A move saves the pages with queryset updates, which send no post_save.
    post_page_move.connect(_bump_tree, dispatch_uid="hearth_fragments_moved")
    page_unpublished.connect(_bump_tree, dispatch_uid="hearth_fragments_unpublished")
