"""A read-only JSON API of pages (Wagtail API v2) at /api/v2/pages/, for signed-in people.

Wagtail's pages endpoint lists public pages; ours lists what the permission policy lets
the reader view (`core.policy`, built on `core.permissions.viewable_pages`)
under the site's root, so listings, `child_of` / `descendant_of` filters, search, detail
(`/api/v2/pages/<id>/`) and `find` see only what the reader may: a page they may not see
answers 404 like its URL does. The parent shown in a detail is checked against the same
queryset by Wagtail. Sessions only (the browser's sign-in); read-only by construction.
"""

from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Site

from core.policy import Action, policy


class ViewablePagesAPIViewSet(PagesAPIViewSet):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    def get_base_queryset(self):
        pages = policy.instances_user_has_permission_for(self.request.user, Action.VIEW)
        site = Site.find_for_request(self.request)
        if site is None:
            return pages.none()
        return pages.descendant_of(site.root_page, inclusive=True)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ViewablePagesAPIViewSet)
