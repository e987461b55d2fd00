"""URLs of the leadership area (brand/urls.py includes them in the "brand" namespace),
under /brand/ask-leadership/."""

from django.urls import path

from brand.leadership import views

urlpatterns = [
    path("", views.question_list, name="leadership_list"),
    path("ask/", views.ask, name="leadership_ask"),
    path("<int:pk>/", views.question_detail, name="leadership_detail"),
    path("<int:pk>/vote/", views.vote, name="leadership_vote"),
    path("<int:pk>/answer/", views.answer, name="leadership_answer"),
    path("<int:pk>/assign/", views.assign, name="leadership_assign"),
    path("<int:pk>/decline/", views.decline, name="leadership_decline"),
    path("<int:pk>/merge/", views.merge, name="leadership_merge"),
]
