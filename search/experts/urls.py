"""The expert finder's page, inside the people namespace (hearth/urls.py mounts it at
/people/experts/ as `people:experts`, next to the directory)."""

from django.urls import path

from search.experts import views

urlpatterns: list = [
    path("experts/", views.expert_finder, name="experts"),
]
