from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views
from home import views as home_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("core.account_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include("search.urls")),
    path("updates/", home_views.updates, name="updates"),
    path("pages/", include("knowledge.urls")),
    path("community/", include("community.urls")),
    path("brand/", include("brand.urls")),
    path("people/", include("people.urls")),
    path("onboarding/", include("home.urls_onboarding")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
