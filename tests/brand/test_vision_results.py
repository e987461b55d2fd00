"""Statement feedback results: who sees them, and suppression on screen, in CSV and JSON."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from brand.models import FeedbackAnswer
from people.models import Level
from tests.brand.factories_vision import StatementPageFactory, VisionHubPageFactory, answers
from tests.factories import DepartmentFactory, LocationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5


@pytest.fixture
def sponsor(db):
    return UserFactory(username="ceo", roles=["Employees"])


@pytest.fixture
def statement(home, sponsor):
    hub = VisionHubPageFactory(parent=home)
    return StatementPageFactory(
        parent=hub, title="Customers first", statement="Customer first.", sponsor=sponsor
    )


@pytest.fixture
def comms_client(signed_in):
    return signed_in(UserFactory(username="carla", roles=["Employees", "Communications"]))


@pytest.fixture
def org(db):
    return {
        "sales": DepartmentFactory(name="Sales"),
        "support": DepartmentFactory(name="Support"),
        "legal": DepartmentFactory(name="Legal"),
        "leeds": LocationFactory(name="Leeds"),
        "york": LocationFactory(name="York"),
    }


@pytest.fixture
def sales_case(statement, org):
    """Sales: 12 people, 10 in Leeds, 2 in York (agree 1); Support: 30 in Leeds; Legal: 2."""
    answers(statement, 10, department=org["sales"], location=org["leeds"], level="ic", agree=5)
    answers(statement, 2, department=org["sales"], location=org["york"], level="ic", agree=1)
    answers(statement, 30, department=org["support"], location=org["leeds"], level="manager")
    answers(statement, 2, department=org["legal"], location=org["leeds"], level="manager")
    return statement


def url(name, statement, **params):
    from urllib.parse import urlencode

    base = reverse(f"brand:{name}", args=[statement.pk])
    return f"{base}?{urlencode(params)}" if params else base


def rows_of(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


# Who sees results -------------------------------------------------------------------------
def test_communications_see_results(comms_client, sales_case):
    response = comms_client.get(url("statement_results", sales_case))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="overall-respondents">44<' in html
    assert 'data-testid="trend-chart"' in html and "<svg" in html


def test_the_sponsor_sees_results_and_the_link(signed_in, sponsor, sales_case):
    client = signed_in(sponsor)
    assert client.get(url("statement_results", sales_case)).status_code == 200
    assert 'data-testid="results-link"' in client.get(sales_case.url).content.decode()


def test_administrators_see_results(signed_in, sales_case):
    client = signed_in(UserFactory(roles=["Employees", "Administrators"]))
    assert client.get(url("statement_results", sales_case)).status_code == 200


@pytest.mark.parametrize("name", ["statement_results", "statement_results_csv"])
def test_an_employee_who_is_not_sponsor_gets_403(employee_client, sales_case, name):
    assert employee_client.get(url(name, sales_case)).status_code == 403


def test_json_403_for_an_employee(employee_client, sales_case):
    response = employee_client.get(url("statement_results_json", sales_case))
    assert response.status_code == 403
    assert "error" in response.json()


@pytest.mark.parametrize(
    "name", ["statement_results", "statement_results_csv", "statement_results_json"]
)
def test_guests_get_404_even_as_sponsor(signed_in, sales_case, name):
    guest = UserFactory(roles=["Guests"])
    sales_case.sponsor = guest
    sales_case.save()
    assert signed_in(guest).get(url(name, sales_case)).status_code == 404


def test_results_of_an_unpublished_statement_are_404(comms_client, sales_case):
    sales_case.unpublish()
    assert comms_client.get(url("statement_results", sales_case)).status_code == 404


# Suppression ------------------------------------------------------------------------------
def test_small_department_and_its_complement_are_suppressed_on_screen(comms_client, sales_case):
    html = comms_client.get(url("statement_results", sales_case)).content.decode()
    start = html.index('data-testid="by-department"')
    table = html[start : html.index("</table>", start)]
    legal = table[table.index("Legal") :]
    assert legal.split("</tr>")[0].count('data-testid="suppressed"') == 1
    # Legal (2) hidden alone could be recovered from the total: Sales (12, the next
    # smallest) is hidden too; Support stays.
    sales = table[table.index(">Sales<") :].split("</tr>")[0]
    assert 'data-testid="suppressed"' in sales
    support = table[table.index(">Support<") :].split("</tr>")[0]
    assert 'data-testid="suppressed"' not in support and "<td>30</td>" in support


def test_subtraction_across_two_filters_is_refused(comms_client, sales_case, org):
    """department=Support (30) is shown. department=Sales (12) is refused: Legal's 2 are
    pooled with Sales, and everyone (44) minus Support minus Sales would be Legal. Sales &
    Leeds (10) is refused too: Sales minus it would be the 2 in York."""
    shown = comms_client.get(
        url("statement_results_json", sales_case, department=org["support"].pk)
    ).json()
    assert shown["filter_allowed"] is True
    assert shown["overall"]["respondents"] == 30

    sales = org["sales"].pk
    for params in ({"department": sales}, {"department": sales, "location": org["leeds"].pk}):
        refused = comms_client.get(url("statement_results_json", sales_case, **params)).json()
        assert refused["filter_allowed"] is False
        assert refused["overall"]["suppressed"] is True
        assert refused["overall"]["respondents"] is None and refused["overall"]["means"] is None
        assert refused["by_department"] == [] and refused["trend"] == []
        assert refused["distribution"] == {}
        assert refused["comments"]["results"] == []

    html = comms_client.get(
        url("statement_results", sales_case, department=sales, location=org["leeds"].pk)
    ).content.decode()
    assert 'data-testid="filter-refused"' in html
    assert 'data-testid="overall-respondents"' not in html

    exported = rows_of(
        comms_client.get(
            url("statement_results_csv", sales_case, department=sales, location=org["leeds"].pk)
        )
    )
    overall = next(row for row in exported if row["section"] == "overall")
    assert overall["suppressed"] == "suppressed" and overall["respondents"] == ""
    assert overall["agree_mean"] == ""


def test_breakdown_under_a_filter_cannot_be_subtracted_from_the_unfiltered_one(
    comms_client, statement, org
):
    """Sales has 10 individual contributors and 2 managers (pooled into one block). The
    level=ic filter (60) is refused: everyone (82) minus it minus Legal's 20 managers (shown
    under department=Legal) would be the 2 Sales managers."""
    answers(statement, 10, department=org["sales"], level="ic")
    answers(statement, 2, department=org["sales"], level="manager", agree=1)
    answers(statement, 20, department=org["support"], level="ic")
    answers(statement, 30, department=org["legal"], level="ic")
    answers(statement, 20, department=org["legal"], level="manager")
    data = comms_client.get(url("statement_results_json", statement, level="ic")).json()
    assert data["filter_allowed"] is False and data["overall"]["means"] is None
    everyone = comms_client.get(url("statement_results_json", statement)).json()
    levels = {cell["key"]: cell for cell in everyone["by_level"]}
    assert levels["ic"]["suppressed"] is True and levels["manager"]["suppressed"] is True
    departments = {cell["label"]: cell for cell in everyone["by_department"]}
    assert departments["Sales"]["respondents"] == 12  # a large department still shows
    legal = comms_client.get(
        url("statement_results_json", statement, department=org["legal"].pk)
    ).json()
    assert [(c["key"], c["respondents"]) for c in legal["by_level"]] == [
        ("ic", 30),
        ("manager", 20),
    ]


def test_json_suppression_matches_the_screen(comms_client, sales_case):
    data = comms_client.get(url("statement_results_json", sales_case)).json()
    assert data["threshold"] == 5
    assert data["overall"]["respondents"] == 44
    cells = {cell["label"]: cell for cell in data["by_department"]}
    assert cells["Legal"] == {
        "key": cells["Legal"]["key"],
        "label": "Legal",
        "respondents": None,
        "suppressed": True,
        "means": None,
    }
    assert cells["Sales"]["suppressed"] is True
    assert cells["Support"]["respondents"] == 30
    assert cells["Support"]["means"]["agree"] == 4.0
    assert sum(data["distribution"]["agree"].values()) == 44


def test_csv_marks_suppressed_cells_and_leaves_them_blank(comms_client, sales_case):
    response = comms_client.get(url("statement_results_csv", sales_case))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = [row for row in rows_of(response) if row["section"] == "department"]
    legal = next(row for row in rows if row["group"] == "Legal")
    assert legal["suppressed"] == "suppressed"
    assert legal["respondents"] == "" and legal["agree_mean"] == ""
    support = next(row for row in rows if row["group"] == "Support")
    assert support["respondents"] == "30" and support["suppressed"] == ""
    assert support["agree_mean"] == "4.00"


def test_csv_cells_are_formula_safe(comms_client, statement, org):
    answers(statement, 6, department=org["sales"], comment='=HYPERLINK("http://x")')
    rows = rows_of(comms_client.get(url("statement_results_csv", statement)))
    comments = [row["comment"] for row in rows if row["section"] == "comment"]
    assert comments and all(text.startswith("'=") for text in comments)


def test_whole_statement_under_threshold_shows_nothing(comms_client, statement, org):
    answers(statement, 4, department=org["sales"], comment="Only four of us")
    html = comms_client.get(url("statement_results", statement)).content.decode()
    assert 'data-testid="overall-suppressed"' in html
    assert "Only four of us" not in html
    data = comms_client.get(url("statement_results_json", statement)).json()
    assert data["overall"]["means"] is None and data["by_department"] == []


# Comments, time, filters ------------------------------------------------------------------
def test_free_text_is_shown_without_names_and_paginated(comms_client, statement, org):
    people = answers(statement, 25, department=org["sales"], comment="A thought")
    for number, answer in enumerate(people):
        # Names that cannot occur in the page by chance (a random "Lee" is in "Leeds").
        answer.user.first_name, answer.user.last_name = f"Zebedee{number}x", f"Quimby{number}x"
        answer.user.save(update_fields=["first_name", "last_name"])
    html = comms_client.get(url("statement_results", statement)).content.decode()
    assert html.count('data-testid="comment"') == 20
    assert 'data-testid="page-next"' in html
    for answer in people:
        assert answer.user.username not in html
        assert answer.user.first_name not in html
        assert answer.user.last_name not in html
    second = comms_client.get(url("statement_results", statement) + "?page=2").content.decode()
    assert second.count('data-testid="comment"') == 5


def test_free_text_suppressed_for_a_small_filtered_group(comms_client, sales_case, org):
    FeedbackAnswer.objects.filter(department=org["legal"]).update(comment="Legal speaks")
    data = comms_client.get(
        url("statement_results_json", sales_case, department=org["legal"].pk)
    ).json()
    assert data["comments"]["visible"] is False and data["comments"]["results"] == []
    html = comms_client.get(
        url("statement_results", sales_case, department=org["legal"].pk)
    ).content.decode()
    assert "Legal speaks" not in html and 'data-testid="comments-suppressed"' in html


def test_over_time_shows_latest_answers_by_month(comms_client, statement, org):
    """Three months: 6, 2 and 6 people. The 2 are hidden, and so is the month of 6 pooled
    with them (the earlier one): the overall (14) minus one shown month would be the 2."""
    now = timezone.now()
    answers(
        statement,
        6,
        department=org["sales"],
        agree=2,
        answered_at=now - datetime.timedelta(days=400),
    )
    answers(statement, 6, department=org["sales"], agree=4)
    answers(
        statement,
        2,
        department=org["sales"],
        agree=5,
        answered_at=now - datetime.timedelta(days=200),
    )
    data = comms_client.get(url("statement_results_json", statement)).json()
    assert data["period"] == "month"
    assert [cell["suppressed"] for cell in data["trend"]] == [True, True, False]
    shown = data["trend"][2]
    assert shown["means"]["agree"] == 4.0 and shown["answers"] == 6
    assert all(cell["answers"] is None for cell in data["trend"][:2])


def test_a_changed_answer_counts_in_the_month_it_was_last_given(comms_client, statement, org):
    from brand.models import FeedbackAnswer

    now = timezone.now()
    people = answers(
        statement,
        6,
        department=org["sales"],
        agree=2,
        answered_at=now - datetime.timedelta(days=400),
    )
    answers(statement, 6, department=org["sales"], agree=4)
    FeedbackAnswer.objects.filter(pk__in=[a.pk for a in people]).update(is_latest=False)
    answers(statement, 6, department=org["sales"], agree=5, people=[a.user for a in people])
    data = comms_client.get(url("statement_results_json", statement)).json()
    assert [(cell["respondents"], cell["means"]["agree"]) for cell in data["trend"]] == [(12, 4.5)]


def test_weekly_trend_on_request(comms_client, sales_case):
    data = comms_client.get(url("statement_results_json", sales_case, period="week")).json()
    assert data["period"] == "week"
    assert len(data["trend"]) == 1 and data["trend"][0]["respondents"] == 44


def test_changed_answers_count_once_in_results(comms_client, statement, org, employee):
    from brand.vision.services import give_feedback

    answers(statement, 5, department=org["sales"], agree=4)
    give_feedback(employee, statement, understand=3, agree=1, contribute=3)
    give_feedback(employee, statement, understand=3, agree=4, contribute=3)
    data = comms_client.get(url("statement_results_json", statement)).json()
    assert data["overall"]["respondents"] == 6
    assert data["overall"]["means"]["agree"] == 4.0


@pytest.mark.parametrize(
    "params",
    [{"department": "abc"}, {"department": "999999"}, {"level": "ceo"}, {"period": "year"}],
)
def test_bad_filters_are_a_400_with_a_message(comms_client, sales_case, params):
    html = comms_client.get(url("statement_results", sales_case, **params))
    assert html.status_code == 400
    assert 'data-testid="filter-errors"' in html.content.decode()
    assert comms_client.get(url("statement_results_csv", sales_case, **params)).status_code == 400
    response = comms_client.get(url("statement_results_json", sales_case, **params))
    assert response.status_code == 400 and "error" in response.json()


def test_level_breakdown_uses_level_names(comms_client, sales_case):
    data = comms_client.get(url("statement_results_json", sales_case)).json()
    labels = [cell["label"] for cell in data["by_level"]]
    assert labels == [str(Level.INDIVIDUAL_CONTRIBUTOR.label), str(Level.MANAGER.label)]


def test_trend_chart_leaves_gaps_for_suppressed_periods():
    from brand.vision.services import trend_chart
    from brand.vision.suppression import Cell

    means = {"avg_understand": 4.0, "avg_agree": 3.0, "avg_contribute": 2.0, "answers": 9}
    chart = trend_chart(
        [
            Cell("2026-01", "Jan", 9, means, False),
            Cell("2026-02", "Feb", 2, None, True),
            Cell("2026-03", "Mar", 9, means, False),
            Cell("2026-04", "Apr", 9, means, False),
        ]
    )
    assert [len(line["segments"]) for line in chart.lines] == [2, 2, 2]
    assert [len(line["points"]) for line in chart.lines] == [3, 3, 3]
    agree = chart.lines[1]["points"][0]
    assert agree["y"] == chart.ticks[2]["y"]  # 3.0 sits on the "3" grid line
