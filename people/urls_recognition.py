"""Kudos and the contribution ledger (included by people/urls.py at /people/recognition/)."""

from django.urls import path

from people import views_recognition as views

urlpatterns: list = [
    path("", views.wall, name="kudos_wall"),
    path("kudos/new/", views.give, name="kudos_new"),
    path("people/<str:username>/", views.person, name="kudos_person"),
]
