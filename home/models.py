from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.models import BasePage
from core.permissions import viewable_pages
from knowledge.mustread import open_must_reads

LATEST_ON_HOME = 8
RECENTLY_VIEWED_ON_HOME = 6
UPDATES_PER_PAGE = 20


def latest_updates(user):
    """Published content the reader may see, newest first, with who published it."""
    return (
        viewable_pages(user)
        .filter(depth__gt=2)
        .select_related("live_revision__user")
        .order_by("-last_published_at", "-pk")
    )


def recently_viewed(user) -> list[Page]:
    """Pages the reader opened lately (from the activity ledger), newest first."""
    if not user.is_authenticated:
        return []
    from insights.models import ActivityEvent

    viewed = ActivityEvent.objects.recent_page_views(user).values_list("target_id", flat=True)
    order = list(dict.fromkeys(viewed[:50]))[:RECENTLY_VIEWED_ON_HOME]
    pages = viewable_pages(user).in_bulk(order)
    return [pages[pk] for pk in order if pk in pages]


class HomePage(Page):
    """A personal start page: what is new, where things are, and what is yours."""

    heading = models.CharField(_("heading"), max_length=120, default="Welcome to Hearth")
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("heading"), FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context["latest_updates"] = list(latest_updates(user)[:LATEST_ON_HOME])
        context["sections"] = list(viewable_pages(user).child_of(self).in_menu().order_by("path"))
        context["can_edit"] = user.is_authenticated and self.permissions_for_user(user).can_edit()
        context["recently_viewed"] = recently_viewed(user)
        context["open_must_reads"] = open_must_reads(user) if user.is_authenticated else []
        context["my_pages"] = (
            list(
                Page.objects.filter(owner=user)
                .select_related("latest_revision")
                .order_by("-latest_revision_created_at")[:6]
            )
            if user.is_authenticated
            else []
        )
        return context


class StandardPage(BasePage):
    """A general information page: about the company, how Hearth works, where to get help."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("information page")
