"""People: the directory and profiles (/people/…).

hearth/urls.py mounts these under the `people` namespace together with the expert finder
(search.experts) and kudos (community.recognition), so the features above people keep
their `people:` names without people importing them.
"""

from django.urls import path

from people import views

app_name = "people"

urlpatterns: list = [
    path("", views.directory, name="directory"),
    path("me/", views.me, name="me"),
    path("me/edit/", views.edit_profile, name="edit_profile"),
    path("pick/", views.pick, name="pick"),
    # Last: a username is anything without a slash (the paths above are not usernames).
    path("<str:username>/", views.profile, name="profile"),
]
