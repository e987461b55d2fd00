"""URLs of the vision area (brand/urls.py includes them in the "brand" namespace), under
/brand/statements/. The hub and statements themselves are Wagtail pages."""

from django.urls import path

from brand.vision import views

urlpatterns = [
    path("<int:page_id>/feedback/", views.feedback, name="statement_feedback"),
    path("<int:page_id>/results/", views.results, name="statement_results"),
    path("<int:page_id>/results.csv", views.results_csv, name="statement_results_csv"),
    path("<int:page_id>/results.json", views.results_json, name="statement_results_json"),
]
