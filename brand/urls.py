"""The brand app's own URLs (pages themselves are served by Wagtail): /brand/…"""

from django.urls import include, path

app_name = "brand"

urlpatterns = [
    path("statements/", include("brand.vision.urls")),
    path("ask-leadership/", include("brand.leadership.urls")),
    path("assets/", include("brand.assets.urls")),
    path("campaigns/", include("brand.campaigns.urls")),
    path("ideas/", include("brand.ideas.urls")),
]
