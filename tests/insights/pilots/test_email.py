"""The monthly email: each sponsor (the insights permission) gets the pilots' headline
figures and a link, through Django's mail outbox; nobody else gets it."""

from django.core import mail

from core.schedule import get
from insights.pilots.tasks import send_pilot_summaries
from tests.factories import UserFactory
from tests.insights.pilots.fixtures import sales_pilot, write_ledger


def test_the_job_is_in_the_schedule(db):
    job = get("send_pilot_summaries")
    assert job is not None and job.cron == "0 7 1 * *"


def test_sponsors_get_the_headline_figures_and_a_link(db):
    write_ledger()
    pilot = sales_pilot()
    UserFactory(username="ada", email="ada@example.com", roles=["Administrators"])
    UserFactory(username="emma", email="emma@example.com", roles=["Employees"])
    UserFactory(username="ed", email="ed@example.com", roles=["Editors"])
    UserFactory(username="gone", email="", roles=["Administrators"])

    sent = send_pilot_summaries.call()

    assert sent == 1
    [message] = mail.outbox
    assert message.to == ["ada@example.com"]
    assert "Sales knowledge pilot" in message.body
    assert "1 of 2 targets met." in message.body
    assert "Active readers at least (≥) 6: 6.0 (met)" in message.body
    assert "Comments at least (≥) 10: 4.0 (missed)" in message.body
    assert f"http://testserver/insights/pilots/{pilot.pk}/" in message.body
    html = message.alternatives[0][0]
    assert f'href="http://testserver/insights/pilots/{pilot.pk}/"' in html


def test_no_pilot_no_email(db):
    UserFactory(username="ada", email="ada@example.com", roles=["Administrators"])
    assert send_pilot_summaries.call() == 0
    assert mail.outbox == []
