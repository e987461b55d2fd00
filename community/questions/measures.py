"""Answers, measured from the questions themselves (registered with insights from
`CommunityConfig.ready`).

Which questions count: live questions any employee may read (a question in a private
space or community counts nowhere, for any viewer: see `knowledge.measures`). Each is
dated by what happened to it: asked on its first publication, answered on its first
answer, accepted when an answer was accepted, and split by the asker's department, level
and location as their profile says now. The ledger's "questions" and "accepted answers"
count events everywhere; these count questions, so that asked, answered and the times to
answer are figures about the same questions.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.permissions import open_to_every_employee
from insights import measures
from insights.external import count_rows, day_end, day_start, each_day, local_day, median_rows
from insights.external import slice_of as _slice
from insights.measures import Measure, Row, Source, Unit
from knowledge.models import QuestionPage

SECTION = "answers"
ASKER = (
    "asked_by__profile__department__name",
    "asked_by__profile__level",
    "asked_by__profile__location__name",
)


def counted_questions():
    return open_to_every_employee(QuestionPage.objects.live()).order_by()


def _dated(field: str, first: date, last: date):
    return counted_questions().filter(
        **{f"{field}__gte": day_start(first), f"{field}__lt": day_end(last)}
    )


def _event_rows(field: str):
    def rows(first: date, last: date) -> list[Row]:
        return count_rows(
            (local_day(moment), _slice(*where), 1, 0)
            for moment, *where in _dated(field, first, last).values_list(field, *ASKER)
        )

    rows.__name__ = f"{field}_rows"
    return rows


def _wait_rows(field: str):
    """The time from a question's first publication to `field`, per day of `field`."""

    def rows(first: date, last: date) -> list[Row]:
        return median_rows(
            (local_day(moment), _slice(*where), (moment - asked).total_seconds())
            for moment, asked, *where in _dated(field, first, last).values_list(
                field, "first_published_at", *ASKER
            )
            if asked is not None and moment >= asked
        )

    rows.__name__ = f"{field}_wait_rows"
    return rows


def unanswered_after() -> timedelta:
    return timedelta(days=settings.HEARTH_QUESTION_UNANSWERED_DAYS)


def waiting_rows(first: date, last: date) -> list[Row]:
    """Per day: questions asked more than HEARTH_QUESTION_UNANSWERED_DAYS before its end
    and still without an answer then (one query for the whole range). A state: one row a
    day with base 1 and no slices (a sum over slices would count the days again)."""
    wait = unanswered_after()
    questions = list(
        counted_questions()
        .filter(first_published_at__lt=day_end(last) - wait)
        .filter(Q(first_answer_at__isnull=True) | Q(first_answer_at__gte=day_end(first)))
        .values_list("first_published_at", "first_answer_at")
    )
    rows = []
    for day in each_day(first, last):
        end = day_end(day)
        waiting = sum(
            asked < end - wait and (answered is None or answered >= end)
            for asked, answered in questions
        )
        rows.append(Row(day, waiting, 1))
    return rows


def register() -> None:
    for measure in (
        Measure(
            "questions_asked",
            _("Questions asked"),
            Unit.COUNT,
            Source.EXTERNAL,
            rows=_event_rows("first_published_at"),
            section=SECTION,
        ),
        Measure(
            "questions_answered",
            _("Questions answered"),
            Unit.COUNT,
            Source.EXTERNAL,
            rows=_event_rows("first_answer_at"),
            help_text=_("Questions that got their first answer."),
            section=SECTION,
        ),
        Measure(
            "questions_accepted",
            _("Questions with an accepted answer"),
            Unit.COUNT,
            Source.EXTERNAL,
            rows=_event_rows("accepted_at"),
            section=SECTION,
        ),
        Measure(
            "time_to_first_answer",
            _("Median time to first answer"),
            Unit.MEDIAN_DURATION,
            Source.EXTERNAL,
            rows=_wait_rows("first_answer_at"),
            section=SECTION,
        ),
        Measure(
            "time_to_accepted_answer",
            _("Median time to accepted answer"),
            Unit.MEDIAN_DURATION,
            Source.EXTERNAL,
            rows=_wait_rows("accepted_at"),
            section=SECTION,
        ),
        Measure(
            "questions_waiting",
            _("Unanswered questions"),
            Unit.AVERAGE,
            Source.EXTERNAL,
            rows=waiting_rows,
            help_text=_(
                "Questions still without an answer some days after they were asked "
                "(HEARTH_QUESTION_UNANSWERED_DAYS), on an average day."
            ),
            section=SECTION,
        ),
    ):
        measures.register(measure)
