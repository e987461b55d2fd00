"""The pilot's report against a ledger counted by hand (tests/insights/pilots/fixtures.py),
on the page, in CSV and JSON and in the PDF, with small populations suppressed."""

import io
import json
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from insights import rollups
from insights.models import Verb
from insights.pilots import services
from insights.pilots.models import Pilot
from tests.brand.factories_vision import StatementPageFactory, VisionHubPageFactory, answers
from tests.factories import DepartmentFactory, UserFactory
from tests.insights.ledger_rows import people, row, write
from tests.insights.pilots.fixtures import dates, sales_pilot, write_ledger


@pytest.fixture
def admin(db):
    return UserFactory(username="ada", roles=["Administrators"])


@pytest.fixture
def ledger(db):
    return write_ledger()


def by_measure(report):
    return {row.measure.key: row for row in report.rows}


def test_the_report_gives_the_hand_counted_figures(admin, ledger):
    report = services.pilot_report(admin, sales_pilot())
    rows = by_measure(report)
    readers, comments = rows["active_readers"], rows["comments"]
    assert (readers.before.inside.value, readers.before.outside.value) == (
        5,
        8,
    )  # Support 6 + Legal 2
    assert (readers.after.inside.value, readers.after.outside.value) == (6, 7)
    assert (comments.before.inside.value, comments.after.inside.value) == (0, 4)
    assert comments.after.outside.value == 2  # o0 and l0
    assert rows["active_contributors"].after.inside.value == 3
    weekly = [(inside.value, outside.value) for _week, inside, outside in readers.after.weekly]
    assert weekly == [(6, 7), (None, None)]
    assert readers.after.weekly[1][1].suppressed  # week 4: 3 of Sales active, 2 others
    status = {progress.measure.key: progress.status for progress in report.targets}
    assert status == {"active_readers": "met", "comments": "missed"}  # the pilot is over
    assert report.met == 1


def test_a_running_pilot_has_targets_not_yet_met(admin, ledger):
    d = dates()
    pilot = sales_pilot(pilot_last=d["pilot_first"].replace(year=d["pilot_first"].year + 1))
    status = {p.measure.key: p.status for p in services.pilot_report(admin, pilot).targets}
    assert status == {"active_readers": "met", "comments": "not_yet"}


def test_a_list_of_people_is_matched_person_by_person(admin, ledger):
    pilot = Pilot.objects.create(name="Three of Sales", goal="g", **dates())
    names = ["s0", "s1", "s2", "s5", "o0", "o1", "o2"]
    pilot.people.set([ledger[name] for name in names])
    rows = by_measure(services.pilot_report(admin, pilot))
    assert rows["active_readers"].before.inside.value == 6  # s5 came later
    assert rows["active_readers"].before.outside.value == 7  # s3, s4, o3, o4, o5, l0, l1
    assert rows["active_readers"].after.inside.value == 7
    assert rows["active_contributors"].after.inside.value == 4  # s0, s1, s2, o0
    assert "comments" not in rows  # events are rolled up per slice, not per person


def test_the_page_shows_the_figures_and_targets(client, admin, ledger):
    pilot = sales_pilot()
    client.force_login(admin)
    response = client.get(reverse("insights_pilots:detail", args=[pilot.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 of 2 targets met." in html
    assert 'data-testid="chart-active_readers"' in html


def table(client, pilot, name, format):
    url = reverse("insights_pilots:table", args=[pilot.pk, name, format])
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.content.decode()


def test_csv_and_json_carry_the_same_figures(client, admin, ledger):
    pilot = sales_pilot()
    client.force_login(admin)
    rows = json.loads(table(client, pilot, "before-after", "json"))["rows"]
    readers = next(r for r in rows if r["Measure"] == "Active readers")
    assert readers["Baseline: the pilot's people"] == 5
    assert readers["Pilot: the pilot's people"] == 6
    csv = table(client, pilot, "targets", "csv").splitlines()
    assert csv[1] == "Active readers,at least (≥) 6,5.0,6.0,met"
    assert csv[2] == "Comments,at least (≥) 10,0.0,4.0,missed"


def legal_pilot():
    return Pilot.objects.create(name="Legal alone", goal="g", departments=["Legal"], **dates())


def test_a_small_population_is_fewer_than_n_in_html_csv_json_and_pdf(client, admin, ledger):
    pilot = legal_pilot()
    client.force_login(admin)
    report = services.pilot_report(admin, pilot)
    readers = by_measure(report)["active_readers"]
    # Two people: hidden, and everyone else with them (or the total minus it shows them).
    assert readers.after.inside.suppressed and readers.after.outside.suppressed
    assert readers.after.inside.value is None
    html = client.get(reverse("insights_pilots:detail", args=[pilot.pk])).content.decode()
    assert "fewer than 5" in html
    csv = table(client, pilot, "before-after", "csv")
    assert "Active readers,fewer than 5,fewer than 5,fewer than 5,fewer than 5" in csv
    data = json.loads(table(client, pilot, "comparison", "json"))
    values = {
        value
        for row in data["rows"]
        for key, value in row.items()
        if key not in ("Week", "Measure")
    }
    assert values <= {"fewer than 5", 0.0}  # the empty week shows 0, nothing else shows
    response = client.get(reverse("insights_pilots:pdf", args=[pilot.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert text.count("fewer than 5") >= 4


def test_the_pdf_holds_the_summary_targets_and_charts(client, admin, ledger):
    pilot = sales_pilot()
    client.force_login(admin)
    response = client.get(reverse("insights_pilots:pdf", args=[pilot.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Pilot report: Sales knowledge pilot" in text
    assert "1 of 2 targets met." in text
    assert "at least (≥) 10" in text and "missed" in text


def test_a_pilot_without_data_says_nothing_yet(client, admin, db):
    pilot = sales_pilot()
    client.force_login(admin)
    response = client.get(reverse("insights_pilots:detail", args=[pilot.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="pilot-nothing-yet"' in html
    assert 'data-testid="chart-' not in html and "table-targets" not in html


def test_the_report_costs_the_same_queries_however_much_data(
    client, admin, ledger, django_assert_num_queries
):
    pilot = sales_pilot()
    client.force_login(admin)
    url = reverse("insights_pilots:detail", args=[pilot.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    write_more = [f"x{n}" for n in range(30)]
    crowd = people(*write_more)
    d = dates()
    write([row(user, Verb.VIEWED, d["pilot_first"], "Sales") for user in crowd.values()])
    rollups.build_day(d["pilot_first"])
    with django_assert_num_queries(len(small)):
        client.get(url)


def test_what_people_said_shows_for_a_large_group_and_hides_for_a_small_one(
    client, admin, ledger, home
):
    statement = StatementPageFactory(parent=VisionHubPageFactory(parent=home))
    sales, legal = DepartmentFactory(name="Sales"), DepartmentFactory(name="Legal")
    when = timezone.make_aware(
        datetime.combine(dates()["pilot_first"] + timedelta(days=3), time(12))
    )
    sellers = [ledger[f"s{n}"] for n in range(5)]
    answers(
        statement, 5, department=sales, people=sellers, comment="Price list found", answered_at=when
    )
    lawyers = [ledger["l0"], ledger["l1"]]
    answers(
        statement, 2, department=legal, people=lawyers, comment="Legal remark", answered_at=when
    )
    client.force_login(admin)

    sales_page = client.get(reverse("insights_pilots:detail", args=[sales_pilot().pk]))
    assert "Price list found" in sales_page.content.decode()
    assert "Legal remark" not in sales_page.content.decode()

    pilot = legal_pilot()
    html = client.get(reverse("insights_pilots:detail", args=[pilot.pk])).content.decode()
    assert "Legal remark" not in html
    assert "Some comments or ideas are not shown" in html
    pdf = client.get(reverse("insights_pilots:pdf", args=[pilot.pk])).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Legal remark" not in text and "Some comments or ideas are not shown" in text


# The report's figures: for each of the baseline and the pilot period, distinct people over
# the period and per week (months, weeks and days of PersonMonth, PersonWeek, PersonDay in
# one query each) and the measures summed over days (one): six; the population one, and
# what people said (the vision and idea providers) the rest. Before the rollups by month
# and week it was four queries, then two per measure, for each period. 11 with the scope's
# ids (one query: a pilot with a scope reads its ledger measures from the scope's events,
# tests/insights/pilots/test_scope.py).
PILOT_REPORT_QUERIES = 11


def test_the_report_costs_the_same_queries_whatever_its_targets(
    admin, ledger, django_assert_num_queries
):
    """Two targets, then five (people and events): the same queries."""
    pilot = Pilot.objects.prefetch_related("targets").get(pk=sales_pilot().pk)
    services.pilot_report(admin, pilot)  # warm: the per-process caches, once
    with django_assert_num_queries(PILOT_REPORT_QUERIES):
        two = services.pilot_report(admin, pilot)
    for measure in ("active_contributors", "new_people", "reactions"):
        pilot.targets.create(measure=measure, comparison="gte", value=1)
    pilot = Pilot.objects.prefetch_related("targets").get(pk=pilot.pk)
    with django_assert_num_queries(PILOT_REPORT_QUERIES):
        five = services.pilot_report(admin, pilot)
    assert (
        len(two.rows) == 3 and len(five.rows) == 5
    )  # the targets and the active readers, contributors
    assert by_measure(five)["reactions"].after is not None
