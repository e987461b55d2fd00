"""Communities: /community/groups/..."""

from django.urls import path

from community.groups import views
from community.routes import item_actions

urlpatterns = [
    path("", views.directory, name="groups_directory"),
    path("start/", views.start, name="groups_start"),
    *item_actions("<int:community_id>/", views, "groups", "join", "leave", "invite", "members"),
    path("<int:community_id>/events/new/", views.event_new, name="groups_event_new"),
    path("events/<int:event_id>.ics", views.event_ics, name="groups_event_ics"),
    path("posts/<int:comment_id>/<str:action>/", views.moderate_post, name="groups_moderate_post"),
]
