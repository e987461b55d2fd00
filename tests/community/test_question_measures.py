"""The answers section of the dashboard, against questions counted by hand."""

from datetime import date, datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from insights import rollups
from insights.queries import Period, measure_reports
from knowledge.models import QuestionPage
from tests.factories import QuestionPageFactory, knowledge_space, restrict_to_groups
from tests.insights.ledger_rows import active, staff

PERIOD = Period(date(2026, 11, 2), date(2026, 11, 15))  # 14 days


def at(day: int, hour: int, month: int = 11) -> datetime:
    return timezone.make_aware(datetime(2026, month, day, hour))


def _question(space, asker, asked, answered=None, accepted=None):
    question = QuestionPageFactory(parent=space, asked_by=asker)
    QuestionPage.objects.filter(pk=question.pk).update(
        first_published_at=asked, first_answer_at=answered, accepted_at=accepted
    )
    return question


@pytest.fixture
def questions(home, settings):
    """Counted by hand, HEARTH_QUESTION_UNANSWERED_DAYS = 3, over 2-15 Nov (14 days):

    Q1 asked 2 Nov 10:00, answered 2 Nov 16:00 (21,600 s), accepted 3 Nov 10:00 (86,400 s)
    Q2 asked 3 Nov 09:00, answered 5 Nov 09:00 (172,800 s)
    Q3 asked 4 Nov 12:00, answered 9 Nov 12:00 (432,000 s), accepted 10 Nov 12:00 (518,400 s)
    Q7 asked 8 Nov 12:00, answered 9 Nov 12:00 (86,400 s)
    Q4 asked 10 Nov 08:00, never answered
    Q5 asked 20 Oct, never answered
    QP in a private space: asked 2 Nov, answered 3 Nov, accepted 4 Nov; counted nowhere.

    Asked in the period 5 (Q1 Q2 Q3 Q7 Q4); answered 4 (Q1 Q2 Q3 Q7); accepted 2 (Q1 Q3).
    Time to first answer, per day: 2 Nov 21,600 (1), 5 Nov 172,800 (1), 9 Nov the median of
    432,000 and 86,400 = 259,200 (2); the period weighs each day's median by its count:
    (21,600 + 172,800 + 2 x 259,200) / 4 = 178,200 s. To accepted: (86,400 + 518,400) / 2
    = 302,400 s.
    Unanswered 3 days after asking, at the end of each day: Q5 all 14 days; Q4 13-15 Nov
    (3); Q3 7-8 Nov (2); the others were answered within 3 days: 19 / 14 a day.
    """
    settings.HEARTH_FEEDBACK_MIN_GROUP = 3
    settings.HEARTH_QUESTION_UNANSWERED_DAYS = 3
    sal, sue, sam = staff(["sal", "sue", "sam"], "Sales")
    active([sal, sue, sam], date(2026, 11, 2), "Sales")
    space = knowledge_space("IT Help", sal)
    _question(space, sal, at(2, 10), at(2, 16), at(3, 10))
    _question(space, sue, at(3, 9), at(5, 9))
    _question(space, sam, at(4, 12), at(9, 12), at(10, 12))
    _question(space, sue, at(8, 12), at(9, 12))
    _question(space, sal, at(10, 8))
    _question(space, sue, at(20, 9, month=10))
    private = knowledge_space("Board", sal)
    restrict_to_groups(private, Group.objects.create(name="Board"))
    _question(private, sal, at(2, 9), at(3, 9), at(4, 9))
    _question(private, sal, at(20, 9, month=10))
    rollups.build_days(date(2026, 10, 1), date(2026, 11, 30))


HAND_COUNTED = {
    "questions_asked": 5,
    "questions_answered": 4,
    "questions_accepted": 2,
    "time_to_first_answer": 178_200.0,
    "time_to_accepted_answer": 302_400.0,
    "questions_waiting": 19 / 14,
}


def test_each_answers_measure_against_the_hand_count(questions):
    reports = {r.measure.key: r for r in measure_reports(list(HAND_COUNTED), PERIOD)}
    for key, expected in HAND_COUNTED.items():
        assert reports[key].total.value == pytest.approx(expected), key
        assert reports[key].measure.section == "answers"


def test_questions_split_by_the_askers_department(questions):
    (report,) = measure_reports(["questions_asked"], PERIOD, by="department")
    assert [(s.key, s.current.value) for s in report.slices] == [("Sales", 5.0)]
