"""A knowledge page's published history, old versions and comparisons: /pages/<id>/..."""

from django.urls import path

from knowledge.views import history

urlpatterns = [
    path("<int:page_id>/history/", history.history, name="history"),
    path("<int:page_id>/history/<int:revision_id>/", history.version, name="version"),
    path("<int:page_id>/history/<int:revision_id>/restore/", history.restore, name="restore"),
    path("<int:page_id>/compare/", history.compare_form, name="compare_form"),
    path("<int:page_id>/compare/<int:old>/<int:new>/", history.compare, name="compare"),
]
