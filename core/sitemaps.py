"""The sitemap (/sitemap.xml): the pages the requester may see, nothing else.

Wagtail's sitemap lists public pages; ours lists `viewable_pages(request.user)` under the
site's root, so a signed-in person's sitemap holds their private spaces and nobody
else's. Pages are read as plain `Page` rows (no per-type queries): one query per sitemap
page of 50,000 URLs however many there are.
"""

from wagtail.contrib.sitemaps import Sitemap

from core.permissions import viewable_pages


class ViewablePagesSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        return (
            viewable_pages(self.request.user)
            .descendant_of(root, inclusive=True)
            .order_by("path")
            .only(
                "id", "path", "url_path", "depth", "last_published_at", "latest_revision_created_at"
            )
        )

    def _urls(self, page, protocol, domain):
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list:
            url = item.get_full_url(self.request)
            if not url:
                continue
            lastmod = item.last_published_at or item.latest_revision_created_at
            urls.append({"item": item, "location": url, "lastmod": lastmod})
            last_mods.add(lastmod)
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


SITEMAPS = {"pages": ViewablePagesSitemap}
