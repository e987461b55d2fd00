"""What the brand app's page types share: they are for staff.

The hubs, campaigns, announcements and the idea board are for signed-in staff; a guest
(vendor, supplier, customer) gets a 404, as if the page were not there. Their subtrees are
also `staff_only` for the page gate (core.permissions); this refusal says it at serve time.
"""

from collections.abc import Mapping
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from core.models import BasePage
from core.policy import Action, policy

LISTING_PAGE_SIZE = 12


class StaffOnlyPage:
    """A mixin for page classes (it adds no fields): guests and anonymous readers get a 404."""

    def serve(self, request, *args, **kwargs):
        if not policy.user_has_permission(request.user, Action.STAFF):
            raise Http404
        return super().serve(request, *args, **kwargs)


class AreaIndexPage(StaffOnlyPage, BasePage):
    """The one top page of a brand area under home (the vision hub, the brand hub, the idea
    board, campaigns, announcements): an introduction over a listing of its children, which
    carry the conversations."""

    # Staff only: guests (vendors, customers) never see this subtree (core.permissions).
    staff_only = True
    has_discussion = False
    # In the header, under "Company" (core.navigation).
    nav_group = "company"

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        abstract = True


def paginate(queryset, params: Mapping[str, str], size: int = LISTING_PAGE_SIZE) -> PaginatorPage:
    """The page of a listing that the query's `page` asks for (the first when it is bad)."""
    return Paginator(queryset, size).get_page(params.get("page"))


def address(page, params: Mapping[str, str]) -> str:
    """The page's address with the reader's query, as the address bar shows it."""
    query = params.urlencode() if hasattr(params, "urlencode") else urlencode(params, doseq=True)
    return f"{page.url}?{query}" if query else page.url
