from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from brand.campaigns.services import banners_for
from brand.news.services import home_announcements
from core.blocks import BaseStreamBlock
from core.models import BasePage, PrivacyAwarePage
from core.permissions import viewable_pages
from core.policy import Action, policy
from insights.models import ActivityEvent
from knowledge.mustread import open_must_reads
from people.guests import home_spaces

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
    viewed = ActivityEvent.objects.recent_page_views(user).values_list("target_id", flat=True)
    order = list(dict.fromkeys(viewed[:50]))[:RECENTLY_VIEWED_ON_HOME]
    pages = viewable_pages(user).in_bulk(order)
    return [pages[pk] for pk in order if pk in pages]


class HomePage(PrivacyAwarePage, Page):
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
        context["can_edit"] = policy.user_has_permission_for_instance(user, Action.EDIT, self)
        context["recently_viewed"] = recently_viewed(user)
        context["open_must_reads"] = open_must_reads(user) if user.is_authenticated else []
        context["campaign_banners"] = banners_for(user)  # one query
        context["home_announcements"] = home_announcements(user)  # one query
        from home.onboarding.services import (  # noqa: PLC0415 - it imports these models (cycle)
            home_context as onboarding_context,
        )

        context.update(onboarding_context(user))  # one query
        context["guest_spaces"] = home_spaces(user)  # a guest's spaces (no query for staff)
        context["my_pages"] = (
            list(
                policy.instances_user_has_permission_for(user, Action.EXPLORE)
                .filter(owner=user)
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
