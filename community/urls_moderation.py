"""Reporting a comment or an annotation; the moderation queue itself is in Wagtail's admin
(community.wagtail_hooks)."""

from django.urls import path

from community.views import moderation

urlpatterns = [
    path("flag/<str:kind>/<int:item_id>/", moderation.flag, name="flag"),
]
