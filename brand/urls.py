"""The brand app's own URLs (pages themselves are served by Wagtail): /brand/…"""

from django.urls import include, path

app_name = "brand"

urlpatterns = [
    path("statements/", include("brand.urls_vision")),
    path("ask-leadership/", include("brand.urls_leadership")),
    path("assets/", include("brand.urls_assets")),
    path("campaigns/", include("brand.urls_campaigns")),
    path("ideas/", include("brand.urls_ideas")),
]
