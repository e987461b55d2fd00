"""Comments and mention autocomplete: /community/..."""

from django.urls import path

from community.comments import views
from community.routes import item_actions

urlpatterns = [
    path("pages/<int:page_id>/comments/", views.post, name="comment_post"),
    path("pages/<int:page_id>/people/", views.people, name="mention_people"),
    path("comments/<int:comment_id>/", views.permalink, name="comment"),
    *item_actions("comments/<int:comment_id>/", views, "comment", "reply", "edit", "delete"),
]
