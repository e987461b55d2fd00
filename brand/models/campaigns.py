"""Campaigns: key messages carried to an audience, through channels, and measured."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from brand.forms import CampaignPageForm
from brand.models.audience import AudienceFields
from core.blocks import BaseStreamBlock
from core.models import BasePage
from core.policy import Action, policy
from people.models import Level


class StaffOnlyPage:
    """Campaigns and announcements are for staff: guests get a 404, as if they were not
    there (a mixin for the page classes; it adds no fields)."""

    def serve(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not policy.user_has_permission(user, Action.STAFF):
            raise Http404
        return super().serve(request, *args, **kwargs)


class CampaignIndexPage(StaffOnlyPage, BasePage):
    # Staff only: guests (vendors, customers) never see this subtree (core.permissions).
    staff_only = True
    has_discussion = False

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["brand.CampaignPage"]
    max_count = 1

    class Meta:
        verbose_name = _("campaigns")

    def get_context(self, request, *args, **kwargs):
        from brand.views.campaigns import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(request, self))
        return context


class CampaignPage(StaffOnlyPage, AudienceFields, BasePage):
    """A campaign. Go-live and expiry are Wagtail's scheduled publishing (go_live_at,
    expire_at); the channels say where it shows: a home banner, a must-read, an email."""

    goal = models.TextField(_("goal"), max_length=1000, blank=True)
    key_messages = StreamField(
        [("message", blocks.CharBlock(max_length=300, label=_("Key message")))],
        verbose_name=_("key messages"),
        blank=True,
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    # Channels
    show_banner = models.BooleanField(_("home-page banner for the audience"), default=True)
    banner_text = models.CharField(_("banner text"), max_length=200, blank=True)
    must_read_page = models.ForeignKey(
        "knowledge.KnowledgePage",
        verbose_name=_("must-read page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Made a must-read for the campaign's audience when it goes live."),
    )
    send_email = models.BooleanField(_("email announcement"), default=False)
    email_subject = models.CharField(_("email subject"), max_length=200, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    assets = ParentalManyToManyField(
        "brand.BrandAsset", verbose_name=_("linked assets"), blank=True, related_name="campaigns"
    )
    pulse_question = models.CharField(
        _("pulse question"),
        max_length=200,
        blank=True,
        help_text=_(
            "One question answered on a 1 to 5 scale, e.g. “I know why we are doing this.”"
        ),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("goal"),
        FieldPanel("key_messages"),
        FieldPanel("body"),
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
        MultiFieldPanel(
            [
                FieldPanel("show_banner"),
                FieldPanel("banner_text"),
                FieldPanel("must_read_page"),
                FieldPanel("send_email"),
                FieldPanel("email_subject"),
            ],
            heading=_("Channels"),
        ),
        FieldPanel("assets"),
        FieldPanel("pulse_question"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("goal"),
        index.SearchField("key_messages"),
        index.SearchField("body"),
    ]
    parent_page_types = ["brand.CampaignIndexPage"]
    subpage_types: list[str] = []
    base_form_class = CampaignPageForm

    class Meta:
        verbose_name = _("campaign")

    def with_content_json(self, content):
        """A revision never brings back an older `email_sent_at`: the email goes out once."""
        page = super().with_content_json(content)
        page.email_sent_at = self.email_sent_at
        return page

    def get_context(self, request, *args, **kwargs):
        from brand.views.campaigns import campaign_context

        context = super().get_context(request, *args, **kwargs)
        context.update(campaign_context(request, self))
        return context


class PulseAnswer(models.Model):
    """A person's answer (1 to 5) to a campaign's pulse question (one per person; changeable).

    Department, level and location are copied from the profile when answering, so the
    report groups in SQL without joins."""

    campaign = models.ForeignKey(CampaignPage, on_delete=models.CASCADE, related_name="pulse")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    department = models.ForeignKey(
        "people.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    location = models.ForeignKey(
        "people.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="brand_one_pulse_answer"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="brand_pulse_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"pulse {self.campaign_id} by {self.user_id}: {self.value}"
