"""Reader-facing wiki actions on a knowledge page, by page id: /pages/<id>/..."""

from django.urls import include, path

from knowledge.views import review, stale

app_name = "knowledge"

urlpatterns = [
    path("<int:page_id>/verify/", review.verify, name="verify"),
    path("<int:page_id>/restore/", stale.restore, name="restore_archived"),
    path("reviews/", stale.my_reviews, name="my_reviews"),
    path("", include("knowledge.urls_history")),
    path("", include("knowledge.urls_mustread")),
]
