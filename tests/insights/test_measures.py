"""Every ledger measure against a ledger counted by hand, and the registry's API."""

from datetime import date

import pytest

from insights import measures, queries, rollups
from insights.measures import Measure, Row, Source, Unit
from insights.models import ActivityEvent, DailyRollup, Verb
from insights.queries import BadQuery, Period
from insights.services import record_event
from tests.factories import UserFactory
from tests.insights.ledger_rows import people, row, write

PERIOD = Period(date(2026, 11, 2), date(2026, 11, 15))  # two weeks, Monday to Sunday
SALES, FINANCE = "Sales", "Finance"


@pytest.fixture
def ledger(db, settings):
    """Five people; cat is an editor. Counted by hand:

    previous period (19 Oct - 1 Nov): ann viewed, dan viewed (20 Oct).
    2 Nov: ann viewed, ann commented twice, bob viewed, bob reacted, cat published,
           cat commented.
    3 Nov: ann viewed, bob asked, dan answered, eve viewed, eve searched.
    10 Nov: ann accepted, cat annotated, dan thanked, eve submitted an idea, bob viewed,
            bob downloaded.
    20 Nov (after the period): ann commented.

    In the period: readers (viewed or downloaded) ann, bob, eve = 3; contributors ann,
    bob, cat, dan, eve = 5 (eve's search is not a contribution); new people (first event
    ever in the period) bob, cat, eve = 3; returning: ann and dan of the previous period,
    both back = 100 %; comments 2 + 1 = 3; one each of annotations, reactions, questions,
    answers, accepted answers, ideas, kudos, searches; contributions 2 + 1 + 1 + 1 + 1 + 1
    + 1 + 1 + 1 + 1 = 11, cat's 3 by an editor, so 8 / 11 = 72.7 % by non-editors.
    """
    settings.HEARTH_FEEDBACK_MIN_GROUP = 3
    p = people("ann", "bob", "cat", "dan", "eve")
    ann, bob, cat, dan, eve = (p[name] for name in ("ann", "bob", "cat", "dan", "eve"))
    nov2, nov3, nov10 = date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 10)

    def sales(actor, verb, day, **kw):
        return row(actor, verb, day, SALES, "staff", "Berlin", **kw)

    def finance(actor, verb, day, **kw):
        return row(actor, verb, day, FINANCE, "staff", "Berlin", **kw)

    write(
        [
            sales(ann, Verb.VIEWED, date(2026, 10, 20)),
            finance(dan, Verb.VIEWED, date(2026, 10, 20)),
            sales(ann, Verb.VIEWED, nov2),
            sales(ann, Verb.COMMENTED, nov2),
            sales(ann, Verb.COMMENTED, nov2),
            sales(bob, Verb.VIEWED, nov2),
            sales(bob, Verb.REACTED, nov2),
            row(cat, Verb.PUBLISHED, nov2, SALES, "manager", "Paris", editor=True),
            row(cat, Verb.COMMENTED, nov2, SALES, "manager", "Paris", editor=True),
            sales(ann, Verb.VIEWED, nov3, target=2),
            sales(bob, Verb.ASKED, nov3),
            finance(dan, Verb.ANSWERED, nov3),
            finance(eve, Verb.VIEWED, nov3),
            finance(eve, Verb.SEARCHED, nov3),
            sales(ann, Verb.ACCEPTED, nov10),
            row(cat, Verb.ANNOTATED, nov10, SALES, "manager", "Paris", editor=True),
            finance(dan, Verb.THANKED, nov10),
            finance(eve, Verb.SUBMITTED_IDEA, nov10),
            sales(bob, Verb.VIEWED, nov10),
            sales(bob, Verb.DOWNLOADED, nov10),
            sales(ann, Verb.COMMENTED, date(2026, 11, 20)),
        ]
    )
    rollups.build_days(date(2026, 10, 1), date(2026, 11, 30))


HAND_COUNTED = {
    "active_readers": 3,
    "active_contributors": 5,
    "active_people": 5,
    "new_people": 3,
    "return_rate": 100.0,
    "comments": 3,
    "annotations": 1,
    "reactions": 1,
    "questions": 1,
    "answers": 1,
    "accepted_answers": 1,
    "ideas": 1,
    "kudos": 1,
    "searches": 1,
    "non_editor_share": 100.0 * 8 / 11,
}


@pytest.mark.parametrize("key", sorted(HAND_COUNTED))
def test_each_measure_against_the_hand_count(ledger, key):
    report = queries.measure_report(key, PERIOD)
    assert report.total.value == pytest.approx(HAND_COUNTED[key])
    assert not report.total.suppressed


def test_every_ledger_measure_is_hand_counted():
    ledger_keys = {m.key for m in measures.all_measures() if m.from_ledger}
    assert ledger_keys == set(HAND_COUNTED)


def test_the_previous_period_of_two_people_is_suppressed(ledger):
    """ann and dan alone were active before: under the threshold of 3, no figure."""
    report = queries.measure_report("active_readers", PERIOD)
    assert report.previous_period == Period(date(2026, 10, 19), date(2026, 11, 1))
    assert report.previous_total.suppressed and report.previous_total.value is None


def test_weekly_series_by_hand(ledger):
    """Week of 2 Nov: comments 3, readers ann, bob, eve = 3; week of 9 Nov: comments 0,
    readers bob = 1 (everyone of the five was active in each week: nothing suppressed)."""
    comments = queries.measure_report("comments", PERIOD).weekly
    readers = queries.measure_report("active_readers", PERIOD).weekly
    assert [(week, fig.value) for week, fig in comments] == [
        (date(2026, 11, 2), 3.0),
        (date(2026, 11, 9), 0.0),
    ]
    assert [fig.value for _week, fig in readers] == [3, 1]


def test_the_rollup_rows_of_a_slice_by_hand(ledger):
    """2 Nov, Sales: comments ann 2 (staff, Berlin) and cat 1 (manager, Paris)."""
    rows = DailyRollup.objects.filter(measure="comments", day=date(2026, 11, 2))
    assert {(r.department, r.level, r.location, r.value) for r in rows} == {
        (SALES, "staff", "Berlin", 2.0),
        (SALES, "manager", "Paris", 1.0),
    }


def test_the_ledger_tells_editors_from_everyone_else(db, home):
    editor = UserFactory(roles=["Editors"])
    employee = UserFactory(roles=["Employees"])
    record_event(editor, Verb.COMMENTED, home)
    record_event(employee, Verb.COMMENTED, home)
    flags = dict(ActivityEvent.objects.values_list("actor_id", "actor_is_editor"))
    assert flags == {editor.pk: True, employee.pk: False}


def test_a_higher_app_registers_a_measure_from_its_own_tables(ledger):
    """An external measure: its callable gives rows per day and slice; the job rolls them
    up with the rest and the query API reads them like a ledger measure."""

    def verified(first: date, last: date):
        assert first == last  # the job asks one day at a time
        if first in (date(2026, 11, 2), date(2026, 11, 3)):
            yield Row(
                day=first, value=3, base=4, department=SALES, level="staff", location="Berlin"
            )

    measure = measures.register(
        Measure("test_verified", "Verified pages", Unit.SHARE, Source.EXTERNAL, rows=verified)
    )
    try:
        rollups.build_days(PERIOD.first, PERIOD.last)
        report = queries.measure_report("test_verified", PERIOD)
        assert report.measure is measure
        assert report.total.value == pytest.approx(75.0)  # 6 of 8
    finally:
        # Its own key: "verified_share" is knowledge's, which unregistering would remove
        # for every later test.
        measures.unregister("test_verified")


def test_an_external_measure_needs_its_rows():
    with pytest.raises(ValueError, match="rows"):
        measures.register(Measure("broken", "Broken", Unit.COUNT, Source.EXTERNAL))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: queries.measure_report("nope", PERIOD), "no measure"),
        (lambda: queries.measure_report("comments", PERIOD, by="salary"), "department"),
        (lambda: Period(date(2026, 2, 2), date(2026, 2, 1)), "end on or after"),
    ],
)
def test_bad_questions_say_why(db, call, message):
    with pytest.raises(BadQuery, match=message):
        call()
