from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents import urls as wagtaildocs_urls

from community.recognition import urls as recognition_urls
from core import admin_privacy
from core import media as core_media
from core import security as core_security
from core import views as core_views
from core.api import api_router
from core.sitemaps import SITEMAPS
from core.styleguide import views as styleguide_views
from governance.review import urls as review_urls
from governance.review import views as review_views
from home import feeds as home_feeds
from home import views as home_views
from insights.dashboard import urls as insights_urls
from knowledge import urls as knowledge_urls
from people import urls as people_urls
from search.experts import urls as experts_urls

# /people/: the directory and profiles, the expert finder and kudos, all `people:` names;
# the profile's catch-all (`<username>/`) comes last.
people_patterns = [
    path("recognition/", include(recognition_urls)),
    *experts_urls.urlpatterns,
    *people_urls.urlpatterns,
]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/live", core_views.healthz_live, name="healthz_live"),
    path("csp-report", core_security.csp_report, name="csp_report"),
    path("accounts/", include("core.account_urls")),
    # Two Wagtail reports, less what is hidden from the reader (core.admin_privacy).
    path(
        "admin/reports/page-types-usage/",
        admin_privacy.PrivatePageTypesUsageReportView.as_view(),
    ),
    path(
        "admin/reports/page-types-usage/results/",
        admin_privacy.PrivatePageTypesUsageReportView.as_view(results_only=True),
    ),
    path("admin/reports/site-history/", admin_privacy.PrivateSiteHistoryView.as_view()),
    path(
        "admin/reports/site-history/results/",
        admin_privacy.PrivateSiteHistoryView.as_view(results_only=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include("search.urls")),
    path("updates/", home_views.updates, name="updates"),
    # The archive page itself is unpublished (governance.review.services.archive_page):
    # readers browse what it holds here, each row as private as the space it came from.
    path("knowledge/archive/", review_views.archive, name="archive"),
    path("styleguide/", styleguide_views.styleguide, name="styleguide"),
    # The wiki's actions and the review cycle's (governance) share the `knowledge` names.
    path("pages/", include((knowledge_urls.urlpatterns + review_urls.urlpatterns, "knowledge"))),
    path("community/", include("community.urls")),
    path("brand/", include("brand.urls")),
    path("people/", include((people_patterns, people_urls.app_name))),
    path("guests/", include("governance.guests.urls")),
    path("onboarding/", include("home.onboarding.urls")),
    path("insights/pilots/", include("insights.pilots.urls")),
    path("insights/", include(insights_urls)),
    # Read paths that answer only what the reader may see (core/privacy.py).
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("feeds/updates/", home_feeds.updates_feed, name="feed_updates"),
    path("feeds/spaces/<int:space_id>/", home_feeds.space_feed, name="feed_space"),
    path("api/v2/", api_router.urls),
    # Uploaded images go through a privacy check (private spaces' files answer 404).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", core_media.serve, name="media"),
]

if getattr(settings, "PROMETHEUS_ENABLED", False):
    from hearth.metrics import metrics

    urlpatterns += [path("metrics", metrics, name="metrics")]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
