"""The campaign report: reach, acknowledgements, pulse with suppression, activity over time,
CSV; who may see it; constant queries."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from brand.campaigns.services import campaign_report
from brand.models import CampaignPage, PulseAnswer
from community.models import Reaction, ReactionKind
from insights.models import ActivityEvent
from insights.services import record_view
from knowledge import mustread
from people.models import Department
from tests.brand.factories_campaigns import make_campaign, person
from tests.community.factories import CommentFactory
from tests.factories import (
    DepartmentFactory,
    KnowledgePageFactory,
    UserFactory,
    knowledge_space,
    publish,
)


@pytest.fixture
def setup(comms, django_capture_on_commit_callbacks):
    """Sales (8 people), Support (5) and Service desk (3) are the audience (16); Finance (3)
    is not."""
    sales, support, desk, finance = (
        DepartmentFactory(name=n) for n in ("Sales", "Support", "Service desk", "Finance")
    )
    policy = KnowledgePageFactory(
        parent=knowledge_space("Service"), title="How we answer customers"
    )
    publish(policy, comms)
    with django_capture_on_commit_callbacks(execute=True):
        campaign = make_campaign(
            comms,
            title="Customer first",
            departments=[sales, support, desk],
            must_read_page=policy,
        )
    people = {
        "sales": [person(f"sales{n}", sales) for n in range(8)],
        "support": [person(f"support{n}", support) for n in range(5)],
        "desk": [person(f"desk{n}", desk) for n in range(3)],
        "finance": [person(f"finance{n}", finance) for n in range(3)],
    }
    # Reached: 5 of Sales and 2 of Support opened it (twice does not count twice); Finance too.
    for user in [*people["sales"][:5], *people["support"][:2], *people["finance"]]:
        record_view(user, campaign)
    # Acknowledged the must-read: 3 in the audience, 1 outside it.
    for user in [*people["sales"][:3], people["finance"][0]]:
        mustread.acknowledge(user, policy)
    # Pulse: Sales 6 answers (4s and 5s); Support 2 and Service desk 3: both under 5, so both
    # suppressed, and together (5) they give nothing away. Finance's 3 answers were stored
    # before only the audience could answer: they stay stored and never count.
    for user in people["sales"][:6]:
        PulseAnswer.objects.create(
            campaign=campaign,
            user=user,
            value=5 if user.username < "sales3" else 4,
            department=sales,
        )
    for user in people["support"][:2]:
        PulseAnswer.objects.create(campaign=campaign, user=user, value=1, department=support)
    for user in people["desk"]:
        PulseAnswer.objects.create(campaign=campaign, user=user, value=3, department=desk)
    for user in people["finance"]:
        PulseAnswer.objects.create(campaign=campaign, user=user, value=2, department=finance)
    # Activity: 2 comments and 3 reactions today, 1 comment two days ago.
    now = timezone.now()
    CommentFactory(page=campaign, author=people["sales"][0], created_at=now)
    CommentFactory(page=campaign, author=people["sales"][1], created_at=now)
    old = CommentFactory(page=campaign, author=people["sales"][2])
    old.created_at = now - datetime.timedelta(days=2)
    old.save(update_fields=["created_at"])
    for user in people["sales"][:3]:
        Reaction.objects.create(page=campaign, user=user, kind=ReactionKind.LIKE)
    CampaignPage.objects.filter(pk=campaign.pk).update(
        first_published_at=now - datetime.timedelta(days=3)
    )
    return {"campaign": CampaignPage.objects.get(pk=campaign.pk), "people": people}


def test_communications_see_reach_acknowledgements_pulse_and_chart(setup, comms, signed_in):
    campaign = setup["campaign"]
    response = signed_in(comms).get(f"/brand/campaigns/{campaign.pk}/report/")
    assert response.status_code == 200
    html = response.content.decode()
    report = response.context["report"]
    assert (report.audience, report.reached, report.acknowledged) == (16, 7, 3)
    assert 'data-testid="report-audience">16<' in html
    assert report.pulse_overall.respondents == 11
    cells = {cell.label: cell for cell in report.pulse_by_department}
    assert not cells["Sales"].suppressed
    assert cells["Sales"].values["average"] == pytest.approx(4.5)  # 3 fives, 3 fours
    assert cells["Support"].suppressed and cells["Support"].values is None
    assert cells["Service desk"].suppressed
    assert "Finance" not in cells  # outside the audience
    assert "Not shown (too few answers" in html
    assert '<svg viewBox="0 0 640 200"' in html and 'data-testid="activity-chart"' in html
    periods = report.chart.periods
    assert [p.comments for p in periods] == [0, 1, 0, 2]
    assert [p.reactions for p in periods] == [0, 0, 0, 3]
    assert 'data-testid="activity-table"' in html


def test_the_report_counts_the_audience_in_sql(setup, comms):
    report = campaign_report(comms, setup["campaign"])
    assert report.audience == 16
    assert report.reached == 7
    assert report.acknowledged == 3


def test_answers_stored_from_outside_the_audience_never_count(comms, signed_in):
    """The issue's report: 40 answers from an audience of 21. Rows stored before answering
    was limited to the audience stay, but the report counts the audience only."""
    sales, finance = DepartmentFactory(name="Sales"), DepartmentFactory(name="Finance")
    campaign = make_campaign(comms, departments=[sales])
    audience = [person(f"sales{n}", sales) for n in range(6)]
    outsiders = [person(f"finance{n}", finance) for n in range(8)]
    for user in audience:
        PulseAnswer.objects.create(campaign=campaign, user=user, value=5, department=sales)
    for user in outsiders:  # written directly, as the old code let them
        PulseAnswer.objects.create(campaign=campaign, user=user, value=1, department=finance)
    response = signed_in(comms).get(f"/brand/campaigns/{campaign.pk}/report/")
    report = response.context["report"]
    assert report.audience == 6
    assert report.pulse_overall.respondents == 6 <= report.audience
    assert report.pulse_overall.values["average"] == pytest.approx(5)
    assert sum(count for _value, count in report.pulse_distribution) == 6
    assert [cell.label for cell in report.pulse_by_department] == ["Sales"]
    csv_rows = signed_in(comms).get(f"/brand/campaigns/{campaign.pk}/report.csv").content
    assert "Finance" not in csv_rows.decode()
    assert PulseAnswer.objects.filter(campaign=campaign).count() == 14  # nothing deleted


def test_views_from_outside_the_audience_do_not_add_reach(setup, comms, signed_in):
    campaign = setup["campaign"]
    before = campaign_report(comms, campaign).reached
    outsider = person("olga", DepartmentFactory(name="Legal"))
    assert signed_in(outsider).get(campaign.url).status_code == 200
    assert ActivityEvent.objects.for_target(campaign).filter(actor=outsider).exists()
    assert campaign_report(comms, campaign).reached == before


def test_by_week(setup, comms, signed_in):
    campaign = setup["campaign"]
    response = signed_in(comms).get(f"/brand/campaigns/{campaign.pk}/report/?by=week")
    chart = response.context["report"].chart
    assert chart.granularity == "week"
    assert sum(p.comments for p in chart.periods) == 3
    assert (
        signed_in(comms).get(f"/brand/campaigns/{campaign.pk}/report/?by=nonsense").status_code
        == 200
    )


@pytest.mark.parametrize("suffix", ["report/", "report.csv"])
def test_who_may_see_the_report(setup, suffix, signed_in, client):
    campaign = setup["campaign"]
    url = f"/brand/campaigns/{campaign.pk}/{suffix}"
    admin = UserFactory(username="ada", roles=["Administrators"])
    assert signed_in(admin).get(url).status_code == 200
    assert signed_in(setup["people"]["sales"][0]).get(url).status_code == 403
    editor = UserFactory(username="eddie", roles=["Editors", "Employees"])
    assert signed_in(editor).get(url).status_code == 403
    guest = person("gus", roles=["Guests"])
    assert signed_in(guest).get(url).status_code == 404
    assert client.get(url).status_code == 302  # sign in first
    comms = UserFactory(username="cora")
    assert signed_in(comms).get("/brand/campaigns/999999/report/").status_code == 404


def test_the_csv_is_formula_safe_and_suppressed_cells_are_blank(setup, comms, signed_in):
    campaign = setup["campaign"]
    Department.objects.filter(name="Sales").update(name="=HYPERLINK(evil)")
    response = signed_in(comms).get(f"/brand/campaigns/{campaign.pk}/report.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["section", "group", "count"]
    assert rows[1][:3] == ["reach", "audience", "16"]
    assert rows[2][:3] == ["reach", "reached", "7"]
    assert rows[3][:3] == ["reach", "acknowledged", "3"]
    pulse = {row[1]: row for row in rows if row[0] == "pulse"}
    assert pulse["overall"][2] == "11"
    assert pulse["'=HYPERLINK(evil)"][2:4] == ["6", "4.50"]
    assert pulse["Support"][2:5] == ["", "", ""]
    assert pulse["Support"][7].startswith("suppressed")
    activity = [row for row in rows if row[0] == "activity"]
    assert sum(int(row[5]) for row in activity) == 3


@pytest.mark.parametrize("extra", [0, 40])
def test_the_report_costs_the_same_queries_for_any_audience(
    extra, setup, comms, signed_in, django_assert_num_queries
):
    sales = Department.objects.get(name="Sales")
    for n in range(extra):
        user = person(f"more{n}", sales)
        record_view(user, setup["campaign"])
        PulseAnswer.objects.create(campaign=setup["campaign"], user=user, value=3, department=sales)
    client = signed_in(comms)
    client.get(f"/brand/campaigns/{setup['campaign'].pk}/report/")
    with django_assert_num_queries(REPORT_QUERIES):
        response = client.get(f"/brand/campaigns/{setup['campaign'].pk}/report/")
    assert response.context["report"].audience == 16 + extra


# Session, user, groups, campaign, content type, reach (one COUNT), pulse overall,
# distribution, by department, comments and reactions per period, must-read page title,
# brand setting, navigation, notifications.
# 18 before issue 19 (the user with its permissions in one query).
# 17 before the chrome was cached (issue 19: site, routing, permissions, settings,
# navigation from the cache).
# Issue 19's last mile, -1: the header's unread count is kept per reader under their own
# version (community.notifications.services.unread_count). 12 before.
REPORT_QUERIES = 11
