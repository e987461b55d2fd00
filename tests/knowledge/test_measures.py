"""Knowledge health on the dashboard, against pages and acknowledgements counted by hand."""

from datetime import date, datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Revision

from insights import rollups
from insights.queries import Period, measure_reports
from knowledge.models import Acknowledgement, KnowledgePage, MustRead, Verification
from people.models import Department
from tests.factories import KnowledgePageFactory, knowledge_space, restrict_to_groups
from tests.insights.ledger_rows import active, staff

PERIOD = Period(date(2026, 11, 2), date(2026, 11, 15))  # 14 days


def at(day: int, hour: int = 12, month: int = 11) -> datetime:
    return timezone.make_aware(datetime(2026, month, day, hour))


def _page(space, title, *, published, interval=None, owner=None, verified=()):
    page = KnowledgePageFactory(
        parent=space, title=title, review_interval_days=interval, content_owner=owner
    )
    KnowledgePage.objects.filter(pk=page.pk).update(first_published_at=published)
    Verification.objects.bulk_create(Verification(page=page, verified_at=m) for m in verified)
    return page


@pytest.fixture
def health(home, settings):
    """Counted by hand over 2-15 Nov (14 days), pages as they were at the end of each day:

    A  published 1 Jan, every 365 days, verified 1 Jun: verified all 14 days.
    B  published 1 Jan, every 30 days, verified 20 Oct (due 19 Nov): verified 14 days.
    C  published 1 Jan, every 30 days, never verified: due 31 Jan, stale from 2 Mar: stale
       14 days.
    D  published 9 Nov 12:00, no owner, never verified: live 9-15 Nov (7 days), due all 7.
    F  every 40 days, verified 1 Oct 12:00, so due 10 Nov 12:00: verified 2-9 Nov (8 days),
       due 10-15 Nov (6 days).
    P  in a private space (a group only): counted nowhere, whoever looks.

    Live page-days 4 x 14 + 7 = 63; verified 14 + 14 + 8 = 36 -> 36 / 63 = 57.14 %.
    Due page-days 7 + 6 = 13 -> 13 / 14 a day; stale 14 / 14 = 1; without owner 7 / 14.

    Must-read: A, for the Sales department (sal, sue, sam), set 1 Nov 10:00. sal
    acknowledged 3 Nov 12:00 (after 2 days 2 hours = 180,000 s), sue 10 Nov 10:00 (after 9
    days = 777,600 s), sam never. Done at the end of each day: 2 Nov 0; 3-9 Nov 1 (7 days);
    10-15 Nov 2 (6 days): 0 + 7 + 12 = 19 of 3 x 14 = 42 -> 45.24 %. Median time to
    acknowledge: 3 Nov 180,000 (1), 10 Nov 777,600 (1) -> the days' medians weighed by
    their counts: 478,800 s.
    """
    settings.HEARTH_FEEDBACK_MIN_GROUP = 3
    sal, sue, sam = staff(["sal", "sue", "sam"], "Sales")
    for day in (date(2026, 11, 2), date(2026, 11, 10)):  # enough people for figures
        active([sal, sue, sam], day, "Sales")
    owner = sal
    space = knowledge_space("IT Help", owner)
    jan1 = at(1, month=1)
    a = _page(space, "A", published=jan1, interval=365, owner=owner, verified=[at(1, month=6)])
    _page(space, "B", published=jan1, interval=30, owner=owner, verified=[at(20, month=10)])
    _page(space, "C", published=jan1, interval=30, owner=owner)
    _page(space, "D", published=at(9), interval=30)
    _page(space, "F", published=jan1, interval=40, owner=owner, verified=[at(1, month=10)])
    private = knowledge_space("Board", owner)
    restrict_to_groups(private, Group.objects.create(name="Board"))
    _page(private, "P", published=jan1, interval=30, verified=[at(1, month=10)])

    must_read = MustRead.objects.create(page=a, set_at=at(1, hour=10))
    must_read.departments.add(Department.objects.get(name="Sales"))
    revision = a.save_revision()
    Revision.objects.filter(pk=revision.pk).update(created_at=jan1)
    Acknowledgement.objects.create(page=a, user=sal, revision=revision, acknowledged_at=at(3))
    Acknowledgement.objects.create(
        page=a, user=sue, revision=revision, acknowledged_at=at(10, hour=10)
    )
    rollups.build_days(date(2026, 10, 1), date(2026, 11, 30))


HAND_COUNTED = {
    "verified_share": 100.0 * 36 / 63,
    "review_due": 13 / 14,
    "stale_pages": 1.0,
    "pages_without_owner": 0.5,
    "must_read_completion": 100.0 * 19 / 42,
    "time_to_acknowledge": 478_800.0,
}


def test_each_knowledge_measure_against_the_hand_count(health):
    reports = {r.measure.key: r for r in measure_reports(list(HAND_COUNTED), PERIOD)}
    for key, expected in HAND_COUNTED.items():
        assert reports[key].total.value == pytest.approx(expected), key
        assert reports[key].measure.section == "knowledge"


def test_one_day_of_the_review_states(health):
    """10 Nov alone: live A B C D F = 5; verified A B = 2 (40 %); due D F = 2; stale C."""
    day = Period(date(2026, 11, 10), date(2026, 11, 10))
    figures = {
        r.measure.key: r.total.value
        for r in measure_reports(["verified_share", "review_due", "stale_pages"], day)
    }
    assert figures == {"verified_share": 40.0, "review_due": 2.0, "stale_pages": 1.0}


def test_must_read_completion_by_department(health):
    """All three of the audience are in Sales: the slice is the total."""
    (report,) = measure_reports(["must_read_completion"], PERIOD, by="department")
    assert [(s.key, s.current.value) for s in report.slices] == [
        ("Sales", pytest.approx(100.0 * 19 / 42))
    ]
