"""The brand hub: guidelines as pages (the asset library is brand.assets)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from brand.blocks import GuidelineStreamBlock
from brand.pages import AreaIndexPage, StaffOnlyPage
from core.models import BasePage


class BrandHubPage(AreaIndexPage):
    subpage_types = ["brand.BrandGuidelinePage"]

    class Meta:
        verbose_name = _("brand hub")


class BrandGuidelinePage(StaffOnlyPage, BasePage):
    """A guideline: palette, typography, tone of voice, logo usage, in purpose-built blocks."""

    body = StreamField(GuidelineStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["brand.BrandHubPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("brand guideline")
