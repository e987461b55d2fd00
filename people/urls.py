"""People: the directory, profiles, the expert finder (/people/…) and recognition."""

from django.urls import include, path

app_name = "people"

urlpatterns: list = [
    path("recognition/", include("people.urls_recognition")),
]
