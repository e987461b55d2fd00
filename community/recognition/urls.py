"""Kudos pages, in the people namespace (hearth/urls.py mounts them at /people/recognition/)."""

from django.urls import path

from community.recognition import views

urlpatterns: list = [
    path("", views.wall, name="kudos_wall"),
    path("kudos/new/", views.give, name="kudos_new"),
    path("people/<str:username>/", views.person, name="kudos_person"),
]
