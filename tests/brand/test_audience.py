"""The audience rule of campaigns and announcements (brand.audience.services), both sides."""

import pytest
from django.contrib.auth.models import Group

from brand.audience import services as audience
from brand.campaigns.services import standing_of
from brand.models import CampaignPage
from core.policy import Action, policy
from people.models import Level
from tests.brand.factories_campaigns import make_campaign, person
from tests.factories import DepartmentFactory, LocationFactory


@pytest.fixture
def people(db):
    sales = DepartmentFactory(name="Sales")
    berlin = LocationFactory(name="Berlin")
    auditors = Group.objects.create(name="Auditors")
    crowd = {
        "sam": person("sam", sales),
        "bert": person("bert", location=berlin),
        "max": person("max", level=Level.MANAGER),
        "gina": person("gina"),
        "nobody": person("nobody"),
        "guest": person("guest", sales, roles=["Guests"]),
        "gone": person("gone", sales, is_active=False),
        "root": person("root", is_superuser=True, roles=[]),
    }
    crowd["gina"].groups.add(auditors)
    return {"people": crowd, "sales": sales, "berlin": berlin, "auditors": auditors}


def names(users):
    return set(users.values_list("username", flat=True))


def check_both_sides(campaign, expected, crowd):
    """audience_users, in_audience and audience_pages_for agree, person by person."""
    assert names(audience.audience_users(campaign)) >= expected
    pages = CampaignPage.objects.filter(pk=campaign.pk)
    for username, user in crowd.items():
        inside = username in expected
        assert audience.in_audience(user, campaign) is inside, username
        assert audience.audience_pages_for(user, pages).exists() is inside, username
        assert standing_of(user, campaign).in_audience is inside, username


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"departments": "sales"}, {"sam"}),
        ({"locations": "berlin"}, {"bert"}),
        ({"levels": [Level.MANAGER]}, {"max"}),
        ({"groups": "auditors"}, {"gina"}),
        (
            {"departments": "sales", "locations": "berlin", "levels": [Level.MANAGER]},
            {"sam", "bert", "max"},  # a union, as for must-reads
        ),
    ],
)
def test_each_part_of_the_rule(rule, expected, people, comms):
    parts = {
        key: ([people[value]] if isinstance(value, str) else value) for key, value in rule.items()
    }
    campaign = make_campaign(comms, **parts)
    check_both_sides(campaign, expected, people["people"])
    assert names(audience.audience_users(campaign)) == expected


def test_everyone_means_active_staff_not_guests(people, comms):
    campaign = make_campaign(comms, everyone=True)
    everyone = names(audience.audience_users(campaign))
    assert {"sam", "bert", "max", "gina", "nobody", "root", "cora"} <= everyone
    assert "guest" not in everyone  # guests: campaigns are for staff
    assert "gone" not in everyone  # inactive accounts
    check_both_sides(campaign, {"sam", "bert", "max", "gina", "nobody", "root"}, people["people"])


def test_superusers_are_not_automatically_in_the_audience(people, comms):
    campaign = make_campaign(comms, departments=[people["sales"]])
    assert not audience.in_audience(people["people"]["root"], campaign)


def test_a_guest_in_the_department_is_still_out(people, comms):
    campaign = make_campaign(comms, departments=[people["sales"]])
    assert not audience.in_audience(people["people"]["guest"], campaign)
    assert not policy.user_has_permission(people["people"]["guest"], Action.STAFF)
    assert policy.user_has_permission(people["people"]["sam"], Action.STAFF)


def test_the_page_side_costs_no_query_of_its_own(people, comms, django_assert_num_queries):
    make_campaign(comms, departments=[people["sales"]], levels=[Level.MANAGER])
    sam = people["people"]["sam"]
    with django_assert_num_queries(1):
        assert len(list(audience.audience_pages_for(sam, CampaignPage.objects.all()))) == 1


def test_an_empty_audience_is_detected(people):
    empty = DepartmentFactory(name="Nobody works here")
    assert audience.audience_is_empty(everyone=False, departments=[empty.pk])
    assert not audience.audience_is_empty(everyone=False, departments=[people["sales"].pk])
    assert audience.audience_is_empty(everyone=False)


def test_the_audience_in_words(people, comms):
    campaign = make_campaign(
        comms,
        departments=[people["sales"], DepartmentFactory(name="Legal")],
        locations=[people["berlin"]],
        levels=[Level.MANAGER],
        groups=[people["auditors"]],
    )
    assert audience.audience_summary(campaign) == (
        "members of Auditors; people in Legal or Sales; people at Berlin; "
        "people at the level Manager"
    )
    assert audience.audience_summary(make_campaign(comms, everyone=True)) == (
        "everyone on the staff"
    )
