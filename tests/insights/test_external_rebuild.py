"""The measures of higher apps give the same numbers whether the nightly job built them a
day at a time (as the clock went by) or `manage.py rebuild_rollups` built them from
scratch afterwards: a state (pages due, questions waiting) is read as of each day, never
as of the moment the job runs."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from insights.models import DailyRollup, FirstSeen, PersonDay
from insights.queries import Period, measure_reports
from insights.tasks import rebuild_rollups
from insights.toplists import top_list_report
from tests.brand.test_vision_measures import vision  # noqa: F401 - fixtures
from tests.community.test_question_measures import HAND_COUNTED as ANSWERS
from tests.community.test_question_measures import questions  # noqa: F401
from tests.knowledge.test_measures import HAND_COUNTED as KNOWLEDGE
from tests.knowledge.test_measures import health  # noqa: F401
from tests.search.test_measures import HAND_COUNTED as FINDABILITY
from tests.search.test_measures import search_log  # noqa: F401

PERIOD = Period(date(2026, 11, 2), date(2026, 11, 15))
FIRST = PERIOD.previous().first
VISION = ["vision_understand", "vision_agree", "vision_contribute"]
CASES = {
    "health": (list(KNOWLEDGE), []),
    "questions": (list(ANSWERS), []),
    "search_log": (list(FINDABILITY), ["failed_searches"]),
    "vision": (VISION, ["vision_statements"]),
}


def _figures(keys: list[str], lists: list[str]) -> dict:
    figures = {}
    for by in ("department", "level"):
        for report in measure_reports(keys, PERIOD, by=by):
            figures[(report.measure.key, by)] = (
                report.total.value,
                report.previous_total.value,
                [(s.key, s.current.value, s.previous.value) for s in report.slices],
                [(week, figure.value) for week, figure in report.weekly],
            )
    for key in lists:
        figures[key] = [(r.label, r.people, r.values) for r in top_list_report(key, PERIOD).rows]
    return figures


def _forget_rollups() -> None:
    DailyRollup.objects.all().delete()
    PersonDay.objects.all().delete()
    FirstSeen.objects.all().delete()


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_the_nightly_job_and_a_rebuild_from_scratch_agree(db, request, fixture):
    request.getfixturevalue(fixture)
    keys, lists = CASES[fixture]

    _forget_rollups()
    day = FIRST
    while day <= PERIOD.last + timedelta(days=1):  # at 00:20 it builds yesterday and today
        with freeze_time(timezone.make_aware(datetime.combine(day, time(0, 20)))):
            rebuild_rollups.call()
        day += timedelta(days=1)
    nightly = _figures(keys, lists)

    _forget_rollups()
    call_command("rebuild_rollups", since=FIRST.isoformat(), stdout=None)
    assert _figures(keys, lists) == nightly
    assert all(nightly[(key, "department")][0] is not None for key in keys)
