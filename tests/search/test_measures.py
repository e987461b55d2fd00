"""Findability on the dashboard: the `searched` verb from the search view, and the measures
read from the search log, against a log counted by hand."""

import uuid
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Site

from insights import rollups
from insights.models import ActivityEvent, Verb
from insights.queries import BadQuery, Period, measure_reports
from insights.toplists import top_list_report
from search.models import SearchClick, SearchFeedback, SearchLog, searcher_fingerprint
from tests.factories import UserFactory
from tests.insights.ledger_rows import active, staff

PERIOD = Period(date(2026, 11, 2), date(2026, 11, 15))


def _search(client, django_capture_on_commit_callbacks, **params):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def test_a_search_is_one_searched_event_without_its_words(
    employee, employee_client, wiki, django_capture_on_commit_callbacks
):
    """Once per query: the second page of results and a facet add no event. The event
    points at the site, so the ledger never holds what the person typed."""
    _search(employee_client, django_capture_on_commit_callbacks, q="vacation")
    _search(employee_client, django_capture_on_commit_callbacks, q="vacation", page=2)
    _search(employee_client, django_capture_on_commit_callbacks, q="vacation", tag="leave")
    events = list(ActivityEvent.objects.filter(verb=Verb.SEARCHED))
    assert [(e.actor_id, e.target_type, e.target_id) for e in events] == [
        (employee.pk, ContentType.objects.get_for_model(Site), Site.objects.get().pk)
    ]
    assert SearchLog.objects.count() == 1


def test_the_log_tells_people_apart_only_per_query(
    employee, employee_client, wiki, django_capture_on_commit_callbacks, client
):
    """The same person typing the same words again has the same fingerprint; another
    person, or the same person's other query, another one."""
    other = UserFactory(username="otto", roles=["Employees"])
    _search(employee_client, django_capture_on_commit_callbacks, q="vacation")
    _search(employee_client, django_capture_on_commit_callbacks, q="vacation")
    _search(employee_client, django_capture_on_commit_callbacks, q="laptop")
    client.force_login(other)
    _search(client, django_capture_on_commit_callbacks, q="vacation")
    prints = list(SearchLog.objects.order_by("pk").values_list("searcher", flat=True))
    assert prints[0] == prints[1] == searcher_fingerprint(employee.pk, "vacation")
    assert len({prints[0], prints[2], prints[3]}) == 3


def _log(query, results, department, day, person=None):
    return SearchLog.objects.create(
        token=uuid.uuid4(),
        query=query,
        results=results,
        department=department,
        searched_on=day,
        searcher=searcher_fingerprint(person.pk, query) if person else "",
    )


def _click(log, day):
    SearchClick.objects.create(search=log.token, page_id=1, clicked_on=day)


def _answer(log, helpful, day):
    SearchFeedback.objects.create(search=log.token, helpful=helpful, answered_on=day)


@pytest.fixture
def search_log(db, settings):
    """Counted by hand (2-15 Nov; sal, sue, sam in Sales; fay, fin, flo in Finance):

    L1  vpn       5 results  Sales    2 Nov  sal  clicked 2 Nov    helpful: yes
    L2  vpn       5          Sales    2 Nov  sue  no click         helpful: no
    L3  expenses  0          Sales    3 Nov  sal                   helpful: yes
    L4  expenses  0          Finance  3 Nov  fay
    L5  expenses  0          Finance  4 Nov  fin
    L6  expenses  0          Finance  5 Nov  fin (again)
    L7  parking   0          Sales    5 Nov  sam
    L8  parking   0          Sales    6 Nov  sue
    L9  holiday   3          Finance  9 Nov  flo  clicked 10 Nov (the next day: no click)
                                                               helpful: no
    L10 holiday   3          Finance 10 Nov  fay  clicked 10 Nov   helpful: yes
    L12 legacy    0          Sales    4 Nov  (logged before fingerprints)
    L11 old       0          Sales   30 Oct  sal (before the period)  helpful: yes (30 Oct)

    Searches 11; with no results L3-L8 and L12 = 7 -> 63.64 %; Sales 4 of 6 = 66.67 %,
    Finance 3 of 5 = 60 %. With results L1 L2 L9 L10, no click on the day L2 L9 -> 50 %.
    Helpful: 3 yes of 5 answers -> 60 %. Failed queries: expenses 4 searches by sal, fay,
    fin = 3 people (listed); parking by 2 (not listed); legacy by nobody known (not listed).
    """
    settings.HEARTH_FEEDBACK_MIN_GROUP = 3
    sal, sue, sam = staff(["sal", "sue", "sam"], "Sales")
    fay, fin, flo = staff(["fay", "fin", "flo"], "Finance")
    active([sal, sue, sam], date(2026, 11, 2), "Sales")
    active([fay, fin, flo], date(2026, 11, 2), "Finance")
    nov = lambda day: date(2026, 11, day)  # noqa: E731
    l1 = _log("vpn", 5, "Sales", nov(2), sal)
    l2 = _log("vpn", 5, "Sales", nov(2), sue)
    l3 = _log("expenses", 0, "Sales", nov(3), sal)
    _log("expenses", 0, "Finance", nov(3), fay)
    _log("expenses", 0, "Finance", nov(4), fin)
    _log("expenses", 0, "Finance", nov(5), fin)
    _log("parking", 0, "Sales", nov(5), sam)
    _log("parking", 0, "Sales", nov(6), sue)
    l9 = _log("holiday", 3, "Finance", nov(9), flo)
    l10 = _log("holiday", 3, "Finance", nov(10), fay)
    _log("legacy", 0, "Sales", nov(4))
    l11 = _log("old", 0, "Sales", date(2026, 10, 30), sal)
    _click(l1, nov(2))
    _click(l9, nov(10))
    _click(l10, nov(10))
    for log, helpful in ((l1, True), (l2, False), (l3, True), (l9, False), (l10, True)):
        _answer(log, helpful, log.searched_on)
    _answer(l11, True, l11.searched_on)
    rollups.build_days(date(2026, 10, 1), date(2026, 11, 30))


HAND_COUNTED = {
    "zero_result_rate": 100.0 * 7 / 11,
    "no_click_rate": 50.0,
    "search_helpful": 60.0,
}


def test_each_findability_measure_against_the_hand_count(search_log):
    reports = {r.measure.key: r for r in measure_reports(list(HAND_COUNTED), PERIOD)}
    for key, expected in HAND_COUNTED.items():
        assert reports[key].total.value == pytest.approx(expected), key
        assert reports[key].measure.section == "findability"


def test_zero_results_by_department(search_log):
    (report,) = measure_reports(["zero_result_rate"], PERIOD, by="department")
    assert [(s.key, s.current.value) for s in report.slices] == [
        ("Finance", pytest.approx(60.0)),
        ("Sales", pytest.approx(100.0 * 4 / 6)),
    ]


def test_top_failed_searches_leave_out_queries_of_few_people(search_log, settings):
    report = top_list_report("failed_searches", PERIOD)
    assert report.top_list.section == "findability"
    assert [(row.label, row.people, row.values) for row in report.rows] == [
        ("expenses", 3, {"searches": 4})
    ]
    settings.HEARTH_FEEDBACK_MIN_GROUP = 4
    assert top_list_report("failed_searches", PERIOD).rows == []


@pytest.mark.parametrize("key, limit", [("nope", 10), ("failed_searches", 0)])
def test_a_bad_list_question_is_refused(db, key, limit):
    with pytest.raises(BadQuery):
        top_list_report(key, PERIOD, limit=limit)


def test_the_failed_searches_list_is_one_query(search_log, django_assert_num_queries):
    with django_assert_num_queries(1):
        top_list_report("failed_searches", PERIOD)
