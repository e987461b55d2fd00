"""Reactions to a page or a comment: /community/pages/<id>/reactions/..."""

from django.urls import path

from community.reactions import views

urlpatterns = [
    path("pages/<int:page_id>/reactions/", views.react, name="react"),
    path("pages/<int:page_id>/reactions/people/", views.who_reacted, name="who_reacted"),
]
