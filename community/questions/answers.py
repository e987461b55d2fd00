"""What other apps read about questions and answers (profiles, recognition, the finder).

Accepted answers count in the contribution ledger (`people.contributions`): an answer someone
accepted on a question asked by somebody else; answering your own question earns nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from community.models import Comment, Status
from core.policy import Action, policy
from knowledge.models import QuestionPage, QuestionPageTag
from people import contributions


def _accepted_questions():
    return (
        QuestionPage.objects.live()
        .filter(accepted_answer__isnull=False, accepted_answer__status=Status.VISIBLE)
        .exclude(accepted_answer__author=F("asked_by"))
    )


def accepted_answers_for(user, viewer) -> QuerySet:
    """`user`'s accepted answers (comments) on questions `viewer` may read, newest first;
    each comment's `page` is its question."""
    questions = _accepted_questions().filter(
        pk__in=policy.instances_user_has_permission_for(viewer, Action.VIEW).values("pk")
    )
    return (
        Comment.objects.filter(author=user, pk__in=questions.values("accepted_answer_id"))
        .select_related("page")
        .order_by("-created_at", "-pk")
    )


def accepted_answer_counts(user_ids: Iterable[int]) -> dict[int, int]:
    """{user id: accepted answers} for the people given (one GROUP BY; absent means 0)."""
    ids = list(user_ids)
    if not ids:
        return {}
    rows = (
        _accepted_questions()
        .filter(accepted_answer__author_id__in=ids)
        .order_by()
        .values("accepted_answer__author_id")
        .annotate(count=Count("pk"))
        .values_list("accepted_answer__author_id", "count")
    )
    return dict(rows)


def accepted_answer_counts_by_topic(topics: Iterable[str], viewer=None) -> dict[int, int]:
    """{user id: accepted answers on questions tagged with any of `topics`} that `viewer`
    may read (None: what every employee may read): one GROUP BY, for the expert finder."""
    names = [topic.strip().lower() for topic in topics if topic and topic.strip()]
    if not names:
        return {}
    tagged = QuestionPageTag.objects.filter(tag__name__in=names).values("content_object_id")
    readable = policy.instances_user_has_permission_for(viewer, Action.VIEW)
    rows = (
        _accepted_questions()
        .filter(pk__in=tagged)
        .filter(pk__in=readable.values("pk"))
        .order_by()
        .values("accepted_answer__author_id")
        .annotate(count=Count("pk"))
        .values_list("accepted_answer__author_id", "count")
    )
    return dict(rows)


def accepted_answers_by_author(
    topics: Iterable[str], question_ids: Iterable[int], viewer=None
) -> dict[int, tuple[int, int]]:
    """{user id: (accepted answers, one question answered)} on the questions tagged with
    any of `topics` or among `question_ids` (those the search matched), that `viewer` may
    read (None: what every employee may read): one GROUP BY, for the expert finder."""
    names = [topic.strip().lower() for topic in topics if topic and topic.strip()]
    about = Q(pk__in=list(question_ids))
    if names:
        about |= Q(
            pk__in=QuestionPageTag.objects.filter(tag__name__in=names).values("content_object_id")
        )
    readable = policy.instances_user_has_permission_for(viewer, Action.VIEW)
    rows = (
        _accepted_questions()
        .filter(about)
        .filter(pk__in=readable.values("pk"))
        .order_by()
        .values("accepted_answer__author_id")
        .annotate(count=Count("pk"), example=Max("pk"))
        .values_list("accepted_answer__author_id", "count", "example")
    )
    return {author: (count, example) for author, count, example in rows}


def _ledger_rows(window: contributions.Window) -> QuerySet:
    rows = _accepted_questions().annotate(ledger_user=F("accepted_answer__author_id"))
    return window.filter(rows, "accepted_at")


contributions.register(
    contributions.LedgerSource(
        "answers",
        _("Accepted answers"),
        3,
        _ledger_rows,
        help_text=_("Answers the person who asked (or an owner) accepted."),
        order=60,
    )
)
