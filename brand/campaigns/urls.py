"""URLs of the campaigns area (brand/urls.py includes them in the "brand" namespace)."""

from django.urls import path

from brand.campaigns import views

urlpatterns = [
    path("<int:page_id>/pulse/", views.answer_pulse, name="campaign_pulse"),
    path("<int:page_id>/report/", views.report, name="campaign_report"),
    path("<int:page_id>/report.csv", views.report_csv, name="campaign_report_csv"),
]
