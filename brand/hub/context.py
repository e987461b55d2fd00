"""The brand hub's page context (a core.page_context provider, registered by brand's
AppConfig.ready)."""

from django.urls import reverse

from brand.hub.models import BrandGuidelinePage, BrandHubPage
from core import page_context
from core.permissions import viewable_pages


@page_context.provides(BrandHubPage)
def hub_context(hub: BrandHubPage, user, params) -> dict:
    """The guidelines under the hub that this reader may see, in the tree's order."""
    guidelines = (
        viewable_pages(user).child_of(hub).type(BrandGuidelinePage).specific().order_by("path")
    )
    return {"guidelines": guidelines, "library_url": reverse("brand:asset_list")}
