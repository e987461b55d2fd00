"""The daily expiry job: communications hear once per expired asset; it lists what expires
within two weeks."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from brand.assets.tasks import notify_expired_assets as notify_task
from brand.models import BrandAsset
from community.models import Notification, NotificationVerb
from tests.brand.factories_hub import BrandAssetFactory, in_days, yesterday

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    call_command("notify_expired_assets", stdout=out)
    return out.getvalue()


def test_communications_are_told_once_per_expired_asset(comms, employee):
    expired = BrandAssetFactory(title="Spring campaign", expires_on=yesterday())
    BrandAssetFactory(title="Logo")
    output = run()
    assert "Notified communications of 1 expired asset." in output
    assert "Spring campaign" in output
    note = Notification.objects.get()
    assert note.recipient == comms
    assert note.verb == NotificationVerb.REMINDER
    assert note.subject == "Spring campaign"
    assert note.page is None
    assert note.link.endswith(f"/admin/brand_assets/edit/{expired.pk}/")
    assert "expired on" in note.detail
    assert not Notification.objects.filter(recipient=employee).exists()
    assert [message.to for message in mail.outbox] == [[comms.email]]
    expired.refresh_from_db()
    assert expired.expiry_notified_at is not None
    assert ModelLogEntry.objects.filter(
        object_id=str(expired.pk), action="hearth.brand.asset_expired"
    ).exists()


def test_running_again_tells_nobody_twice(comms):
    BrandAssetFactory(title="Spring campaign", expires_on=yesterday())
    run()
    output = run()
    assert "Notified communications of 0 expired assets." in output
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_it_lists_assets_expiring_within_14_days(comms):
    BrandAssetFactory(title="Summer party", expires_on=in_days(3))
    BrandAssetFactory(title="Today's last day", expires_on=in_days(0))
    BrandAssetFactory(title="Autumn", expires_on=in_days(30))
    output = run()
    assert "2 expiring within 14 days:" in output
    assert "Summer party" in output and "Today's last day" in output
    assert "Autumn" not in output
    assert not Notification.objects.exists()


def test_the_task_does_the_same_work(comms):
    asset = BrandAssetFactory(expires_on=yesterday())
    soon = BrandAssetFactory(expires_on=in_days(2))
    result = notify_task.enqueue()
    assert result.return_value == {"notified": [asset.pk], "expiring_soon": [soon.pk]}
    assert Notification.objects.filter(recipient=comms).count() == 1


def test_the_command_can_hand_the_work_to_the_worker(comms):
    BrandAssetFactory(expires_on=yesterday())
    out = StringIO()
    call_command("notify_expired_assets", "--enqueue", stdout=out)
    assert "Enqueued task" in out.getvalue()
    # the test backend runs tasks at once
    assert BrandAsset.objects.filter(expiry_notified_at__isnull=False).count() == 1
