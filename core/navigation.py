"""The header's main navigation: Home, then the site's top-level sections.

Sections (Knowledge, Vision, Brand, Ideas, …) appear by being live children of the home
page with "Show in menus" ticked, so the navigation follows the page tree and the
reader's permissions instead of a hard-coded list. A page type that belongs in a group
says so with a `nav_group` class attribute ("company": the vision and brand hubs,
campaigns, announcements, ideas; "people": communities): grouped sections show as one
menu each (a <details> in the header, which works with the keyboard and without
JavaScript), so the navigation stays one line however many sections there are.
"""

from dataclasses import dataclass

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.models import Site

from core import fragments
from core.permissions import is_guest, viewable_pages
from core.policy import Action, policy

# The groups, in the order they show, with their names.
GROUPS = {"company": _lazy("Company"), "people": _lazy("People")}


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    active: bool
    testid: str = ""
    children: tuple["NavItem", ...] = ()
    key: str = ""


def _group_of(app_label: str, model: str) -> str:
    try:
        page_model = apps.get_model(app_label, model)
    except LookupError:
        return ""
    return getattr(page_model, "nav_group", "")


def _sections(request: HttpRequest, root) -> list[tuple[str, str, str]]:
    """(title, url, group) of the site's top-level sections this reader may see; the
    page type (its `nav_group`) is read in the same query."""
    sections = viewable_pages(request.user).child_of(root).in_menu().order_by("path")
    sections = sections.select_related("content_type").only(
        "id", "title", "url_path", "path", "depth", "content_type__app_label", "content_type__model"
    )
    return [
        (
            page.title,
            page.get_url(request),
            _group_of(page.content_type.app_label, page.content_type.model),
        )
        for page in sections
    ]


def main_navigation(request: HttpRequest) -> list[NavItem]:
    site = Site.find_for_request(request)
    if site is None:
        return []
    root = site.root_page
    path = request.path
    home = root.get_url(request)
    items = [NavItem(_("Home"), home, path == home)]
    user = request.user
    if is_guest(user):
        # A guest's sections follow their own pinholes, not only their groups: not shared.
        sections = _sections(request, root)
    else:
        # The same for everyone with the same groups (the role key) until the tree
        # changes (publish, unpublish, move, restrict: core.fragments.TREE).
        sections = fragments.cached(
            "navigation-grouped",
            (site.pk, fragments.role_key(user)),
            lambda: _sections(request, root),
            depends_on=(fragments.TREE,),
        )
    grouped: dict[str, list[NavItem]] = {key: [] for key in GROUPS}
    # The people directory is an app, not a page; guests (vendors, customers) never see it.
    # `is_guest` reads the reader's roles, which the role key above read: no query.
    if not is_guest(user):
        people = reverse("people:directory")
        grouped["people"].append(
            NavItem(_("Directory"), people, path.startswith(people), "nav-people")
        )
    for title, url, group in sections:
        item = NavItem(title, url, bool(url) and path.startswith(url))
        if group in grouped:
            grouped[group].append(item)
        else:
            items.append(item)
    for key, children in grouped.items():
        if len(children) == 1:
            # A group of one is its item, named as the group when it is the group's own
            # app (the directory alone is "People").
            child = children[0]
            title = str(GROUPS[key]) if child.testid == "nav-people" else child.title
            items.append(NavItem(title, child.url, child.active, child.testid))
        elif children:
            active = any(child.active for child in children)
            items.append(
                NavItem(str(GROUPS[key]), "", active, f"nav-group-{key}", tuple(children), key)
            )
    # The header asks for the person's permissions anyway (its menu): no query of its own.
    if policy.user_has_permission(user, Action.VIEW_INSIGHTS):
        insights = reverse("insights:dashboard")
        items.append(NavItem(_("Insights"), insights, path.startswith(insights), "nav-insights"))
    return items
