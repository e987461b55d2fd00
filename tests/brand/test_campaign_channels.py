"""Channels that open when a campaign goes live: home banner, must-read, email; the
scheduler; and the editor's warning about an audience that matches nobody."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, streamfield

from brand.models import CampaignPage
from community.models import EmailFrequency, Notification, NotificationSettings, NotificationVerb
from knowledge.models import MustRead
from people.models import Level
from tests.brand.factories_campaigns import campaign_index, make_campaign, person
from tests.factories import (
    DepartmentFactory,
    KnowledgePageFactory,
    UserFactory,
    knowledge_space,
    publish,
)


@pytest.fixture
def crowd(sales, support):
    return {
        "sam": person("sam", sales),
        "sue": person("sue", support),
        "fin": person("fin", DepartmentFactory(name="Finance")),
        "gus": person("gus", sales, roles=["Guests"]),
    }


def banner_html(client) -> str:
    html = client.get("/").content.decode()
    if 'data-testid="campaign-banners"' not in html:
        return ""
    return html.split('data-testid="campaign-banners"')[1].split("</section>")[0]


# Banner ---------------------------------------------------------------------------------------
def test_the_banner_shows_to_the_audience_only(comms, sales, crowd, signed_in):
    make_campaign(comms, title="Customer first", departments=[sales], banner_text="Customers!")
    assert "Customers!" in banner_html(signed_in(crowd["sam"]))
    assert banner_html(signed_in(crowd["fin"])) == ""
    assert signed_in(crowd["gus"]).get("/").status_code == 200
    assert banner_html(signed_in(crowd["gus"])) == ""  # a guest in Sales: not for guests


def test_no_banner_once_expired_even_before_the_scheduler_runs(comms, sales, crowd, signed_in):
    campaign = make_campaign(comms, departments=[sales], banner_text="Old news")
    CampaignPage.objects.filter(pk=campaign.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert banner_html(signed_in(crowd["sam"])) == ""
    call_command("publish_scheduled")
    assert not CampaignPage.objects.get(pk=campaign.pk).live


def test_no_banner_when_the_channel_is_off(comms, sales, crowd, signed_in):
    make_campaign(comms, departments=[sales], show_banner=False, banner_text="Quiet")
    assert banner_html(signed_in(crowd["sam"])) == ""


# Must-read ------------------------------------------------------------------------------------
@pytest.fixture
def policy(comms):
    page = KnowledgePageFactory(parent=knowledge_space("Service"), title="How we answer customers")
    publish(page, comms)
    return page


def test_going_live_makes_the_must_read_for_the_campaigns_audience(
    comms, sales, support, crowd, policy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_campaign(
            comms, departments=[sales, support], levels=[Level.MANAGER], must_read_page=policy
        )
    must_read = MustRead.objects.get(page=policy)
    assert must_read.active and not must_read.everyone
    assert set(must_read.departments.values_list("name", flat=True)) == {"Sales", "Support"}
    assert must_read.levels == [Level.MANAGER]
    assert must_read.set_by == comms
    # The audience is asked to acknowledge it (the must-read's own notification).
    asked = set(
        Notification.objects.filter(page=policy, verb=NotificationVerb.ACKNOWLEDGE).values_list(
            "recipient__username", flat=True
        )
    )
    assert {"sam", "sue"} <= asked
    assert "fin" not in asked


def test_a_publisher_who_cannot_edit_the_page_is_logged_not_crashed(sales, crowd, policy, comms):
    campaign = make_campaign(comms, departments=[sales], must_read_page=policy, published=False)
    stranger = UserFactory(username="stan", roles=[])  # not even an Employee: cannot edit it
    publish(campaign, stranger)  # e.g. a scheduled revision saved by someone without rights
    assert not MustRead.objects.filter(page=policy).exists()
    assert PageLogEntry.objects.filter(
        page=campaign, action="hearth.campaigns.must_read_skipped"
    ).exists()


# Email ----------------------------------------------------------------------------------------
def test_the_email_goes_once_to_the_audience_only(
    comms, sales, support, crowd, mailoutbox, django_capture_on_commit_callbacks
):
    quiet = person("quentin", sales)
    NotificationSettings.objects.create(user=quiet, email_frequency=EmailFrequency.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        campaign = make_campaign(
            comms,
            title="Customer first",
            departments=[sales, support],
            send_email=True,
            email_subject="Customers come first",
            key_messages=[("message", "Answer within a day")],
        )
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == ["sam@example.com", "sue@example.com"]  # not Finance, guest, unsubscribed
    message = mailoutbox[0]
    assert message.subject == "Customers come first"
    assert "Answer within a day" in message.body
    assert "http://testserver/campaigns/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Answer within a day" in html
    assert "/notifications/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    campaign.refresh_from_db()
    assert campaign.email_sent_at is not None
    # A notification in the centre too, marked emailed so no second email follows.
    rows = Notification.objects.filter(verb=NotificationVerb.CAMPAIGN, page=campaign)
    assert set(rows.values_list("recipient__username", flat=True)) == {"sam", "sue", "quentin"}
    assert not rows.filter(recipient__username="sam", emailed_at__isnull=True).exists()

    # Republishing (a typo fixed) sends nothing again.
    with django_capture_on_commit_callbacks(execute=True):
        publish(CampaignPage.objects.get(pk=campaign.pk), comms, goal="Typo fixed")
    assert len(mailoutbox) == 2
    assert rows.count() == 3


def test_an_older_revision_cannot_bring_back_an_unsent_email(
    comms, sales, crowd, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = make_campaign(comms, departments=[sales], send_email=True)
    first_revision = campaign.live_revision
    with django_capture_on_commit_callbacks(execute=True):
        first_revision.publish(user=comms, skip_permission_checks=True)  # revert to it
    assert CampaignPage.objects.get(pk=campaign.pk).email_sent_at is not None
    assert len(mailoutbox) == 1


# Scheduling -----------------------------------------------------------------------------------
def test_a_scheduled_campaign_opens_its_channels_when_the_scheduler_publishes_it(
    comms, sales, crowd, mailoutbox, signed_in, django_capture_on_commit_callbacks
):
    soon = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        campaign = make_campaign(
            comms, departments=[sales], send_email=True, banner_text="Soon", go_live_at=soon
        )
    assert not campaign.live
    assert mailoutbox == []
    assert banner_html(signed_in(crowd["sam"])) == ""
    assert signed_in(crowd["sam"]).get(f"/campaigns/{campaign.slug}/").status_code == 404

    # Time passes: the go-live moves into the past, and the scheduler runs.
    past = timezone.now() - datetime.timedelta(minutes=1)
    CampaignPage.objects.filter(pk=campaign.pk).update(go_live_at=past)
    for revision in campaign.revisions.filter(approved_go_live_at__isnull=False):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    assert CampaignPage.objects.get(pk=campaign.pk).live
    assert [message.to for message in mailoutbox] == [["sam@example.com"]]
    assert "Soon" in banner_html(signed_in(crowd["sam"]))


# The editor -----------------------------------------------------------------------------------
def _editor_post(client, parent, *, departments, action="action-publish", **extra):
    data = nested_form_data(
        {
            "title": "Speak up",
            "slug": "speak-up",
            "goal": "People raise problems early.",
            "key_messages": streamfield([("message", "Say it early")]),
            "body": streamfield([]),
            "show_banner": "on",
            "pulse_question": "I feel safe to speak up.",
            **extra,
        }
    )
    data["audience_departments"] = [department.pk for department in departments]
    data[action] = "1"
    return client.post(f"/admin/pages/add/brand/campaignpage/{parent.pk}/", data)


def test_publishing_to_an_audience_of_nobody_warns_first(comms, signed_in):
    empty = DepartmentFactory(name="Nobody works here")
    client = signed_in(comms)
    response = _editor_post(client, campaign_index(), departments=[empty])
    assert response.status_code == 200  # the form again, with the warning
    assert "This audience matches nobody today" in response.content.decode()
    assert not CampaignPage.objects.filter(slug="speak-up").exists()

    # A draft may be saved; publishing needs the box ticked.
    response = _editor_post(client, campaign_index(), departments=[empty], publish_to_nobody="on")
    assert response.status_code == 302
    assert CampaignPage.objects.get(slug="speak-up").live


def test_an_audience_with_people_publishes_without_a_warning(comms, sales, crowd, signed_in):
    response = _editor_post(signed_in(comms), campaign_index(), departments=[sales])
    assert response.status_code == 302, response.context["form"].errors
    campaign = CampaignPage.objects.get(slug="speak-up")
    assert campaign.live
    assert list(campaign.audience_departments.all()) == [sales]


def test_a_draft_with_an_empty_audience_saves(comms, signed_in):
    empty = DepartmentFactory(name="Nobody works here")
    response = _editor_post(
        signed_in(comms), campaign_index(), departments=[empty], action="action-save"
    )
    assert response.status_code == 302
    assert not CampaignPage.objects.get(slug="speak-up").live


def test_the_editor_offers_levels_as_checkboxes_and_the_override(comms, sales, signed_in):
    client = signed_in(comms)
    html = client.get(
        f"/admin/pages/add/brand/campaignpage/{campaign_index().pk}/"
    ).content.decode()
    assert 'type="checkbox" name="audience_levels" value="manager"' in html
    assert 'name="publish_to_nobody"' in html
    campaign = make_campaign(comms, departments=[sales], levels=[Level.DIRECTOR])
    edit = client.get(f"/admin/pages/{campaign.pk}/edit/").content.decode()
    assert 'value="director"' in edit and "checked" in edit.split('value="director"')[1][:40]
    assert "Campaign report" in edit  # the header button to the report
    assert client.get("/admin/reports/campaigns/").status_code == 200
    assert signed_in(UserFactory(username="ed", roles=["Editors"])).get(
        "/admin/reports/campaigns/"
    ).status_code in (302, 403)
