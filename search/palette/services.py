"""The command palette's actions (Ctrl-K): what the signed-in person may do from
anywhere, as {"label", "url", "group"} items. Only actions they may do are listed: each
asks the one permission policy (`core.policy`).

The palette fetches these once, when it first opens (`/search/palette/actions/`), and
filters them as the person types; pages and people come from the search autocomplete and
the person picker.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.models import User
from core.permissions import viewable_pages
from core.policy import Action, policy
from knowledge.models import SpacePage

SPACES_LISTED = 50  # spaces named in "new page in …" and "ask a question in …"

_pages = PagePermissionPolicy()


def _spaces(pages) -> list[tuple[int, str]]:
    return list(
        SpacePage.objects.live()
        .filter(pk__in=pages.values("pk"))
        .order_by("title", "pk")
        .values_list("pk", "title")[:SPACES_LISTED]
    )


def actions_for(user: User | AnonymousUser) -> list[dict]:
    """The actions `user` may take, most general first (a constant number of queries)."""
    if not user.is_authenticated:
        return []
    go, create = _("Go to"), _("Create")
    items: list[dict] = []
    staff = policy.user_has_permission(user, Action.STAFF)
    items.append(
        {"label": _("Notifications"), "url": reverse("community:notifications"), "group": go}
    )
    if staff:
        items += [
            {"label": _("My profile"), "url": reverse("people:me"), "group": go},
            {"label": _("Edit my profile"), "url": reverse("people:edit_profile"), "group": go},
            {"label": _("People directory"), "url": reverse("people:directory"), "group": go},
            {"label": _("Give kudos"), "url": reverse("people:kudos_new"), "group": create},
        ]
    if policy.user_has_permission(user, Action.VIEW_INSIGHTS):
        items.append({"label": _("Insights"), "url": reverse("insights:dashboard"), "group": go})
    if policy.user_has_permission(user, Action.EXPLORE):
        addable = _pages.instances_user_has_permission_for(user, "add")
        for pk, title in _spaces(addable.filter(pk__in=viewable_pages(user).values("pk"))):
            items.append(
                {
                    "label": _("New page in %(space)s") % {"space": title},
                    "url": reverse("wagtailadmin_pages:add_subpage", args=[pk]),
                    "group": create,
                }
            )
    if staff:
        for pk, title in _spaces(viewable_pages(user)):
            items.append(
                {
                    "label": _("Ask a question in %(space)s") % {"space": title},
                    "url": reverse("community:question_ask", args=[pk]),
                    "group": create,
                }
            )
    return items
