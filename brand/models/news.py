"""Announcements: news posts for an audience, pinned to home, expiring (Wagtail's expire_at)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from brand.forms import AudiencePageForm
from brand.models.audience import AudienceFields
from brand.models.campaigns import StaffOnlyPage
from core.blocks import BaseStreamBlock
from core.models import BasePage


class AnnouncementIndexPage(StaffOnlyPage, BasePage):
    # Staff only: guests (vendors, customers) never see this subtree (core.permissions).
    staff_only = True
    has_discussion = False

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["brand.AnnouncementPage"]
    max_count = 1

    class Meta:
        verbose_name = _("announcements")

    def get_context(self, request, *args, **kwargs):
        from brand.views.campaigns import announcement_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(announcement_index_context(request, self))
        return context


class AnnouncementPage(StaffOnlyPage, AudienceFields, BasePage):
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    pinned = models.BooleanField(
        _("pin to home"), default=False, help_text=_("Shown at the top of the audience's home.")
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("body"),
        FieldPanel("pinned"),
        MultiFieldPanel(
            [
                FieldPanel("audience_everyone"),
                FieldPanel("audience_groups"),
                FieldPanel("audience_departments"),
                FieldPanel("audience_locations"),
                FieldPanel("audience_levels"),
                FieldPanel("publish_to_nobody"),
            ],
            heading=_("Audience"),
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["brand.AnnouncementIndexPage"]
    subpage_types: list[str] = []
    base_form_class = AudiencePageForm

    class Meta:
        verbose_name = _("announcement")
