"""Background tasks of questions and answers (scheduled by `community.questions.services`).

Routing asks the expert finder (`community.experts`, filled by search) for the people who know
most about the question's tags; `deliver` then keeps only those who may see the question,
so a question in a private space or an invite-only community reaches nobody outside it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from community import experts
from community.models import Comment, NotificationVerb
from community.notifications.services import Event, deliver
from community.questions import services
from core.models import User
from core.schedule import cron
from knowledge.models import QuestionPage

EXPERTS_ROUTED = 5


def _question(question_id: int):
    question = QuestionPage.objects.select_related("asked_by").filter(pk=question_id).first()
    return question if question is not None and question.live else None


def expert_ids(tags: list[str], exclude: list[int]) -> list[int]:
    """The people the expert finder ranks first for `tags` (nobody without tags)."""
    return experts.expert_ids(tags, limit=EXPERTS_ROUTED, exclude=exclude)


@task()
def route_question(question_id: int) -> int:
    """A new question: the owners of its space or community (QUESTION) and the experts
    for its tags (EXPERTISE); a person who is both is told once, as an owner."""
    question = _question(question_id)
    if question is None:
        return 0
    asker = [question.asked_by_id] if question.asked_by_id else []
    plan = [
        (NotificationVerb.QUESTION, services.owner_ids(question)),
        (NotificationVerb.EXPERTISE, expert_ids(list(question.tags.names()), asker)),
    ]
    event = Event(page=question, actor=question.asked_by, plan=plan, detail=question.body[:300])
    return len(deliver(event))


@task()
def notify_accepted(question_id: int, answer_id: int, accepted_by_id: int | None) -> int:
    """Tell the author of the accepted answer."""
    question = _question(question_id)
    answer = Comment.objects.filter(pk=answer_id, page_id=question_id).first()
    if question is None or answer is None or not answer.author_id:
        return 0
    actor = User.objects.filter(pk=accepted_by_id).first() if accepted_by_id else None
    event = Event(
        page=question,
        actor=actor,
        plan=[(NotificationVerb.ACCEPTED, [answer.author_id])],
        comment=answer,
    )
    return len(deliver(event))


@task()
def remind_question(question_id: int) -> int:
    """The question is still unanswered: remind the owners of its space or community."""
    question = _question(question_id)
    if question is None:
        return 0
    event = Event(
        page=question,
        actor=None,
        plan=[(NotificationVerb.REMINDER, services.owner_ids(question))],
        detail=_("Still unanswered: can you answer it or find someone who can?"),
    )
    return len(deliver(event))


@cron("0 8 * * *")
@task()
def remind_unanswered() -> int:
    """Remind owners of questions unanswered for HEARTH_QUESTION_UNANSWERED_DAYS days.

    The periodic sweep (also `manage.py remind_unanswered`)."""
    return services.remind_unanswered()


__all__ = ["notify_accepted", "remind_question", "remind_unanswered", "route_question"]
