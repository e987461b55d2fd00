"""Pilots (/insights/pilots/…): `insights_pilots:` names."""

from django.urls import path

from insights.pilots import views

app_name = "insights_pilots"

urlpatterns = [
    path("", views.pilot_list, name="list"),
    path("new/", views.pilot_create, name="create"),
    path("<int:pk>/", views.pilot_detail, name="detail"),
    path("<int:pk>/edit/", views.pilot_edit, name="edit"),
    path("<int:pk>/report.pdf", views.pilot_pdf, name="pdf"),
    path("<int:pk>/tables/<slug:name>.<str:format>", views.pilot_table, name="table"),
]
