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

from core.permissions import is_guest, viewable_pages
from core.policy import Action, policy


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    active: bool
    testid: str = ""


def main_navigation(request: HttpRequest) -> list[NavItem]:
    site = Site.find_for_request(request)
    if site is None:
        return []
    root = site.root_page
    path = request.path
    items = [NavItem(_("Home"), root.get_url(request), path == root.get_url(request))]
    sections = viewable_pages(request.user).child_of(root).in_menu().order_by("path")
    for page in sections.only("id", "title", "url_path", "path", "depth"):
        url = page.get_url(request)
        items.append(NavItem(page.title, url, bool(url) and path.startswith(url)))
    # The people directory is an app, not a page; guests (vendors, customers) never see it.
    # `viewable_pages` above read the reader's roles already: this costs no query.
    if not is_guest(request.user):
        people = reverse("people:directory")
        items.append(NavItem(_("People"), people, path.startswith(people), "nav-people"))
    # The header asks for the person's permissions anyway (its menu): no query of its own.
    if policy.user_has_permission(request.user, Action.VIEW_INSIGHTS):
        insights = reverse("insights:dashboard")
        items.append(NavItem(_("Insights"), insights, path.startswith(insights), "nav-insights"))
    return items
