"""Notification emails: immediate, the daily digest, never; one-click unsubscribe; settings."""

import re

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client

from community.comments.services import post_comment
from community.models import EmailFrequency, Notification, NotificationSettings, Watch
from community.notifications.services import unsubscribe_token
from tests.community.notifying import make_private, run
from tests.factories import publish


def _frequency(user, value):
    NotificationSettings.objects.update_or_create(user=user, defaults={"email_frequency": value})


def _reply_to(reader, owner, page, callbacks):
    parent = run(callbacks, lambda: post_comment(reader, page, "Is taxi allowed?"))
    return run(callbacks, lambda: post_comment(owner, page, "Yes, after **10pm**", parent=parent))


def test_an_immediate_email_for_a_reply(
    page, owner, reader, mailoutbox, django_capture_on_commit_callbacks
):
    _frequency(owner, EmailFrequency.NEVER)
    reply = _reply_to(reader, owner, page, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [reader.email]
    assert message.subject == 'Olga Owner replied to you on "Expense policy"'
    note = Notification.objects.get(recipient=reader)
    assert f"http://testserver/community/notifications/{note.pk}/open/" in message.body
    assert "Yes, after 10pm" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="http://testserver/community/notifications/{note.pk}/open/"' in html
    link = re.search(
        r"<(http://testserver/community/notifications/unsubscribe/[^>]+)>",
        message.extra_headers["List-Unsubscribe"],
    )
    assert link and link.group(1) in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert note.emailed_at is not None
    assert note.comment == reply


def test_one_event_emails_each_person_what_concerns_them(
    page, owner, reader, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    watcher = UserFactory(username="wendy", roles=["Employees"])
    Watch.objects.create(user=watcher, page=page)
    parent = run(django_capture_on_commit_callbacks, lambda: post_comment(reader, page, "Hi"))
    mailoutbox.clear()
    run(
        django_capture_on_commit_callbacks,
        lambda: post_comment(outsider, page, "Ask @olga", parent=parent),
    )
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects == {
        reader.email: f'{outsider.display_name} replied to you on "Expense policy"',
        owner.email: f'{outsider.display_name} mentioned you on "Expense policy"',
        watcher.email: f'{outsider.display_name} commented on "Expense policy"',
    }


def test_never_means_no_email_and_no_digest(
    page, owner, reader, mailoutbox, django_capture_on_commit_callbacks
):
    _frequency(reader, EmailFrequency.NEVER)
    _frequency(owner, EmailFrequency.NEVER)
    _reply_to(reader, owner, page, django_capture_on_commit_callbacks)
    call_command("send_digests")
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=reader).count() == 1


def test_the_daily_digest_is_sent_once(
    page, owner, reader, mailoutbox, django_capture_on_commit_callbacks
):
    _frequency(reader, EmailFrequency.DAILY)
    _frequency(owner, EmailFrequency.NEVER)
    Watch.objects.create(user=reader, page=page)
    _reply_to(reader, owner, page, django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks, lambda: publish(page, owner, change_note="v2"))
    assert mailoutbox == []  # nothing immediate for a daily reader

    call_command("send_digests")
    assert len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert digest.to == [reader.email]
    assert digest.subject == "Hearth: 2 new notifications"
    assert "replied to you on “Expense policy”" in digest.body
    assert "published a new version of “Expense policy”: v2" in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    assert not Notification.objects.filter(recipient=reader, emailed_at__isnull=True).exists()
    assert NotificationSettings.objects.get(user=reader).last_digest_at is not None

    call_command("send_digests")  # idempotent: nothing new, nothing sent
    assert len(mailoutbox) == 1


def test_the_digest_leaves_out_a_page_that_became_private(
    page, owner, reader, mailoutbox, django_capture_on_commit_callbacks
):
    _frequency(reader, EmailFrequency.DAILY)
    _frequency(owner, EmailFrequency.NEVER)
    _reply_to(reader, owner, page, django_capture_on_commit_callbacks)
    make_private(page, owner)
    call_command("send_digests")
    assert mailoutbox == []


def test_the_outsider_of_a_private_page_gets_no_email(
    page, owner, reader, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    _frequency(owner, EmailFrequency.NEVER)
    Watch.objects.create(user=outsider, page=page)
    make_private(page, owner, reader)
    _frequency(outsider, EmailFrequency.DAILY)
    run(django_capture_on_commit_callbacks, lambda: post_comment(reader, page, "@oscar hi"))
    call_command("send_digests")
    assert [message.to for message in mailoutbox] == []
    assert not Notification.objects.filter(recipient=outsider).exists()


# Unsubscribe -------------------------------------------------------------------------------
def test_unsubscribe_without_signing_in(reader):
    client = Client()  # signed out: the link in an email must work as it is
    url = f"/community/notifications/unsubscribe/{unsubscribe_token(reader.pk)}/"
    response = client.get(url)
    assert response.status_code == 200
    assert 'data-testid="confirm-unsubscribe"' in response.content.decode()
    assert not NotificationSettings.objects.filter(user=reader).exists()  # GET changes nothing

    response = client.post(url, follow=True)
    assert NotificationSettings.objects.get(user=reader).email_frequency == EmailFrequency.NEVER
    assert "will no longer receive notification emails" in response.content.decode()


def test_one_click_unsubscribe_from_a_mail_client(reader):
    url = f"/community/notifications/unsubscribe/{unsubscribe_token(reader.pk)}/"
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationSettings.objects.get(user=reader).email_frequency == EmailFrequency.NEVER


@pytest.mark.parametrize(
    "token",
    [
        "tampered",
        lambda pk: unsubscribe_token(pk)[:-2] + "xx",
        lambda pk: signing.dumps({"u": pk}, salt="another.purpose"),
    ],
)
def test_a_tampered_unsubscribe_link_is_refused(reader, token):
    token = token(reader.pk) if callable(token) else token
    url = f"/community/notifications/unsubscribe/{token}/"
    for response in (Client().get(url), Client().post(url)):
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert not NotificationSettings.objects.filter(user=reader).exists()


# Settings ----------------------------------------------------------------------------------
def test_the_settings_page_saves_a_choice(signed_in, reader):
    client = signed_in(reader)
    html = client.get("/community/notifications/settings/").content.decode()
    assert 'value="immediate" ' in html and "checked" in html
    response = client.post("/community/notifications/settings/", {"email_frequency": "daily"})
    assert response.status_code == 302
    assert NotificationSettings.objects.get(user=reader).email_frequency == EmailFrequency.DAILY


@pytest.mark.parametrize("data", [{}, {"email_frequency": "hourly"}])
def test_the_settings_form_refuses_bad_input(signed_in, reader, data):
    _frequency(reader, EmailFrequency.DAILY)
    response = signed_in(reader).post("/community/notifications/settings/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose how often we email you." in html or "is not one of the choices" in html
    assert NotificationSettings.objects.get(user=reader).email_frequency == EmailFrequency.DAILY
