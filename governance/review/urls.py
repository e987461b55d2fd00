"""The review cycle's reader actions, by page id: /pages/<id>/verify/, /pages/<id>/restore/
and /pages/reviews/. hearth.urls mounts them in the `knowledge` namespace, beside the
wiki's own actions, so their names stay `knowledge:verify` and so on."""

from django.urls import path

from governance.review import views

urlpatterns = [
    path("<int:page_id>/verify/", views.verify, name="verify"),
    path("<int:page_id>/restore/", views.restore, name="restore_archived"),
    path("reviews/", views.my_reviews, name="my_reviews"),
]
