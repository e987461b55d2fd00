"""Annotations: create, edit, delete, resolve, open questions, export: /community/..."""

from django.urls import path

from community.annotations import views
from community.routes import item_actions

urlpatterns = [
    path("pages/<int:page_id>/annotations/", views.create, name="annotation_create"),
    path("pages/<int:page_id>/annotations.jsonld", views.export_page, name="annotations_export"),
    *item_actions(
        "annotations/<int:annotation_id>/", views, "annotation", "edit", "delete", "resolve"
    ),
    path("questions/", views.questions, name="questions"),
]
