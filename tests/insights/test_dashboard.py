"""The insights dashboard (/insights/) through the real views: a ledger counted by hand,
who may open each URL, suppression on screen, in CSV and in JSON, bad questions, and the
number of queries whatever the period and the number of departments."""

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse
from django.utils import timezone

from core.roles import Role
from insights import rollups
from insights.dashboard import people as dashboard_people
from insights.dashboard import urls as dashboard_urls
from insights.models import ActivityEvent, DailyRollup, Verb
from people.models import Department, Location, Profile
from tests.factories import UserFactory
from tests.insights.ledger_rows import row, write

FIRST, LAST = date(2026, 11, 2), date(2026, 11, 15)  # two weeks, Monday to Sunday
QUESTION = {"start": FIRST.isoformat(), "end": LAST.isoformat(), "by": "department"}


def _staff(name: str, department: str):
    person = UserFactory(username=name, roles=[Role.EMPLOYEES])
    Profile.objects.filter(user=person).update(
        department=Department.objects.get_or_create(name=department)[0],
        location=Location.objects.get_or_create(name="Berlin")[0],
        level="ic",
        start_date=EMPLOYED_SINCE,
    )
    return person


# Staff made today start today (their start date defaults to the day joined): the
# fixtures' people were employed long before the periods they are counted in.
EMPLOYED_SINCE = date(2025, 1, 1)


@pytest.fixture
def ledger(db, settings):
    """Staff: Sales 6 (s1-s6), Finance 4 (f1-f4), Legal 2 (l1, l2): 12. Counted by hand,
    with a threshold of 3:

    previous period (19 Oct - 1 Nov): s1, s2, s3 viewed; s1 commented once.
    week of 2 Nov: s1-s4 viewed, s1 commented twice (2 Nov); f1-f3 viewed, l1 and l2
        viewed (3 Nov); l1 commented (4 Nov).
    week of 9 Nov: s1 viewed, s2 reacted, f1 commented (10 Nov).

    Readers: 9 (Sales 4; Finance 3 and Legal 2 pooled into one block of 5: both hidden,
    so the total minus Sales is the block, never Legal alone); before: 3 (Sales 3).
    Share of staff (the 12 and the sponsor who reads the page, in no department: 13):
    9 / 13 = 69.2 %; Sales 4 / 6 = 66.7 %; before 3 / 13 = 23.1 %; a change of 46.2 pts.
    Comments: 2 + 1 + 1 = 4 (Sales 2), before 1. Weekly readers: 9, 1; comments: 3, 1.
    Contributions per active person: (4 comments + 1 reaction) / 9 people = 0.56;
    Sales (2 + 1) / 4 = 0.75.
    """
    settings.HEARTH_FEEDBACK_MIN_GROUP = 3
    people = {f"s{n}": _staff(f"s{n}", "Sales") for n in range(1, 7)}
    people |= {f"f{n}": _staff(f"f{n}", "Finance") for n in range(1, 5)}
    people |= {f"l{n}": _staff(f"l{n}", "Legal") for n in range(1, 3)}
    department = {"s": "Sales", "f": "Finance", "l": "Legal"}

    def did(name, verb, day):
        return row(people[name], verb, day, department[name[0]], "ic", "Berlin")

    oct20, nov2, nov3, nov4, nov10 = (
        date(2026, 10, 20),
        date(2026, 11, 2),
        date(2026, 11, 3),
        date(2026, 11, 4),
        date(2026, 11, 10),
    )
    write(
        [
            did("s1", Verb.VIEWED, oct20),
            did("s2", Verb.VIEWED, oct20),
            did("s3", Verb.VIEWED, oct20),
            did("s1", Verb.COMMENTED, date(2026, 10, 21)),
            *(did(f"s{n}", Verb.VIEWED, nov2) for n in range(1, 5)),
            did("s1", Verb.COMMENTED, nov2),
            did("s1", Verb.COMMENTED, nov2),
            *(did(f"f{n}", Verb.VIEWED, nov3) for n in range(1, 4)),
            did("l1", Verb.VIEWED, nov3),
            did("l2", Verb.VIEWED, nov3),
            did("l1", Verb.COMMENTED, nov4),
            did("s1", Verb.VIEWED, nov10),
            did("s2", Verb.REACTED, nov10),
            did("f1", Verb.COMMENTED, nov10),
        ]
    )
    rollups.build_days(date(2026, 10, 1), date(2026, 11, 30))
    return people


@pytest.fixture
def sponsor(db):
    person = UserFactory(username="spon", roles=[Role.EMPLOYEES, Role.SPONSORS])
    Profile.objects.filter(user=person).update(start_date=EMPLOYED_SINCE)
    return person


@pytest.fixture
def sponsor_client(sponsor, signed_in):
    return signed_in(sponsor)


def _html(client, **params):
    response = client.get(reverse("insights:dashboard"), {**QUESTION, **params})
    assert response.status_code == 200, response.content.decode()[:3000]
    return response.content.decode()


def _testid(html: str, testid: str) -> str:
    """The text inside the element marked `testid` (tags dropped)."""

    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</(dd|table|svg)>', html, re.S)
    assert match, testid
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def _export(client, key: str, fmt: str, **params):
    response = client.get(
        reverse("insights:table", args=[key]), {**QUESTION, "format": fmt, **params}
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    return response


# -- figures counted by hand, through the page ------------------------------------------


def test_the_page_shows_the_hand_counted_figures(ledger, sponsor_client):
    html = _html(sponsor_client)
    assert _testid(html, "current-active_readers") == "9"
    assert _testid(html, "previous-active_readers") == "3"
    assert _testid(html, "change-active_readers") == "+6"
    assert _testid(html, "current-active_readers_share") == "69.2 %"
    assert _testid(html, "previous-active_readers_share") == "23.1 %"
    assert _testid(html, "change-active_readers_share") == "+46.2 pts"
    assert _testid(html, "current-comments") == "4"
    assert _testid(html, "previous-comments") == "1"
    assert _testid(html, "current-contributions_per_person") == "0.56"
    slices = _testid(html, "slices-active_readers")
    assert "Sales" in slices and "4" in slices
    assert _testid(html, "slices-contributions_per_person").count("0.75") == 1
    weekly = _testid(html, "weekly-comments")
    assert "2 Nov 2026" in weekly and "9 Nov 2026" in weekly
    assert 'data-testid="section-adoption"' in html
    assert 'data-testid="section-engagement"' in html


def test_weekly_figures_by_hand_in_json(ledger, sponsor_client):
    readers = _export(sponsor_client, "active_readers", "json").json()
    assert [(w["week"], w["value"]) for w in readers["weekly"]] == [
        ("2026-11-02", 9.0),
        ("2026-11-09", 1.0),
    ]
    comments = _export(sponsor_client, "comments", "json").json()
    assert [w["value"] for w in comments["weekly"]] == [3.0, 1.0]
    share = _export(sponsor_client, "active_readers_share", "json").json()
    assert share["total"]["current"]["value"] == pytest.approx(900 / 13)
    sales = next(s for s in share["slices"] if s["key"] == "Sales")
    assert sales["current"]["value"] == pytest.approx(400 / 6)


# -- headcount per period: who was employed then, not who is now ----------------------------


def test_shares_divide_by_the_periods_headcount(ledger, sponsor_client):
    """Two more Sales people: one left on 25 Oct (in the previous period, not this one),
    one started on 11 Nov (mid-period: in it, and in its second week only). This period:
    13 + the starter = 14, 9 / 14 = 64.3 %, Sales 4 / 7; the previous period: 13 + the
    leaver = 14, 3 / 14 = 21.4 %; week of 2 Nov 9 / 13, week of 9 Nov 1 / 14."""
    gone, new = _staff("gone", "Sales"), _staff("new", "Sales")
    Profile.objects.filter(user=gone).update(leave_date=date(2026, 10, 25))
    Profile.objects.filter(user=new).update(start_date=date(2026, 11, 11))
    share = _export(sponsor_client, "active_readers_share", "json").json()
    assert share["total"]["current"]["value"] == pytest.approx(900 / 14)
    assert share["total"]["previous"]["value"] == pytest.approx(300 / 14)
    sales = next(s for s in share["slices"] if s["key"] == "Sales")
    assert sales["current"]["value"] == pytest.approx(400 / 7)
    assert sales["previous"]["value"] == pytest.approx(300 / 7)
    assert [w["value"] for w in share["weekly"]] == [
        pytest.approx(900 / 13),
        pytest.approx(100 / 14),
    ]
    # Small groups are still suppressed, whatever the headcount.
    legal = next(s for s in share["slices"] if s["key"] == "Legal")
    assert legal["current"]["suppressed"] and legal["current"]["value"] is None


def test_a_deactivated_account_leaves_the_later_headcount(ledger, sponsor_client):
    """Deactivating a person sets their leave date to today: this period (in November)
    still counts them, a period starting tomorrow does not."""
    person = ledger["s6"]
    person.is_active = False
    person.save()
    assert Profile.objects.get(user=person).leave_date == timezone.localdate()
    share = _export(sponsor_client, "active_readers_share", "json").json()
    assert share["total"]["current"]["value"] == pytest.approx(900 / 13)
    tomorrow = timezone.localdate() + timedelta(days=1)
    staff = dashboard_people.headcount("department", [(tomorrow, tomorrow)])[0]
    assert staff["Sales"] == 5


# -- suppression: the department of two, in every format -------------------------------


def test_a_department_of_two_is_fewer_than_three_on_screen(ledger, sponsor_client):
    html = _html(sponsor_client)
    slices = _testid(html, "slices-active_readers")
    legal = slices[slices.index("Legal") :]
    assert legal.split("Finance")[0].count("fewer than 3") >= 1
    assert "fewer than 3" in slices[slices.index("Finance") :]
    # The bars: one bar (Sales); Legal and Finance get the words, no bar, no number.
    bars = html[html.index('data-testid="bars-active_readers"') :]
    bars = bars[: bars.index("</svg>")]
    assert bars.count("<rect") == 1
    assert bars.count("fewer than 3") == 2


def test_a_department_of_two_is_fewer_than_three_in_csv(ledger, sponsor_client):
    body = _export(sponsor_client, "active_readers", "csv").content.decode()
    rows = {r[1]: r for r in csv.reader(io.StringIO(body)) if r[0] == "slice"}
    assert rows["Legal"][2] == "fewer than 3"
    assert rows["Finance"][2] == "fewer than 3"
    assert rows["Sales"][2] == "4"
    total = next(r for r in csv.reader(io.StringIO(body)) if r[0] == "total")
    assert total[2] == "9"


@pytest.mark.parametrize(
    "key", ["active_readers", "active_readers_share", "comments", "contributions_per_person"]
)
def test_a_department_of_two_is_fewer_than_three_in_json(ledger, sponsor_client, key):
    body = _export(sponsor_client, key, "json").json()
    legal = next(s for s in body["slices"] if s["key"] == "Legal")
    assert legal["current"] == {"value": None, "suppressed": True, "text": "fewer than 3"}
    assert "2" not in json.dumps(legal)


@pytest.mark.parametrize("key", ["active_readers", "comments", "contributions_per_person"])
def test_the_small_department_cannot_be_worked_out_from_the_total(ledger, sponsor_client, key):
    """Total minus every shown slice is the hidden slices together: never Legal alone."""
    body = _export(sponsor_client, key, "json").json()
    hidden = [s for s in body["slices"] if s["current"]["suppressed"]]
    assert {s["key"] for s in hidden} >= {"Legal"}
    assert body["total"]["current"]["suppressed"] or len(hidden) >= 2


def test_the_previous_period_of_an_empty_department_is_hidden_not_zero(ledger, sponsor_client):
    body = _export(sponsor_client, "active_readers", "json").json()
    finance = next(s for s in body["slices"] if s["key"] == "Finance")
    assert finance["previous"]["suppressed"] and finance["change"]["suppressed"]


# -- who may open each URL ---------------------------------------------------------------

ALLOWED = {Role.COMMUNICATIONS, Role.ADMINISTRATORS, Role.SPONSORS}


def _every_url() -> list[str]:
    urls = []
    for pattern in dashboard_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        kwargs = dict.fromkeys(pattern.pattern.converters, "active_readers")
        urls.append(reverse(f"insights:{pattern.name}", kwargs=kwargs) + "?format=csv")
    return urls


def test_the_url_list_is_what_the_feature_has():
    assert len(_every_url()) == len(dashboard_urls.urlpatterns) == 2


@pytest.mark.parametrize("url", _every_url())
@pytest.mark.parametrize("role", list(Role))
def test_each_role_on_each_url(db, signed_in, role, url):
    roles = [role] if role == Role.GUESTS else [Role.EMPLOYEES, role]
    response = signed_in(UserFactory(roles=roles)).get(url)
    if role in ALLOWED:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "You don't have access to this" in response.content.decode()
        assert "sponsors, communications and administrators" in response.content.decode()


@pytest.mark.parametrize("url", _every_url())
def test_anonymous_people_are_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", _every_url())
def test_a_superuser_may_open_each_url(db, signed_in, url):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert signed_in(admin).get(url).status_code == 200


def test_the_sponsors_role_holds_the_permission_and_nothing_else(db):
    sponsors = Group.objects.get(name=Role.SPONSORS)
    assert [f"{p.content_type.app_label}.{p.codename}" for p in sponsors.permissions.all()] == [
        "insights.view_insights"
    ]
    for role in ALLOWED:
        assert Group.objects.get(name=role).permissions.filter(codename="view_insights").exists()


def test_a_permission_granted_by_hand_opens_the_dashboard(db, signed_in):
    """The permission decides, not the role's name: an administrator may grant it."""
    group = Group.objects.create(name="Board")
    group.permissions.add(
        Group.objects.get(name=Role.SPONSORS).permissions.get(codename="view_insights")
    )
    person = UserFactory(roles=[Role.EMPLOYEES])
    person.groups.add(group)
    assert signed_in(person).get(reverse("insights:dashboard")).status_code == 200


def test_insights_is_in_the_navigation_only_for_those_who_may_see_it(
    db, home, signed_in, sponsor_client
):
    assert 'data-testid="nav-insights"' in sponsor_client.get("/").content.decode()
    employee = signed_in(UserFactory(roles=[Role.EMPLOYEES]))
    assert 'data-testid="nav-insights"' not in employee.get("/").content.decode()


def test_links_go_only_where_the_viewer_may_go(ledger, signed_in):
    """Searches link to the search analytics: administrators may read them, sponsors not."""
    question = {"start": "2026-11-02", "end": "2026-11-15"}
    admin = signed_in(UserFactory(roles=[Role.EMPLOYEES, Role.ADMINISTRATORS]))
    sponsor = signed_in(UserFactory(roles=[Role.EMPLOYEES, Role.SPONSORS]))
    link = f'href="{reverse("search_analytics")}"'
    assert link in admin.get(reverse("insights:dashboard"), question).content.decode()
    assert link not in sponsor.get(reverse("insights:dashboard"), question).content.decode()


LISTS = {
    "zero_result_rate": ("search_analytics", "?report=no_results"),
    "no_click_rate": ("search_analytics", "?report=no_clicks"),
    "search_helpful": ("search_analytics", ""),
    "stale_pages": ("knowledge_stale_report", "?status=stale"),
    "review_due": ("knowledge_stale_report", "?status=overdue"),
}


@pytest.mark.parametrize("key", LISTS)
def test_a_figure_links_to_its_list_for_an_administrator(ledger, signed_in, key):
    name, query = LISTS[key]
    admin = signed_in(UserFactory(roles=[Role.EMPLOYEES, Role.ADMINISTRATORS]))
    html = admin.get(reverse("insights:dashboard"), QUESTION).content.decode()
    url = reverse(name) + query.replace("&", "&amp;")
    assert f'href="{url}" data-testid="link-{key}"' in html
    assert admin.get(reverse(name) + query).status_code == 200


@pytest.mark.parametrize(
    ("role", "key"),
    [
        # Communications read the insights but not the search analytics (an admin report).
        (Role.COMMUNICATIONS, "zero_result_rate"),
        (Role.COMMUNICATIONS, "no_click_rate"),
        (Role.COMMUNICATIONS, "search_helpful"),
        # Sponsors read the insights and no report at all.
        (Role.SPONSORS, "stale_pages"),
        (Role.SPONSORS, "review_due"),
    ],
)
def test_a_viewer_who_may_not_open_the_list_sees_the_figure_without_a_link(
    ledger, signed_in, role, key
):
    """The attacker: the figure shows, no link to the list, and the list itself is refused
    when they type its address: a 403 for someone who may enter the admin (communications),
    the sign-in page for someone who may not (Wagtail's admin wall: sponsors)."""
    name, query = LISTS[key]
    viewer = signed_in(UserFactory(roles=[Role.EMPLOYEES, Role.SPONSORS, role]))
    html = viewer.get(reverse("insights:dashboard"), QUESTION).content.decode()
    assert f'id="figure-{key}"' in html
    assert f'data-testid="link-{key}"' not in html
    assert f'href="{reverse(name)}' not in html
    response = viewer.get(reverse(name) + query)
    if role == Role.COMMUNICATIONS:
        assert response.status_code == 403
    else:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# -- bad questions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-11-15", "end": "2026-11-02"}, "ends before it starts"),
        ({"start": "2026-11-02", "end": "2999-01-01"}, "cannot end in the future"),
        ({"start": "2026-13-45", "end": "2026-11-02"}, "Enter a valid date"),
        ({"start": "2026-11-02"}, "Give both dates"),
        ({"start": "2020-01-01", "end": "2026-11-02"}, "two years long at most"),
        ({"start": "0001-01-01", "end": "0001-01-02"}, "cannot start before"),
        ({"by": "salary"}, "Select a valid choice"),
        ({"preset": "decade"}, "Select a valid choice"),
    ],
)
def test_a_bad_question_is_a_400_with_the_reason(ledger, sponsor_client, params, message):
    before = (ActivityEvent.objects.count(), DailyRollup.objects.count())
    for url in (reverse("insights:dashboard"), reverse("insights:table", args=["comments"])):
        response = sponsor_client.get(url, {"format": "csv", **params})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert (ActivityEvent.objects.count(), DailyRollup.objects.count()) == before


@pytest.mark.parametrize(
    ("key", "params", "message"),
    [
        ("nothing", {"format": "csv"}, "There is no table called"),
        ("comments", {"format": "xml"}, "Select a valid choice"),
        ("comments", {}, "This field is required"),
    ],
)
def test_a_bad_export_is_a_400(ledger, sponsor_client, key, params, message):
    response = sponsor_client.get(reverse("insights:table", args=[key]), {**QUESTION, **params})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_presets_end_yesterday(db, sponsor_client):
    response = sponsor_client.get(reverse("insights:dashboard"), {"preset": "year"})
    assert response.status_code == 200
    body = sponsor_client.get(
        reverse("insights:table", args=["comments"]), {"preset": "quarter", "format": "json"}
    ).json()

    yesterday = timezone.localdate() - timedelta(days=1)
    assert body["period"] == {
        "from": (yesterday - timedelta(days=90)).isoformat(),
        "to": yesterday.isoformat(),
    }


# -- queries: the same whatever the period and the number of departments ------------------


def _organisation(departments: int):
    """`departments` departments of 4 people, each active every day of 2026 so far."""
    events, day = [], date(2025, 11, 1)
    people = []
    for d in range(departments):
        for n in range(4):
            people.append((_staff(f"p{d}-{n}", f"Dept {d:02}"), f"Dept {d:02}"))
    while day <= date(2026, 11, 30):
        if day.day in (3, 17):
            for person, department in people:
                events.append(row(person, Verb.VIEWED, day, department, "ic", "Berlin"))
                events.append(row(person, Verb.COMMENTED, day, department, "ic", "Berlin"))
        day += timedelta(days=1)
    write(events)
    rollups.build_days(date(2025, 11, 1), date(2026, 11, 30))


def _queries(client, weeks: int) -> int:
    last = date(2026, 11, 29)
    question = {"start": (last - timedelta(days=7 * weeks - 1)).isoformat(), "end": last}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("insights:dashboard"), question)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("departments", [2, 12])
def test_queries_do_not_grow_with_departments_or_weeks(db, home, sponsor_client, departments):
    _organisation(departments)
    _queries(sponsor_client, 1)  # warm: the site, content types and the session, once
    assert _queries(sponsor_client, 4) == _queries(sponsor_client, 52) == DASHBOARD_QUERIES


# Every measure (the ledger's and those knowledge, search, questions and vision register)
# is read in one `measure_reports` of six queries (insights.queries: people by whole
# months, weeks and end days in one, by whole and part weeks, the slices' names; summed
# measures by months and end days in one, and day totals); the rest is the page. It was 82
# with two or three queries per measure, then 18 before the shared chrome (routing,
# permissions, settings) came from the cache, 13 before the UNION ALLs. Constant, however
# many weeks or slices.
# Issue 19's last mile, -1: the header's unread count is kept per reader under their own
# version (community.notifications.services.unread_count). The figure links ask each
# rule once (insights.dashboard.links: stale pages and review due share the stale report's
# rule, which reads the spaces the viewer owns). 12 before.
DASHBOARD_QUERIES = 11
