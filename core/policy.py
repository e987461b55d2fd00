"""Hearth's permission policy: the one place that answers "may this person do X (to this)?".

Built like Wagtail's permission policies (`wagtail.permission_policies.base`): ask
`policy.user_has_permission(user, action)` ("anywhere at all?"),
`policy.user_has_permission_for_instance(user, action, page)` ("to this page?") or
`policy.instances_user_has_permission_for(user, action)` ("which pages?"). Views, template
tags (`{% may "comment" page as can_comment %}`, core/templatetags/hearth_policy.py), the
API, tasks and admin hooks ask it instead of re-deciding; docs/permissions.md is its table
and tests/core/test_permission_matrix.py checks every cell against it.

One difference from Wagtail: `user_has_permission` answers for the action as a whole
(every page it applies to, or a site-wide screen such as a report); a permission limited
to some pages (a space owner's over their spaces) is answered page by page, and
`instances_user_has_permission_for` lists those pages.

Each rule is written once, on top of the page gate in `core.permissions` (who may read
what) and the roles in `core.roles`. A rule that needs knowledge of a higher layer (a
guest's pinhole that lets them comment, the owners of a community who moderate it) is
registered by that layer with `policy.register(action, rule)` in its AppConfig.ready():
such a rule widens an action, it never narrows it, and the page gate still holds.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction, TaskState
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.query import PageQuerySet

from core.models import User
from core.permissions import (
    _governing_models,
    _guest_space_paths,
    guest_accounts,
    hidden_page_paths,
    is_guest,
    may_govern,
    may_set_review,
    page_is_hidden,
    role_names,
    viewable_pages,
    without_hidden,
)
from core.privacy import may_serve_page
from core.roles import ADMIN_ACCESS, VIEW_INSIGHTS, Role

Person = User | AnonymousUser
# A rule a higher layer adds to an action: (person, page or None for "as a whole") -> allowed.
Rule = Callable[[Person, Page | None], bool]


class Action(StrEnum):
    VIEW = "view"  # read a live page (the page gate)
    EXPLORE = "explore"  # find a page in the admin, drafts included ("My pages" too)
    STAFF = "staff"  # the staff-only areas: hubs, ideas, communities, people, kudos
    COMMENT = "comment"
    ANNOTATE = "annotate"
    REACT = "react"
    EDIT = "edit"
    PUBLISH = "publish"
    APPROVE = "approve"
    GOVERN = "govern"
    SET_REVIEW = "set_review"
    MODERATE = "moderate"
    MANAGE_GUESTS = "manage_guests"
    VIEW_REPORTS = "view_reports"
    ADMINISTER = "administer"
    VIEW_INSIGHTS = "view_insights"  # the insights dashboard: figures, never a person's


# Taking part in a page's discussion: the same rule for each (docs/permissions.md).
CONTRIBUTE = (Action.COMMENT, Action.ANNOTATE, Action.REACT)
# Why a guest who may read a page may not take part in it.
READ_ONLY_PINHOLE = _(
    "Your guest access to this space is read-only: you cannot comment or react here."
)
# Roles that act everywhere.
MODERATING_ROLES = {Role.MODERATORS, Role.ADMINISTRATORS}
REPORTING_ROLES = {Role.COMMUNICATIONS, Role.ADMINISTRATORS}

_pages = PagePermissionPolicy()


def _signed_in(user: Person) -> bool:
    return user.is_authenticated and user.is_active


def _is_staff(user: Person) -> bool:
    """Signed in, active and not a guest (vendors, suppliers, customers)."""
    return _signed_in(user) and not is_guest(user)


def _has_any_role(user: Person, roles: set[Role]) -> bool:
    return _is_staff(user) and (user.is_superuser or bool(role_names(user) & roles))


def _governs_as_owner(user: Person, page: Page) -> bool:
    """Is `user` one of the governors (a space's owners) of the governing page `page`?
    The model says who with its `governors_field`; core names no domain app."""
    field = getattr(type(page.specific_deferred), "governors_field", None)
    if not field or not page.pk:
        return False
    return type(page.specific_deferred).objects.filter(pk=page.pk, **{field: user}).exists()


def _governing_pages(governor: Person | None) -> PageQuerySet:
    """The governing pages (spaces) `governor` is one of the governors of (None: all)."""
    found = Q(pk__in=[])
    for model in _governing_models():
        rows = model.objects.all()
        if governor is not None:
            rows = rows.filter(**{model.governors_field: governor})
        found |= Q(pk__in=rows.values("pk"))
    return Page.objects.filter(found)


def _readable_by_every_employee() -> PageQuerySet:
    """Live pages under no group or password restriction: what every employee may read,
    for answers meant for no one in particular (the Q&A routing, the expert finder)."""
    hidden = Q()
    restricted = PageViewRestriction.objects.exclude(
        restriction_type=PageViewRestriction.LOGIN
    ).values_list("page__path", flat=True)
    for path in restricted:
        hidden |= Q(path__startswith=path)
    pages = Page.objects.live()
    return pages.exclude(hidden) if hidden else pages


def _may_approve(user: Person, page: Page) -> bool:
    """Act on the page's current workflow step (Wagtail's `get_actions`)."""
    page = page.specific_deferred
    task = page.current_workflow_task
    if task is None:
        return False
    return "approve" in [action[0] for action in task.specific.get_actions(page, user)]


class HearthPolicy:
    """Decisions about pages and the things on them; one instance, `policy`, below."""

    def __init__(self):
        self._rules: dict[Action, list[Rule]] = {}

    def register(self, action: str, rule: Rule) -> None:
        """Add a higher layer's rule that widens `action` (see the module docstring)."""
        rules = self._rules.setdefault(Action(action), [])
        if rule not in rules:
            rules.append(rule)

    def _registered(self, action: Action, user: Person, page: Page | None) -> bool:
        return any(rule(user, page) for rule in self._rules.get(action, ()))

    # -- as a whole --------------------------------------------------------------------------
    def user_has_permission(self, user: Person, action: str) -> bool:
        """May `user` do `action` wherever it applies (see the module docstring)?"""
        action = Action(action)
        if not _signed_in(user):
            return False
        if action is Action.VIEW:
            return not is_guest(user) or bool(_guest_space_paths(user))
        if action is Action.EXPLORE:
            return _is_staff(user) and user.has_perm(ADMIN_ACCESS)
        if action is Action.STAFF:
            return _is_staff(user)
        if action in CONTRIBUTE:
            return _is_staff(user) or self._registered(action, user, None)
        if action in (Action.EDIT, Action.PUBLISH):
            permission = "change" if action is Action.EDIT else "publish"
            return _is_staff(user) and _pages.user_has_permission(user, permission)
        if action is Action.APPROVE:
            return _is_staff(user) and TaskState.objects.reviewable_by(user).exists()
        if action in (Action.GOVERN, Action.SET_REVIEW):
            return _has_any_role(user, {Role.ADMINISTRATORS, Role.COMMUNICATIONS})
        if action is Action.MODERATE:
            return _has_any_role(user, MODERATING_ROLES)
        if action is Action.MANAGE_GUESTS:
            return _has_any_role(user, {Role.ADMINISTRATORS})
        if action is Action.VIEW_REPORTS:
            return _has_any_role(user, REPORTING_ROLES)
        if action is Action.ADMINISTER:
            return _has_any_role(user, {Role.ADMINISTRATORS})
        if action is Action.VIEW_INSIGHTS:
            # The Django permission (core.roles grants it to Communications, Administrators
            # and Sponsors): no query of its own on a page whose header already asked
            # `perms` (Django keeps a person's permissions for the request).
            return _is_staff(user) and user.has_perm(VIEW_INSIGHTS)
        raise ValueError(action)  # pragma: no cover: every Action has its rule above

    # -- to this page ----------------------------------------------------------------------
    def user_has_permission_for_instance(self, user: Person, action: str, instance: Page) -> bool:
        """May `user` do `action` to the page `instance`?"""
        action = Action(action)
        if not _signed_in(user):
            return False
        if action is Action.VIEW:
            return may_serve_page(user, instance)
        if action is Action.EXPLORE:
            return self.user_has_permission(user, action) and not page_is_hidden(user, instance)
        if action is Action.STAFF:
            return _is_staff(user) and may_serve_page(user, instance)
        if action in CONTRIBUTE:
            if not may_serve_page(user, instance):
                return False
            return not is_guest(user) or self._registered(action, user, instance)
        if action is Action.EDIT:
            return instance.specific_deferred.permissions_for_user(user).can_edit()
        if action is Action.PUBLISH:
            return instance.specific_deferred.permissions_for_user(user).can_publish()
        if action is Action.APPROVE:
            return _is_staff(user) and _may_approve(user, instance)
        if action is Action.GOVERN:
            return may_govern(user, instance)
        if action is Action.SET_REVIEW:
            return may_set_review(user, instance)
        if action is Action.MODERATE:
            if self.user_has_permission(user, action):
                return True
            return _is_staff(user) and self._registered(action, user, instance)
        if action is Action.MANAGE_GUESTS:
            if not instance.pk or not _is_staff(user):
                return False
            return self.user_has_permission(user, action) or _governs_as_owner(user, instance)
        if action is Action.VIEW_REPORTS:
            # Space owners see the reports of their own spaces.
            if self.user_has_permission(user, action):
                return True
            return _is_staff(user) and _governs_as_owner(user, instance)
        return self.user_has_permission(user, action)

    def check(
        self, user: Person, action: str, instance: Page | None = None, message: str = ""
    ) -> None:
        """Raise PermissionDenied (with `message`) unless `user` may; for services."""
        allowed = (
            self.user_has_permission(user, action)
            if instance is None
            else self.user_has_permission_for_instance(user, action, instance)
        )
        if not allowed:
            raise PermissionDenied(message or _("You may not do this."))

    # -- which pages -----------------------------------------------------------------------
    def instances_user_has_permission_for(self, user: Person | None, action: str) -> PageQuerySet:
        """The pages `user` may do `action` to, where one query can say so: reading them
        (live pages), knowing of them (drafts too), managing their guests or reports.
        `user=None` for "view": what every employee may read (answers for no one in
        particular)."""
        action = Action(action)
        if action is Action.VIEW:
            return _readable_by_every_employee() if user is None else viewable_pages(user)
        if action is Action.EXPLORE:
            if not self.user_has_permission(user, action):
                return Page.objects.none()
            return without_hidden(Page.objects.all(), hidden_page_paths(user))
        if action is Action.STAFF:
            return viewable_pages(user) if _is_staff(user) else Page.objects.none()
        if action in (Action.MANAGE_GUESTS, Action.VIEW_REPORTS):
            if not _is_staff(user):
                return Page.objects.none()
            everywhere = self.user_has_permission(user, action)
            return _governing_pages(None if everywhere else user)
        raise ValueError(f"{action}: ask user_has_permission_for_instance page by page")

    def users_with_permission(self, action: str, users: QuerySet[User] | None = None):
        """Of `users` (default: all), the active ones who may do `action` anywhere, as
        one query; only for the "staff" action (the expert finder ranks only staff)."""
        action = Action(action)
        if action is not Action.STAFF:
            raise ValueError(f"{action}: not answered in bulk")
        users = (User.objects.all() if users is None else users).filter(is_active=True)
        return users.exclude(guest_accounts())


policy = HearthPolicy()
