"""Communities and questions: /community/groups/..."""

from django.urls import path

from community.views import groups, questions

urlpatterns = [
    path("", groups.directory, name="groups_directory"),
    path("start/", groups.start, name="groups_start"),
    path("<int:community_id>/join/", groups.join, name="groups_join"),
    path("<int:community_id>/leave/", groups.leave, name="groups_leave"),
    path("<int:community_id>/invite/", groups.invite, name="groups_invite"),
    path("<int:community_id>/members/", groups.members, name="groups_members"),
    path("<int:community_id>/events/new/", groups.event_new, name="groups_event_new"),
    path("events/<int:event_id>.ics", groups.event_ics, name="groups_event_ics"),
    path("posts/<int:comment_id>/<str:action>/", groups.moderate_post, name="groups_moderate_post"),
    path("questions/ask/<int:parent_id>/", questions.ask, name="question_ask"),
    path("questions/in/<int:parent_id>/", questions.question_list, name="question_list"),
    path("questions/<int:question_id>/answer/", questions.answer, name="question_answer"),
    path("questions/<int:question_id>/accept/", questions.accept, name="question_accept"),
    path("questions/<int:question_id>/promote/", questions.promote, name="question_promote"),
    path("answers/<int:answer_id>/vote/", questions.vote, name="answer_vote"),
]
