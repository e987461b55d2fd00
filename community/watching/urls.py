"""Watching a page or a space: /community/watch/<page id>/"""

from django.urls import path

from community.watching import views

urlpatterns = [path("watch/<int:page_id>/", views.toggle_watch, name="watch")]
