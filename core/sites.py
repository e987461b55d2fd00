"""Site settings read from the cache (issue 19).

Wagtail reads a site setting (`BaseSiteSetting.for_request`) once per request with
`get_or_create`: a query on every page for the header's brand, and a write the first
time. `CachedSiteSetting.for_site` keeps the row in the cache (`core.fragments.cached`)
until a setting or a site is saved or deleted (`core.fragments.SETTINGS`, bumped by
`core.fragments` on post_save/post_delete of every `BaseSiteSetting`), so a page reads
none and nothing is written per request.
"""

from __future__ import annotations

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Site

from core import fragments


class CachedSiteSetting(BaseSiteSetting):
    """A site setting kept in the cache until any setting or site changes."""

    class Meta:
        abstract = True

    @classmethod
    def for_site(cls, site: Site | None):
        if site is None:
            return super().for_site(site)

        def load():
            return super(CachedSiteSetting, cls).for_site(site)

        return fragments.cached(
            "site-setting", (cls._meta.label_lower, site.pk), load, depends_on=(fragments.SETTINGS,)
        )
