"""A campaign page for readers: goal, key messages, assets, the pulse question, guests."""

import datetime

import pytest
from django.utils import timezone

from brand.models import CampaignPage, PulseAnswer
from insights.models import ActivityEvent, Verb
from people.models import Level
from tests.brand.factories_campaigns import campaign_index, make_campaign, person
from tests.brand.factories_hub import BrandAssetFactory
from tests.factories import (
    DepartmentFactory,
    KnowledgePageFactory,
    LocationFactory,
    knowledge_space,
    publish,
)


@pytest.fixture
def campaign(comms, sales):
    return make_campaign(
        comms,
        title="Customer first",
        departments=[sales],
        goal="Every customer hears back within a day.",
        key_messages=[("message", "Answer within a day"), ("message", "Own the problem")],
    )


@pytest.fixture
def seller(sales):
    return person("sam", sales, level=Level.MANAGER, location=LocationFactory(name="Leeds"))


def test_a_reader_sees_goal_key_messages_and_the_question(campaign, seller, signed_in):
    html = signed_in(seller).get(campaign.url).content.decode()
    assert "Every customer hears back within a day." in html
    assert "Answer within a day" in html and "Own the problem" in html
    assert 'data-testid="pulse"' in html
    assert campaign.pulse_question in html
    assert 'name="value" value="5"' in html
    assert 'data-testid="reactions"' in html or "reaction" in html.lower()


def test_only_assets_that_have_not_expired_are_linked(comms, sales, seller, signed_in):
    fresh = BrandAssetFactory(title="Customer-first poster")
    stale = BrandAssetFactory(
        title="Last year's poster", expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    campaign = make_campaign(comms, departments=[sales], assets=[fresh, stale])
    html = signed_in(seller).get(campaign.url).content.decode()
    assert "Customer-first poster" in html
    assert "Last year&#x27;s poster" not in html and "Last year's poster" not in html


def test_a_reader_answers_the_pulse_and_changes_the_answer(campaign, seller, signed_in):
    client = signed_in(seller)
    url = f"/brand/campaigns/{campaign.pk}/pulse/"
    response = client.post(url, {"value": "4"})
    assert response.status_code == 302
    answer = PulseAnswer.objects.get(campaign=campaign, user=seller)
    assert answer.value == 4
    assert answer.department.name == "Sales"
    assert answer.level == Level.MANAGER
    assert answer.location.name == "Leeds"

    assert client.post(url, {"value": "2"}).status_code == 302
    assert PulseAnswer.objects.filter(campaign=campaign, user=seller).count() == 1
    assert PulseAnswer.objects.get(campaign=campaign, user=seller).value == 2
    html = client.get(campaign.url).content.decode()
    assert 'value="2" checked' in html
    assert "Your answer: 2 of 5" in html


def test_htmx_gets_the_panel_alone(campaign, seller, signed_in):
    response = signed_in(seller).post(
        f"/brand/campaigns/{campaign.pk}/pulse/", {"value": "5"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section class="panel pulse"')
    assert "Your answer: 5 of 5" in html


@pytest.mark.parametrize("value", ["0", "6", "abc", "", "3.5", None])
def test_a_bad_pulse_value_is_refused_with_a_message(value, campaign, seller, signed_in):
    data = {} if value is None else {"value": value}
    response = signed_in(seller).post(f"/brand/campaigns/{campaign.pk}/pulse/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose an answer from 1 (strongly disagree) to 5 (strongly agree)." in html
    assert 'data-testid="pulse-error"' in html
    assert campaign.title in html  # the page again, so the reader can correct it
    assert not PulseAnswer.objects.exists()


def test_a_campaign_without_a_question_refuses_answers(comms, sales, seller, signed_in):
    campaign = make_campaign(comms, departments=[sales], pulse_question="")
    response = signed_in(seller).post(f"/brand/campaigns/{campaign.pk}/pulse/", {"value": "3"})
    assert response.status_code == 400
    assert not PulseAnswer.objects.exists()


def test_answers_on_unpublished_or_missing_campaigns_are_404(comms, sales, seller, signed_in):
    draft = make_campaign(comms, departments=[sales], published=False)
    client = signed_in(seller)
    assert client.post(f"/brand/campaigns/{draft.pk}/pulse/", {"value": "3"}).status_code == 404
    assert client.post("/brand/campaigns/999999/pulse/", {"value": "3"}).status_code == 404
    expired = make_campaign(
        comms, departments=[sales], expire_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert client.post(f"/brand/campaigns/{expired.pk}/pulse/", {"value": "3"}).status_code == 404
    assert not PulseAnswer.objects.exists()


@pytest.fixture
def outsider(db):
    return person("olga", DepartmentFactory(name="Finance"))


def test_people_outside_the_audience_read_it_but_it_is_not_theirs(
    campaign, comms, seller, outsider, signed_in
):
    policy = KnowledgePageFactory(parent=knowledge_space("Service"), title="Reply policy")
    publish(policy, comms)
    CampaignPage.objects.filter(pk=campaign.pk).update(must_read_page=policy)
    response = signed_in(outsider).get(campaign.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Every customer hears back within a day." in html  # readable: campaigns are not secret
    assert 'data-testid="campaign-not-yours"' in html
    assert "This campaign is for people in Sales." in html
    assert 'data-testid="pulse"' not in html and 'name="value"' not in html
    assert 'data-testid="campaign-must-read"' not in html
    mine = signed_in(seller).get(campaign.url).content.decode()
    assert 'data-testid="pulse"' in mine and 'data-testid="campaign-must-read"' in mine
    assert 'data-testid="campaign-not-yours"' not in mine


def test_an_outsider_cannot_answer_the_pulse(campaign, outsider, signed_in):
    client = signed_in(outsider)
    url = f"/brand/campaigns/{campaign.pk}/pulse/"
    response = client.post(url, {"value": "1"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'role="alert" data-testid="pulse-refused"' in html
    assert "Only the campaign&#x27;s audience answers its question" in html
    assert "people in Sales" in html
    htmx = client.post(url, {"value": "1"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 403
    assert 'data-testid="pulse-refused"' in htmx.content.decode()
    assert not PulseAnswer.objects.exists()
    assert not ActivityEvent.objects.filter(verb=Verb.GAVE_FEEDBACK).exists()


def test_someone_who_left_the_audience_cannot_change_their_answer(campaign, seller, signed_in):
    client = signed_in(seller)
    url = f"/brand/campaigns/{campaign.pk}/pulse/"
    assert client.post(url, {"value": "4"}).status_code == 302
    seller.profile.department = DepartmentFactory(name="Finance")
    seller.profile.save()
    assert client.post(url, {"value": "1"}).status_code == 403
    assert PulseAnswer.objects.get(campaign=campaign, user=seller).value == 4


def test_an_outsider_is_not_offered_the_campaign(campaign, outsider, signed_in):
    client = signed_in(outsider)
    assert 'data-testid="campaign-banner"' not in client.get("/").content.decode()
    assert "Customer first" not in client.get(campaign_index().url).content.decode()


def test_guests_get_404_on_campaigns(campaign, sales, signed_in):
    guest = person("gus", sales, roles=["Guests"])
    client = signed_in(guest)
    assert client.get(campaign.url).status_code == 404
    assert client.get(campaign_index().url).status_code == 404
    assert client.post(f"/brand/campaigns/{campaign.pk}/pulse/", {"value": "3"}).status_code == 404
    assert not PulseAnswer.objects.exists()


def test_a_view_is_recorded_for_the_report(campaign, seller, signed_in):
    signed_in(seller).get(campaign.url)
    assert (
        ActivityEvent.objects.for_target(campaign).filter(verb=Verb.VIEWED, actor=seller).exists()
    )


def test_the_index_lists_the_readers_campaigns(campaign, comms, seller, signed_in):
    make_campaign(comms, title="For Finance only", departments=[DepartmentFactory(name="Finance")])
    html = signed_in(seller).get(campaign_index().url).content.decode()
    assert "Customer first" in html
    assert "For Finance only" not in html
    everything = signed_in(comms).get(campaign_index().url).content.decode()
    assert "For Finance only" in everything  # communications see every live campaign


# Session, user, site, the page's route, privacy, permissions, discussion (comments, edits,
# reactions, watching), assets, my answer, my groups, brand setting, navigation, the
# notification count: the same with 1 or 15 assets and answers.
# 26 before issue 19 (routing in two queries; the user in one).
# 22 before the chrome was cached (issue 19: site, routing, permissions, settings,
# navigation from the cache); 12 before the reader's version came in the first versions
# read (core.routing.SiteMiddleware names it from the session).
# Issue 19's last mile, -1: the header's unread count is kept per reader under their own
# version (community.notifications.services.unread_count). 11 before.
CAMPAIGN_PAGE_QUERIES = 10


@pytest.mark.parametrize("size", [1, 15])
def test_campaign_page_query_count_is_constant(
    size, comms, sales, seller, signed_in, django_assert_num_queries
):
    assets = [BrandAssetFactory(title=f"Asset {n}") for n in range(size)]
    campaign = make_campaign(comms, departments=[sales], assets=assets)
    for n in range(size):
        PulseAnswer.objects.create(campaign=campaign, user=person(f"p{n}", sales), value=3)
    client = signed_in(seller)
    client.get(campaign.url)  # warm: the day's view and per-process caches
    with django_assert_num_queries(CAMPAIGN_PAGE_QUERIES):
        response = client.get(campaign.url)
    assert response.status_code == 200
    assert response.content.decode().count(">Asset ") == size
