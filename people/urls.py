"""People: the directory, profiles, the expert finder (/people/…) and recognition."""

from django.urls import include, path

from people import views

app_name = "people"

urlpatterns: list = [
    path("recognition/", include("people.urls_recognition")),
    path("", views.directory, name="directory"),
    path("experts/", views.expert_finder, name="experts"),
    path("me/", views.me, name="me"),
    path("me/edit/", views.edit_profile, name="edit_profile"),
    # Last: a username is anything without a slash (the paths above are not usernames).
    path("<str:username>/", views.profile, name="profile"),
]
