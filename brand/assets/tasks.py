"""Background work for the asset library: the activity ledger for downloads, and the daily
expiry notice to communications (`manage.py notify_expired_assets` runs or enqueues it)."""

from __future__ import annotations

from django_tasks import task

from brand.assets import services
from brand.assets.models import BrandAsset
from core.models import User
from core.schedule import cron
from insights.models import Verb
from insights.services import record_event


@task()
def record_download_event(user_id: int, asset_id: int) -> None:
    """The download in the activity ledger (adoption reports count it as taking part)."""
    asset = BrandAsset.objects.filter(pk=asset_id).first()
    if asset is None:
        return
    record_event(User.objects.filter(pk=user_id).first(), Verb.DOWNLOADED, asset)


@cron("0 6 * * *")
@task()
def notify_expired_assets() -> dict[str, list[int]]:
    """Tell communications once per expired brand asset; list those expiring soon."""
    report = services.notify_expired_assets()
    return {
        "notified": [asset.pk for asset in report.notified],
        "expiring_soon": [asset.pk for asset in report.expiring_soon],
    }
