"""Every feature's URLs under /community/, in the one `community` namespace."""

from django.urls import include, path

app_name = "community"

FEATURES = {
    "": ("comments", "reactions", "annotations", "notifications", "watching", "moderation"),
    "groups/": ("groups", "questions"),
}

urlpatterns = [
    path(prefix, include(f"community.{feature}.urls"))
    for prefix, features in FEATURES.items()
    for feature in features
]
