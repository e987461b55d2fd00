"""The header's main navigation: Home, then the site's top-level sections.

Later sections (Knowledge, Vision, Brand, Ideas, People) appear by being live children
of the home page with "Show in menus" ticked, so the navigation follows the page tree
and the reader's permissions instead of a hard-coded list.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Site

from core import fragments
from core.permissions import is_guest, viewable_pages
from core.policy import Action, policy


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    active: bool
    testid: str = ""


def _sections(request: HttpRequest, root) -> list[tuple[str, str]]:
    """(title, url) of the site's top-level sections this reader may see."""
    sections = viewable_pages(request.user).child_of(root).in_menu().order_by("path")
    return [
        (page.title, page.get_url(request))
        for page in sections.only("id", "title", "url_path", "path", "depth")
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
            "navigation",
            (site.pk, fragments.role_key(user)),
            lambda: _sections(request, root),
            depends_on=(fragments.TREE,),
        )
    for title, url in sections:
        items.append(NavItem(title, url, bool(url) and path.startswith(url)))
    # The people directory is an app, not a page; guests (vendors, customers) never see it.
    # `is_guest` reads the reader's roles, which the role key above read: no query.
    if not is_guest(user):
        people = reverse("people:directory")
        items.append(NavItem(_("People"), people, path.startswith(people), "nav-people"))
    # The header asks for the person's permissions anyway (its menu): no query of its own.
    if policy.user_has_permission(user, Action.VIEW_INSIGHTS):
        insights = reverse("insights:dashboard")
        items.append(NavItem(_("Insights"), insights, path.startswith(insights), "nav-insights"))
    return items
