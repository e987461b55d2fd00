"""Comments, reactions and mention autocomplete: /community/..."""

from django.urls import path

from community.views import comments, reactions

urlpatterns = [
    path("pages/<int:page_id>/comments/", comments.post, name="comment_post"),
    path("pages/<int:page_id>/people/", comments.people, name="mention_people"),
    path("pages/<int:page_id>/reactions/", reactions.react, name="react"),
    path("pages/<int:page_id>/reactions/people/", reactions.who_reacted, name="who_reacted"),
    path("comments/<int:comment_id>/", comments.permalink, name="comment"),
    path("comments/<int:comment_id>/reply/", comments.reply, name="comment_reply"),
    path("comments/<int:comment_id>/edit/", comments.edit, name="comment_edit"),
    path("comments/<int:comment_id>/delete/", comments.delete, name="comment_delete"),
]
