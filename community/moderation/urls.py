"""Reporting a comment or an annotation; the moderation queue itself is in Wagtail's admin
(community.moderation.hooks)."""

from django.urls import path

from community.moderation import views

urlpatterns = [path("flag/<str:kind>/<int:item_id>/", views.flag, name="flag")]
