"""Vision and brand on the dashboard, against feedback and campaigns counted by hand."""

from datetime import date, datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from brand.models import CampaignPage, FeedbackAnswer
from insights import rollups
from insights.models import ActivityEvent, Verb
from insights.queries import Period, measure_reports
from insights.toplists import top_list_report
from knowledge.models import Acknowledgement
from people.models import Department, Location, Profile
from tests.brand.factories_campaigns import make_campaign
from tests.brand.factories_vision import StatementPageFactory, VisionHubPageFactory
from tests.factories import KnowledgePageFactory, home_page, knowledge_space, restrict_to_groups
from tests.insights.ledger_rows import active, staff

PERIOD = Period(date(2026, 11, 2), date(2026, 11, 15))


def at(day: int, month: int = 11) -> datetime:
    return timezone.make_aware(datetime(2026, month, day, 12))


def _answer(statement, person, day, understand, agree, contribute, month=11):
    profile = Profile.objects.get(user=person)
    FeedbackAnswer.objects.filter(statement=statement, user=person).update(is_latest=False)
    FeedbackAnswer.objects.create(
        statement=statement,
        user=person,
        understand=understand,
        agree=agree,
        contribute=contribute,
        department=profile.department,
        level=profile.level,
        location=profile.location,
        answered_at=at(day, month),
    )


@pytest.fixture
def vision(home, settings):
    """Counted by hand (2-15 Nov; sal, sue, sam in Sales; fay, fin, flo in Finance):

    S1 "Customers first": sal 4/5/3 (3 Nov), sue 2/3/1 (4 Nov), sam 3/4/2 (5 Nov), sal
       again 5/5/5 (10 Nov); sue 1/1/1 on 20 Oct (before the period).
    S2 "Grow": fay 5/2/4, fin 1/2/2 (6 Nov).
    S3 "Board only" (restricted to a group): sal 1/1/1 (3 Nov): counted nowhere.

    Mean of the 6 answers in the period: understand (4+2+3+5+5+1)/6 = 20/6, agree
    (5+3+4+5+2+2)/6 = 21/6, contribute (3+1+2+5+4+2)/6 = 17/6; Sales alone understand
    14/4 = 3.5. Per statement: S1 answered by 3 people: 14/4, 17/4, 11/4; S2 by 2 people:
    not listed; S3 not listed.
    """
    settings.HEARTH_FEEDBACK_MIN_GROUP = 3
    sal, sue, sam = staff(["sal", "sue", "sam"], "Sales")
    fay, fin, flo = staff(["fay", "fin", "flo"], "Finance")
    active([sal, sue, sam], date(2026, 11, 2), "Sales")
    active([fay, fin, flo], date(2026, 11, 2), "Finance")
    hub = VisionHubPageFactory(parent=home_page())
    s1 = StatementPageFactory(parent=hub, title="Customers first")
    s2 = StatementPageFactory(parent=hub, title="Grow")
    s3 = StatementPageFactory(parent=hub, title="Board only")
    restrict_to_groups(s3, Group.objects.create(name="Board"))
    _answer(s1, sue, 20, 1, 1, 1, month=10)
    _answer(s1, sal, 3, 4, 5, 3)
    _answer(s1, sue, 4, 2, 3, 1)
    _answer(s1, sam, 5, 3, 4, 2)
    _answer(s1, sal, 10, 5, 5, 5)
    _answer(s2, fay, 6, 5, 2, 4)
    _answer(s2, fin, 6, 1, 2, 2)
    _answer(s3, sal, 3, 1, 1, 1)
    rollups.build_days(date(2026, 10, 19), date(2026, 11, 15))
    return {"people": (sal, sue, sam, fay, fin, flo)}


def test_understand_agree_contribute_against_the_hand_count(vision):
    keys = ["vision_understand", "vision_agree", "vision_contribute"]
    totals = {r.measure.key: r.total.value for r in measure_reports(keys, PERIOD)}
    assert totals == {
        "vision_understand": pytest.approx(20 / 6),
        "vision_agree": pytest.approx(21 / 6),
        "vision_contribute": pytest.approx(17 / 6),
    }
    (by_department,) = measure_reports(["vision_understand"], PERIOD, by="department")
    assert [(s.key, s.current.value) for s in by_department.slices] == [
        ("Finance", 3.0),
        ("Sales", 3.5),
    ]


def test_per_statement_only_statements_enough_people_answered(vision):
    report = top_list_report("vision_statements", PERIOD)
    assert [(row.label, row.people, row.values) for row in report.rows] == [
        (
            "Customers first",
            3,
            {
                "understand": pytest.approx(3.5),
                "agree": pytest.approx(4.25),
                "contribute": pytest.approx(2.75),
            },
        )
    ]


def test_campaign_reach_and_acknowledgement(vision, settings):
    """ "Customer first" is for Sales (sal, sue, sam), published 25 Oct, its must-read K.
    Opened in the period by sal (3 Nov) and sam (12 and 13 Nov): 2 of 3 = 66.67 %; sue
    opened it on 28 Oct (before); fay opened it but is not in the audience. K acknowledged
    by sal (4 Nov); sue on 20 Nov (after): 1 of 3 = 33.33 %. "Leeds news" is for the one
    person in Leeds: an audience under the threshold, not listed."""
    sal, sue, sam, fay, *_ = vision["people"]
    author = staff(["cora"], "Communications")[0]
    space = knowledge_space("Sales desk", author)
    must = KnowledgePageFactory(parent=space, title="K")
    revision = must.save_revision()
    customer = make_campaign(
        author,
        title="Customer first",
        departments=[Department.objects.get(name="Sales")],
        must_read_page=must,
    )
    leeds = Location.objects.create(name="Leeds")
    staff(["lee"], "Support", location="Leeds")
    make_campaign(author, title="Leeds news", locations=[leeds])
    CampaignPage.objects.update(first_published_at=at(25, month=10))
    page_type = ContentType.objects.get_for_model(CampaignPage)
    ActivityEvent.objects.bulk_create(
        ActivityEvent(
            actor=person,
            verb=Verb.VIEWED,
            target_type=page_type,
            target_id=customer.pk,
            day=day,
        )
        for person, day in (
            (sal, date(2026, 11, 3)),
            (sam, date(2026, 11, 12)),
            (sam, date(2026, 11, 13)),
            (sue, date(2026, 10, 28)),
            (fay, date(2026, 11, 4)),
        )
    )
    for person, moment in ((sal, at(4)), (sue, at(20))):
        Acknowledgement.objects.create(
            page=must, user=person, revision=revision, acknowledged_at=moment
        )
    report = top_list_report("campaigns", PERIOD)
    assert [(row.label, row.people, row.values) for row in report.rows] == [
        (
            "Customer first",
            3,
            {
                "audience": 3,
                "reached": 2,
                "reach": pytest.approx(200 / 3),
                "acknowledged": pytest.approx(100 / 3),
            },
        )
    ]


def test_the_statements_list_takes_two_queries(vision, django_assert_num_queries):
    """The restricted pages, then one grouped query however many answers."""
    with django_assert_num_queries(2):
        top_list_report("vision_statements", PERIOD)
