"""Announcements: news posts for an audience, pinned to home, expiring (Wagtail's expire_at)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from brand.audience.forms import AudiencePageForm
from brand.audience.models import AudienceFields
from brand.pages import AreaIndexPage, StaffOnlyPage
from core.blocks import BaseStreamBlock
from core.models import BasePage


class AnnouncementIndexPage(AreaIndexPage):
    subpage_types = ["brand.AnnouncementPage"]

    class Meta:
        verbose_name = _("announcements")


class AnnouncementPage(StaffOnlyPage, AudienceFields, BasePage):
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    pinned = models.BooleanField(
        _("pin to home"), default=False, help_text=_("Shown at the top of the audience's home.")
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("body"),
        FieldPanel("pinned"),
        AudienceFields.audience_panel(),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["brand.AnnouncementIndexPage"]
    subpage_types: list[str] = []
    base_form_class = AudiencePageForm

    class Meta:
        verbose_name = _("announcement")
