"""The insights dashboard: /insights/ and each table's CSV and JSON."""

from django.urls import path

from insights.dashboard import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("table/<slug:key>/", views.table, name="table"),
]
