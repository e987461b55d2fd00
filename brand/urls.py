"""The brand app's own URLs (pages themselves are served by Wagtail): /brand/<area>/…, each
feature's urls.py in the "brand" namespace."""

from django.urls import include, path

app_name = "brand"

AREAS = {
    "statements/": "vision",
    "ask-leadership/": "leadership",
    "assets/": "assets",
    "campaigns/": "campaigns",
    "ideas/": "ideas",
}

urlpatterns = [path(prefix, include(f"brand.{area}.urls")) for prefix, area in AREAS.items()]
