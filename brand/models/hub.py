"""The brand hub: guidelines as pages, and the asset library on Wagtail images and documents."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from brand.blocks import GuidelineStreamBlock
from core.models import BasePage


class BrandHubPage(BasePage):
    has_discussion = False

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["brand.BrandGuidelinePage"]
    max_count = 1

    class Meta:
        verbose_name = _("brand hub")


class BrandGuidelinePage(BasePage):
    """A guideline: palette, typography, tone of voice, logo usage, in purpose-built blocks."""

    body = StreamField(GuidelineStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["brand.BrandHubPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("brand guideline")


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
