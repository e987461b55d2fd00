"""The brand hub and its asset library: who may use them, what they see, downloads, expiry.

Privacy of a file follows Wagtail's collection view restrictions (the same rules as
`CollectionViewRestriction.accept_request`, evaluated for all collections in one query),
so an asset in a private collection is invisible to outsiders everywhere: listing,
filters, download. Expired assets are hidden from staff; their download answers 410.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import Collection

from brand.assets import tasks
from brand.assets.models import AssetDownload, BrandAsset
from community.models import NotificationVerb
from community.notifications.services import Event, absolute, deliver
from core.models import User
from core.policy import Action, policy
from core.privacy import blocked_collection_paths
from core.roles import Role

logger = logging.getLogger(__name__)

THUMBNAIL_SPEC = "max-480x320"
EXPIRING_SOON_DAYS = 14
LOG_EXPIRED = "hearth.brand.asset_expired"


# The library ----------------------------------------------------------------------------------
def visible_assets(request: HttpRequest, today: date | None = None) -> QuerySet[BrandAsset]:
    """Assets this reader may see in the library: current (not expired) and outside the
    collections they may not open; none at all for guests."""
    if not policy.user_has_permission(request.user, Action.STAFF):
        return BrandAsset.objects.none()
    return BrandAsset.objects.current(today).outside_collections(blocked_collection_paths(request))


def brand_collections(request: HttpRequest) -> QuerySet[Collection]:
    """The collections that hold brand assets this reader may see (for the filter)."""
    assets = visible_assets(request)
    return Collection.objects.filter(
        Q(pk__in=assets.filter(image__isnull=False).values("image__collection_id"))
        | Q(pk__in=assets.filter(document__isnull=False).values("document__collection_id"))
    ).order_by("path")


def library(
    request: HttpRequest, *, text: str = "", collection: Collection | None = None
) -> QuerySet[BrandAsset]:
    """The listing: visible assets matching `text`, in `collection`, with their files,
    thumbnails and download counts (one query for the rows, one for the thumbnails)."""
    assets = visible_assets(request)
    if text:
        assets = assets.matching(text)
    if collection is not None:
        assets = assets.in_collection(collection.pk)
    return assets.with_files(THUMBNAIL_SPEC).with_download_counts().order_by("title", "pk")


# Sizes and downloads --------------------------------------------------------------------------
@dataclass(frozen=True)
class Size:
    name: str
    label: str
    spec: str | None  # a Wagtail filter spec; None: the original file, as uploaded

    @property
    def is_original(self) -> bool:
        return self.spec is None


ORIGINAL = Size("original", gettext_lazy("Original file"), None)
IMAGE_SIZES: dict[str, Size] = {
    size.name: size
    for size in [
        ORIGINAL,
        Size("large-png", gettext_lazy("Large (2000 px), PNG"), "max-2000x2000|format-png"),
        Size("large-jpeg", gettext_lazy("Large (2000 px), JPEG"), "max-2000x2000|format-jpeg"),
        Size("web-png", gettext_lazy("Web (1200 px), PNG"), "max-1200x1200|format-png"),
        Size("web-jpeg", gettext_lazy("Web (1200 px), JPEG"), "max-1200x1200|format-jpeg"),
        Size("thumbnail-png", gettext_lazy("Thumbnail (400 px), PNG"), "max-400x400|format-png"),
        Size("thumbnail-jpeg", gettext_lazy("Thumbnail (400 px), JPEG"), "max-400x400|format-jpeg"),
    ]
}
DOCUMENT_SIZES: dict[str, Size] = {ORIGINAL.name: ORIGINAL}


def sizes_for(asset: BrandAsset) -> list[Size]:
    return list((IMAGE_SIZES if asset.is_image else DOCUMENT_SIZES).values())


@dataclass(frozen=True)
class AssetCard:
    """One asset as the library shows it."""

    asset: BrandAsset
    sizes: list[Size]
    expiring_soon: bool


def cards(assets, today: date | None = None) -> list[AssetCard]:
    today = today or timezone.localdate()
    return [
        AssetCard(
            asset=asset,
            sizes=sizes_for(asset),
            expiring_soon=asset.expires_on is not None
            and (asset.expires_on - today).days <= EXPIRING_SOON_DAYS,
        )
        for asset in assets
    ]


class AssetExpired(Exception):
    def __init__(self, asset: BrandAsset):
        super().__init__(asset.title)
        self.asset = asset


class UnknownSize(Exception):
    def __init__(self, asset: BrandAsset, name: str):
        self.asset = asset
        self.name = name
        self.choices = sizes_for(asset)
        super().__init__(
            _("There is no size called “%(name)s” for this asset. Choose one of: %(choices)s.")
            % {"name": name, "choices": ", ".join(size.name for size in self.choices)}
        )


@dataclass
class Download:
    """What the view sends: a file (name, open handle) or a URL to redirect to."""

    asset: BrandAsset
    size: Size
    filename: str = ""
    file: object | None = None
    redirect_url: str = ""


def find_asset(request: HttpRequest, asset_id: int) -> BrandAsset:
    """An asset this reader may open (expired ones included, so the caller can say so);
    `BrandAsset.DoesNotExist` for guests, private collections and unknown ids alike."""
    if not policy.user_has_permission(request.user, Action.STAFF):
        raise BrandAsset.DoesNotExist
    return (
        BrandAsset.objects.outside_collections(blocked_collection_paths(request))
        .with_files()
        .get(pk=asset_id)
    )


def _filename(asset: BrandAsset, size: Size, stored_name: str) -> str:
    extension = os.path.splitext(stored_name)[1].lower()
    suffix = "" if size.is_original else f"-{size.name}"
    return f"{slugify(asset.title) or 'asset'}{suffix}{extension}"


def prepare_download(request: HttpRequest, asset_id: int, size_name: str) -> Download:
    """Check the reader may download `size_name` of the asset now, record the download
    (one INSERT; the activity ledger is written by a task), and say what to send.

    Raises `BrandAsset.DoesNotExist` (hidden or unknown), `AssetExpired`, `UnknownSize`.
    """
    asset = find_asset(request, asset_id)
    if asset.is_expired():
        raise AssetExpired(asset)
    sizes = IMAGE_SIZES if asset.is_image else DOCUMENT_SIZES
    size = sizes.get(size_name)
    if size is None:
        raise UnknownSize(asset, size_name)
    if asset.is_image:
        image = asset.image
        stored = image.file if size.is_original else image.get_rendition(size.spec).file
        download = Download(
            asset=asset,
            size=size,
            filename=_filename(asset, size, stored.name),
            file=stored.open("rb"),
        )
    else:
        # Wagtail's document view serves it, checking the collection's privacy again.
        download = Download(asset=asset, size=size, redirect_url=asset.document.url)
    record_download(request.user, asset, size)
    return download


def record_download(user: User, asset: BrandAsset, size: Size) -> None:
    AssetDownload.objects.create(asset=asset, user=user, size=size.name)
    user_id, asset_id = user.pk, asset.pk
    transaction.on_commit(lambda: tasks.record_download_event.enqueue(user_id, asset_id))


# Expiry ---------------------------------------------------------------------------------------
@dataclass
class ExpiryReport:
    notified: list[BrandAsset]
    expiring_soon: list[BrandAsset]


def asset_admin_url(asset: BrandAsset) -> str:
    return reverse("brand_assets:edit", args=[asset.pk])  # brand.assets.admin's viewset


def communications_ids() -> QuerySet:
    return User.objects.filter(groups__name=Role.COMMUNICATIONS, is_active=True).values("pk")


def notify_expired_assets(today: date | None = None) -> ExpiryReport:
    """Tell communications once about each asset that has expired (idempotent: each asset
    is claimed with a conditional UPDATE before anyone is told, so two runs at once still
    notify once), and list what expires within the next two weeks."""
    today = today or timezone.localdate()
    now = timezone.now()
    notified: list[BrandAsset] = []
    candidates = BrandAsset.objects.expired(today).filter(expiry_notified_at__isnull=True)
    for asset in candidates.order_by("expires_on", "pk"):
        claimed = BrandAsset.objects.filter(pk=asset.pk, expiry_notified_at__isnull=True).update(
            expiry_notified_at=now
        )
        if not claimed:
            continue
        asset.expiry_notified_at = now
        detail = _(
            "This brand asset expired on %(date)s. Staff no longer see it or can download "
            "it. Renew its rights and change the expiry date, or delete it."
        ) % {"date": date_format(asset.expires_on, "j F Y")}
        deliver(
            Event(
                page=None,
                actor=None,
                plan=[(NotificationVerb.REMINDER, communications_ids())],
                detail=detail,
                link=absolute(asset_admin_url(asset)),
                subject=asset.title,
            )
        )
        log(asset, LOG_EXPIRED, data={"expires_on": asset.expires_on.isoformat()})
        notified.append(asset)
    expiring_soon = list(
        BrandAsset.objects.expiring_within(EXPIRING_SOON_DAYS, today).order_by("expires_on", "pk")
    )
    return ExpiryReport(notified=notified, expiring_soon=expiring_soon)
