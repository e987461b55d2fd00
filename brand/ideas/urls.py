"""URLs of the ideas area (brand/urls.py includes them in the "brand" namespace).

The board and the ideas themselves are Wagtail pages; these are the actions on them.
"""

from django.urls import path

from brand.ideas import views

urlpatterns = [
    path("new/", views.submit, name="idea_submit"),
    path("<int:idea_id>/vote/", views.vote, name="idea_vote"),
    path("<int:idea_id>/status/", views.change_status, name="idea_status"),
    path("<int:idea_id>/merge/", views.merge, name="idea_merge"),
]
