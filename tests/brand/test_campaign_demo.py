"""The campaigns and announcements demo content: what it makes, and that a second run
changes nothing."""

from brand.campaigns.services import campaign_report
from brand.models import AnnouncementPage, CampaignPage, PulseAnswer
from demo.loaders import brand_campaigns as demo
from tests.brand.factories_campaigns import person
from tests.factories import DepartmentFactory, UserFactory


def test_the_demo_is_complete_and_idempotent(db):
    comms = UserFactory(username="comms", roles=["Communications", "Employees"])
    for name, (count, _values) in demo.PULSE_PLAN.items():
        department = DepartmentFactory(name=name)
        for number in range(count + 1):
            person(f"{name[:3].lower()}{number}", department)
    lines: list[str] = []
    demo.seed(lines.append, "unused")
    demo.seed(lines.append, "unused")  # again: nothing new
    assert "campaigns already there" in lines and "announcements already there" in lines

    live = CampaignPage.objects.get(slug="customer-first")
    scheduled = CampaignPage.objects.get(slug="speak-up-week")
    assert live.live and not scheduled.live
    assert scheduled.revisions.filter(approved_go_live_at__isnull=False).count() == 1
    assert scheduled.status_string == "scheduled"
    assert PulseAnswer.objects.filter(campaign=live).count() == 23
    report = campaign_report(comms, live)
    assert report.audience == 27  # Sales, Operations, Finance, People & HR
    assert report.pulse_overall.respondents == 23  # every demo answer is from the audience
    suppressed = {cell.label for cell in report.pulse_by_department if cell.suppressed}
    assert suppressed == {"Finance", "People & HR"}
    assert report.chart.total_comments == 5

    announcements = AnnouncementPage.objects.all()
    assert announcements.count() == 5
    assert announcements.filter(pinned=True).count() == 1
    assert announcements.filter(expired=True, live=False).count() == 1
    assert announcements.filter(audience_everyone=False).count() == 1
