"""Wagtail admin for the assets area (imported by brand/wagtail_hooks.py).

Communications keep the brand library here: every asset, expired ones included (marked),
with download counts from one GROUP BY; filters by status and collection; the image or
document chosen with Wagtail's own choosers. Expired brand documents also stop being
served at Wagtail's document URL to anyone but the people who keep the library.
"""

import django_filters
from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.models import Collection

from brand.assets.models import BrandAsset
from brand.assets.services import EXPIRING_SOON_DAYS, LOG_EXPIRED
from core.permissions import hidden_collection_paths, without_hidden


class BrandAssetForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        image, document = cleaned.get("image"), cleaned.get("document")
        if bool(image) == bool(document):
            raise forms.ValidationError(
                _("Choose either an image or a document for this asset, not both or neither.")
            )
        return cleaned

    def validate_constraints(self):
        # clean() already said it in words; the database constraint stays the backstop.
        pass


class StatusFilter(django_filters.ChoiceFilter):
    def filter(self, queryset, value):
        today = timezone.localdate()
        if value == "expired":
            return queryset.expired(today)
        if value == "expiring":
            return queryset.expiring_within(EXPIRING_SOON_DAYS, today)
        if value == "current":
            return queryset.current(today)
        return queryset


def _collections(request):
    """Collections to filter by: not those of private spaces hidden from the reader."""
    collections = Collection.objects.order_by("path")
    if request is None:
        return collections.none()
    return without_hidden(collections, hidden_collection_paths(request.user))


class BrandAssetFilterSet(WagtailFilterSet):
    status = StatusFilter(
        label=_("Status"),
        choices=[
            ("current", _("Current")),
            ("expiring", _("Expiring within 14 days")),
            ("expired", _("Expired")),
        ],
        empty_label=_("Any"),
    )
    collection = django_filters.ModelChoiceFilter(
        label=_("Collection"),
        queryset=_collections,
        method="filter_collection",
    )

    class Meta:
        model = BrandAsset
        fields: list[str] = []

    def filter_collection(self, queryset, name, value):
        return queryset.in_collection(value.pk) if value else queryset


class ExpiryColumn(Column):
    """The expiry status in words: communications see expired assets, marked."""

    def get_value(self, instance):
        if instance.expires_on is None:
            return _("No expiry")
        when = date_format(instance.expires_on, "j M Y")
        today = timezone.localdate()
        if instance.expires_on < today:
            return _("Expired on %(date)s") % {"date": when}
        if (instance.expires_on - today).days <= EXPIRING_SOON_DAYS:
            return _("Expires soon: %(date)s") % {"date": when}
        return _("Until %(date)s") % {"date": when}


class KindColumn(Column):
    def get_value(self, instance):
        return _("Image") if instance.image_id else _("Document")


class CollectionColumn(Column):
    def get_value(self, instance):
        collection = instance.collection
        return collection.name if collection else ""


class BrandAssetIndexView(IndexView):
    def get_base_queryset(self):
        return BrandAsset.objects.with_files().with_download_counts()


class BrandAssetViewSet(ModelViewSet):
    model = BrandAsset
    icon = "image"
    menu_label = _("Brand assets")
    menu_name = "brand_assets"
    name = "brand_assets"
    add_to_admin_menu = True
    menu_order = 350
    index_view_class = BrandAssetIndexView
    filterset_class = BrandAssetFilterSet
    search_fields = ["title", "description"]
    search_backend_name = None
    list_display = [
        "title",
        KindColumn("kind", label=_("Kind")),
        CollectionColumn("collection", label=_("Collection")),
        ExpiryColumn("expires_on", label=_("Expiry"), sort_key="expires_on"),
        Column("download_count", label=_("Downloads"), sort_key="download_count"),
    ]
    edit_handler = ObjectList(BrandAsset.panels, base_form_class=BrandAssetForm)


brand_asset_viewset = BrandAssetViewSet()


@hooks.register("register_admin_viewset")
def register_brand_asset_viewset():
    return brand_asset_viewset


@hooks.register("register_log_actions")
def register_asset_log_actions(actions):
    @actions.register_action(LOG_EXPIRED)
    class AssetExpired(LogFormatter):
        label = _("Brand asset expired")
        message = _("Expired: hidden from staff, communications notified")


@hooks.register("before_serve_document")
def refuse_expired_brand_documents(document, request):
    """Wagtail's own document URL honours the asset's expiry too (410), except for the
    people who keep the library."""
    expired = BrandAsset.objects.expired().filter(document=document).first()
    if expired is None:
        return None
    if request.user.has_perm("brand.change_brandasset"):
        return None
    return render(request, "brand/assets/expired.html", {"asset": expired}, status=410)
