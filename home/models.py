from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from brand.audience.models import AudienceFields
from core.blocks import BaseStreamBlock
from core.models import BasePage, PrivacyAwarePage


class HomePage(PrivacyAwarePage, Page):
    """A personal start page: what is new, where things are, and what is yours."""

    heading = models.CharField(_("heading"), max_length=120, default="Welcome to Hearth")
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("heading"), FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")


class StandardPage(BasePage):
    """A general information page: about the company, how Hearth works, where to get help."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("information page")


class StepKind(models.TextChoices):
    READ = "read", _("Read a page")
    MUST_READ = "must_read", _("Read and acknowledge a must-read")
    JOIN = "join", _("Join a community")
    MEET = "meet", _("Meet someone")
    TASK = "task", _("Something else")


class OnboardingPath(ClusterableModel):
    """A curated way in for new people: pages, communities, people to meet, must-reads."""

    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        InlinePanel("steps", label=_("Steps")),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("onboarding path")

    def __str__(self) -> str:
        return self.title


class OnboardingStep(Orderable):
    path = ParentalKey(OnboardingPath, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices)
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page or community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person to meet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("note"),
        FieldPanel("page"),
        FieldPanel("person"),
    ]

    def __str__(self) -> str:
        return self.title


class OnboardingAssignment(models.Model):
    """A path given to one person, by communications or their manager."""

    path = models.ForeignKey(OnboardingPath, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="onboarding"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("onboarding assignment")
        constraints = [
            models.UniqueConstraint(fields=["path", "user"], name="home_one_assignment_per_path")
        ]

    def __str__(self) -> str:
        return f"{self.path_id} for {self.user_id}"


class OnboardingProgress(models.Model):
    """A step ticked off (by the person, or automatically: a must-read acknowledged)."""

    assignment = models.ForeignKey(
        OnboardingAssignment, on_delete=models.CASCADE, related_name="progress"
    )
    step = models.ForeignKey(OnboardingStep, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "step"], name="home_step_done_once")
        ]

    def __str__(self) -> str:
        return f"step {self.step_id} of {self.assignment_id}"


class FeaturedItem(AudienceFields):
    """A page communications put on the start page for a while: one may be the hero.

    Shown from `starts_at` until `expires_at` (none: until removed), to its audience (the
    announcements' rule), and only to readers who may open the page itself.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    headline = models.CharField(
        _("headline"), max_length=150, blank=True, help_text=_("Leave blank to use the title.")
    )
    teaser = models.TextField(
        _("teaser"),
        max_length=300,
        blank=True,
        help_text=_("A sentence or two; leave blank to use the page's summary."),
    )
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero = models.BooleanField(
        _("hero"), default=False, help_text=_("Shown large at the top of home (the newest hero).")
    )
    starts_at = models.DateTimeField(_("show from"), default=timezone.now)
    expires_at = models.DateTimeField(
        _("show until"), null=True, blank=True, help_text=_("Leave blank to keep it until removed.")
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )

    panels = [
        FieldPanel("page"),
        FieldPanel("headline"),
        FieldPanel("teaser"),
        FieldPanel("image"),
        FieldPanel("hero"),
        FieldPanel("starts_at"),
        FieldPanel("expires_at"),
        FieldPanel("sort_order"),
        MultiFieldPanel(
            [
                FieldPanel("audience_everyone"),
                FieldPanel("audience_groups"),
                FieldPanel("audience_departments"),
                FieldPanel("audience_locations"),
                FieldPanel("audience_levels"),
            ],
            heading=_("Audience"),
        ),
    ]

    class Meta:
        ordering = ["-hero", "sort_order", "-starts_at", "pk"]
        verbose_name = _("featured page")
        verbose_name_plural = _("featured pages")

    def __str__(self) -> str:
        return self.headline or str(self.page_id)

    def clean(self) -> None:
        super().clean()
        if self.expires_at and self.starts_at and self.expires_at <= self.starts_at:
            raise ValidationError({"expires_at": _("Choose a time after the start.")})

    def is_showing(self, now) -> bool:
        return self.starts_at <= now and (self.expires_at is None or self.expires_at > now)
