"""Must-read pages: /pages/<id>/must-read/, acknowledge/, acknowledgements/ (+ .csv)."""

from django.urls import path

from knowledge.views import mustread

urlpatterns = [
    path("<int:page_id>/must-read/", mustread.must_read_form, name="must_read"),
    path("<int:page_id>/acknowledge/", mustread.acknowledge, name="acknowledge"),
    path("<int:page_id>/acknowledgements/", mustread.report, name="acknowledgements"),
    path("<int:page_id>/acknowledgements.csv", mustread.report_csv, name="acknowledgements_csv"),
]
