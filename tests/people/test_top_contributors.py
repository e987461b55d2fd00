"""Top contributors per department and month: a report for communications; opt-out respected."""

import csv
import io
from datetime import timedelta

import pytest

from community.recognition.admin import month_window, recent_months, top_contributors
from knowledge.models import Verification
from tests.factories import (
    DepartmentFactory,
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
)
from tests.people.factories_recognition import KudosFactory, staff

REPORT = "/admin/reports/top-contributors/"


@pytest.fixture
def departments(db):
    return DepartmentFactory(name="Finance"), DepartmentFactory(name="Sales")


@pytest.fixture
def page(home):
    space = SpacePageFactory(parent=KnowledgeIndexPageFactory(parent=home))
    return KnowledgePageFactory(parent=space)


@pytest.fixture
def people(departments, page):
    """Finance: Fiona (verified a page: 3 + kudos 1), Felix (kudos: 1), Otto (opted out,
    the most kudos); Sales: Sam (kudos 2)."""
    finance, sales = departments
    fiona = staff("fiona", first_name="Fiona", last_name="Finch", department=finance)
    felix = staff("felix", first_name="Felix", last_name="Fox", department=finance)
    otto = staff("otto", first_name="Otto", last_name="Out", department=finance)
    sam = staff("sam", first_name="Sam", last_name="Sales", department=sales)
    otto.profile.in_leaderboards = False
    otto.profile.save()
    Verification.objects.create(page=page, verified_by=fiona)
    KudosFactory(recipient=fiona)
    KudosFactory(recipient=felix)
    KudosFactory.create_batch(5, recipient=otto)
    KudosFactory.create_batch(2, recipient=sam)
    return fiona, felix, otto, sam


@pytest.fixture
def comms_client(signed_in, db):
    return signed_in(UserFactory(username="cam", roles=["Communications", "Employees"]))


def _rows(response):
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_communications_see_top_contributors_per_department(comms_client, people):
    html = comms_client.get(REPORT).content.decode()
    assert "Top contributors" in html
    assert "Fiona Finch" in html and "Felix Fox" in html and "Sam Sales" in html
    assert "Otto Out" not in html  # opted out of leaderboards
    assert html.index("Fiona Finch") < html.index("Felix Fox")  # 4 points before 1


def test_the_report_exports_csv_with_ranks_and_scores(comms_client, people):
    response = comms_client.get(f"{REPORT}?export=csv")
    assert response.status_code == 200
    rows = _rows(response)
    by_name = {row["Person"]: row for row in rows}
    assert set(by_name) == {"Fiona Finch", "Felix Fox", "Sam Sales"}
    assert by_name["Fiona Finch"]["Score"] == "4"
    assert by_name["Fiona Finch"]["Rank"] == "1"
    assert by_name["Felix Fox"]["Rank"] == "2"
    assert by_name["Sam Sales"]["Department"] == "Sales"
    assert by_name["Sam Sales"]["Rank"] == "1"


def test_filters_department_top_n_and_month(comms_client, people, departments):
    finance, _sales = departments
    only_finance = _rows(comms_client.get(f"{REPORT}?department={finance.pk}&export=csv"))
    assert {row["Person"] for row in only_finance} == {"Fiona Finch", "Felix Fox"}
    for _ in range(3):
        KudosFactory(recipient=staff(department=finance))
    top_three = _rows(comms_client.get(f"{REPORT}?top=3&export=csv"))
    assert [row["Department"] for row in top_three] == ["Finance"] * 3 + ["Sales"]
    assert top_three[0]["Person"] == "Fiona Finch"
    last_month = recent_months()[1]
    earlier = _rows(comms_client.get(f"{REPORT}?month={last_month:%Y-%m}&export=csv"))
    assert earlier == []  # everything happened this month


def test_last_months_work_counts_in_last_months_report(people):
    fiona = people[0]
    window = month_window(recent_months()[1])
    KudosFactory(recipient=fiona, created_at=window.since + timedelta(days=10))
    ranked = list(top_contributors(window))
    assert [(user.username, user.ledger_score) for user in ranked] == [("fiona", 1)]


@pytest.mark.parametrize("role", ["Editors", "Employees", "Moderators"])
def test_others_may_not_see_the_report(role, signed_in, people):
    response = signed_in(UserFactory(roles=[role])).get(REPORT)
    assert response.status_code in (302, 403)
    if role == "Editors":  # they have the admin, not this report
        assert response.status_code == 403


def test_the_report_is_one_query_for_any_number_of_people(
    comms_client, departments, page, django_assert_num_queries
):
    finance, sales = departments
    comms_client.get(REPORT)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert comms_client.get(REPORT).status_code == 200
        return len(captured)

    staff(department=finance)
    KudosFactory(recipient=staff(department=finance))
    few = count_queries()
    for index in range(20):
        person = staff(department=sales if index % 2 else finance)
        KudosFactory(recipient=person)
        Verification.objects.create(page=page, verified_by=person)
    assert count_queries() == few


def test_the_report_and_the_profile_count_the_same_things_the_same_way(
    comms_client, people, page, signed_in
):
    """By default the report covers the profile's period (the last 12 months) and counts
    through the same function: a page Fiona verified 40 days ago is one on both."""
    from bs4 import BeautifulSoup

    fiona = people[0]
    Verification.objects.filter(verified_by=fiona).update(
        verified_at=Verification.objects.get(verified_by=fiona).verified_at - timedelta(days=40)
    )
    profile = signed_in(fiona).get(f"/people/{fiona.username}/").content.decode()
    ledger = BeautifulSoup(profile, "html.parser").select_one('[data-testid="ledger-verified"] dd')
    report = {row["Person"]: row for row in _rows(comms_client.get(f"{REPORT}?export=csv"))}
    assert ledger.get_text() == report["Fiona Finch"]["Pages kept verified"] == "1"
    assert "Last 12 months" in comms_client.get(REPORT).content.decode()
