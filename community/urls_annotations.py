"""Annotations: create, edit, delete, resolve, open questions, export: /community/..."""

from django.urls import path

from community.views import annotations

urlpatterns = [
    path("pages/<int:page_id>/annotations/", annotations.create, name="annotation_create"),
    path(
        "pages/<int:page_id>/annotations.jsonld",
        annotations.export_page,
        name="annotations_export",
    ),
    path("annotations/<int:annotation_id>/edit/", annotations.edit, name="annotation_edit"),
    path("annotations/<int:annotation_id>/delete/", annotations.delete, name="annotation_delete"),
    path(
        "annotations/<int:annotation_id>/resolve/",
        annotations.resolve,
        name="annotation_resolve",
    ),
    path("questions/", annotations.questions, name="questions"),
]
