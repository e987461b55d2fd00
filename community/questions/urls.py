"""Questions and answers in spaces and communities: /community/groups/questions/..."""

from django.urls import path

from community.questions import views
from community.routes import item_actions

urlpatterns = [
    path("questions/ask/<int:parent_id>/", views.ask, name="question_ask"),
    path("questions/in/<int:parent_id>/", views.question_list, name="question_list"),
    *item_actions("questions/<int:question_id>/", views, "question", "answer", "accept", "promote"),
    path("answers/<int:answer_id>/vote/", views.vote, name="answer_vote"),
]
