"""Communications open a campaign's report in real Chromium: the audience figures and the
chart of comments and reactions."""

import pytest

from brand.models import PulseAnswer
from community.models import Reaction, ReactionKind
from insights.services import record_view
from tests.brand.factories_campaigns import make_campaign, person
from tests.browser.conftest import open_as
from tests.community.factories import CommentFactory
from tests.factories import DepartmentFactory, UserFactory


@pytest.fixture
def campaign(site_data):
    sales = DepartmentFactory(name="Sales")
    comms = UserFactory(username="cora", first_name="Cora", roles=["Communications", "Employees"])
    campaign = make_campaign(comms, title="Customer first", departments=[sales])
    people = [person(f"seller{n}", sales) for n in range(6)]
    for number, user in enumerate(people):
        PulseAnswer.objects.create(campaign=campaign, user=user, value=4, department=sales)
        if number < 4:
            record_view(user, campaign)
    CommentFactory(page=campaign, author=people[0])
    Reaction.objects.create(page=campaign, user=people[1], kind=ReactionKind.LIKE)
    return campaign


def test_communications_open_a_campaign_report_with_its_chart(page, campaign):
    open_as(page, "cora", campaign.url)
    page.get_by_test_id("campaign-report-link").click()

    page.get_by_role("heading", name="Campaign report: Customer first").wait_for()
    assert page.get_by_test_id("report-audience").inner_text() == "6"
    assert page.get_by_test_id("report-reached").inner_text().startswith("4")
    assert "4.0" in page.get_by_test_id("pulse-overall").inner_text()

    chart = page.get_by_test_id("activity-chart")
    assert chart.is_visible()
    assert chart.evaluate("node => node.tagName.toLowerCase()") == "svg"
    assert chart.locator("rect").count() >= 2  # a comments bar and a reactions bar per period
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 80

    page.get_by_text("The figures as a table").click()
    assert page.get_by_test_id("activity-table").is_visible()
