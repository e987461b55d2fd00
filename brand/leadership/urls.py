"""URLs of the leadership area (brand/urls.py includes them in the "brand" namespace),
under /brand/ask-leadership/."""

from django.urls import path

from brand.leadership import views
from community.routes import item_actions

urlpatterns = [
    path("", views.question_list, name="leadership_list"),
    path("ask/", views.ask, name="leadership_ask"),
    path("<int:pk>/", views.question_detail, name="leadership_detail"),
    *item_actions("<int:pk>/", views, "leadership", "vote", "answer", "assign", "decline", "merge"),
]
