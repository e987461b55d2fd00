"""Reader-facing wiki actions on a knowledge page, by page id: /pages/<id>/...

hearth.urls mounts these in the `knowledge` namespace together with the review cycle's
(governance.review.urls)."""

from django.urls import include, path

urlpatterns = [
    path("", include("knowledge.urls_history")),
    path("", include("knowledge.urls_mustread")),
]
