"""The brand hub: guidelines as pages, and the asset library on Wagtail images and documents."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from brand.blocks import GuidelineStreamBlock
from core.models import BasePage
from core.policy import Action, policy


class HubReadersOnly:
    """The brand hub is for staff: guests get a 404, as if it were not there."""

    def serve(self, request, *args, **kwargs):
        if not policy.user_has_permission(request.user, Action.STAFF):
            raise Http404
        return super().serve(request, *args, **kwargs)


class BrandHubPage(HubReadersOnly, BasePage):
    # Staff only: guests (vendors, customers) never see this subtree (core.permissions).
    staff_only = True
    has_discussion = False

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["brand.BrandGuidelinePage"]
    max_count = 1

    class Meta:
        verbose_name = _("brand hub")

    def get_context(self, request, *args, **kwargs):
        from brand.services.assets import hub_context

        context = super().get_context(request, *args, **kwargs)
        context.update(hub_context(request, self))
        return context


class BrandGuidelinePage(HubReadersOnly, BasePage):
    """A guideline: palette, typography, tone of voice, logo usage, in purpose-built blocks."""

    body = StreamField(GuidelineStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["brand.BrandHubPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("brand guideline")


class BrandAssetQuerySet(models.QuerySet):
    """Query shapes for the asset library and its admin; `today` defaults to the local date."""

    def current(self, today: date | None = None) -> "BrandAssetQuerySet":
        """Not expired: no expiry date, or one from today on (an asset is usable on its
        expiry date and gone the day after)."""
        today = today or timezone.localdate()
        return self.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))

    def expired(self, today: date | None = None) -> "BrandAssetQuerySet":
        return self.filter(expires_on__lt=today or timezone.localdate())

    def expiring_within(self, days: int, today: date | None = None) -> "BrandAssetQuerySet":
        today = today or timezone.localdate()
        return self.filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=days))

    def outside_collections(self, paths: list[str]) -> "BrandAssetQuerySet":
        """Without the assets whose file sits in one of these collections or below them."""
        hidden = Q()
        for path in paths:
            hidden |= Q(image__collection__path__startswith=path)
            hidden |= Q(document__collection__path__startswith=path)
        return self.exclude(hidden) if paths else self

    def in_collection(self, collection_id: int) -> "BrandAssetQuerySet":
        return self.filter(
            Q(image__collection_id=collection_id) | Q(document__collection_id=collection_id)
        )

    def matching(self, text: str) -> "BrandAssetQuerySet":
        return self.filter(Q(title__icontains=text) | Q(description__icontains=text))

    def with_download_counts(self) -> "BrandAssetQuerySet":
        """`download_count` on each row: one GROUP BY, not a query per asset."""
        return self.annotate(download_count=Count("downloads"))

    def with_files(self, thumbnail_spec: str | None = None) -> "BrandAssetQuerySet":
        """The image or document and its collection in the same query; the thumbnails'
        renditions (when a spec is given) in one more."""
        queryset = self.select_related(
            "image", "image__collection", "document", "document__collection"
        )
        if thumbnail_spec:
            from wagtail.images import get_image_model

            renditions = (
                get_image_model().get_rendition_model().objects.filter(filter_spec=thumbnail_spec)
            )
            queryset = queryset.prefetch_related(
                Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions")
            )
        return queryset


class BrandAsset(index.Indexed, models.Model):
    """An image or a document in the brand library, with its usage rights and expiry.

    Exactly one of `image` and `document` is set. The file itself stays a Wagtail image or
    document (collections, renditions, privacy); this row adds what the brand team needs.
    """

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="brand_assets",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="brand_assets",
    )
    usage_rights = models.TextField(
        _("usage rights"), max_length=2000, blank=True, help_text=_("Who may use it, and where.")
    )
    expires_on = models.DateField(
        _("expires on"),
        null=True,
        blank=True,
        help_text=_("After this date staff no longer see or download it."),
    )
    expiry_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = BrandAssetQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("description")], heading=_("About this asset")
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("document")], heading=_("File")),
        MultiFieldPanel(
            [FieldPanel("usage_rights"), FieldPanel("expires_on")], heading=_("Rights")
        ),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("expires_on"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("brand asset")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(image__isnull=False, document__isnull=True)
                    | models.Q(image__isnull=True, document__isnull=False)
                ),
                name="brand_asset_image_xor_document",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def file(self):
        """The Wagtail image or document this asset is."""
        return self.image if self.image_id else self.document

    @property
    def collection(self):
        file = self.file
        return file.collection if file is not None else None

    @property
    def is_image(self) -> bool:
        return self.image_id is not None

    def is_expired(self, today: date | None = None) -> bool:
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())


class AssetDownload(models.Model):
    """One download (a size of an image, or the document): counts come from GROUP BY."""

    asset = models.ForeignKey(BrandAsset, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    size = models.CharField(max_length=40, blank=True)
    downloaded_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"download of {self.asset_id} ({self.size or 'original'})"
