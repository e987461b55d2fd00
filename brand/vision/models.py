"""The vision hub: mission, vision, values and goals as statements staff discuss and rate."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from brand.pages import AreaIndexPage, StaffOnlyPage
from core.blocks import BaseStreamBlock
from core.models import BasePage
from people.models import Level


class VisionHubPage(AreaIndexPage):
    """Where the company says what it is for, and staff answer back."""

    subpage_types = ["brand.StatementPage"]

    class Meta:
        verbose_name = _("vision hub")


class StatementKind(models.TextChoices):
    MISSION = "mission", _("Mission")
    VISION = "vision", _("Vision")
    VALUE = "value", _("Value")
    GOAL = "goal", _("Strategic goal")


class StatementPage(StaffOnlyPage, BasePage):
    """One addressable statement: its words, what it means, who sponsors it."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=StatementKind.choices, default=StatementKind.VALUE
    )
    statement = models.CharField(
        _("statement"), max_length=300, help_text=_("The statement itself, in one sentence.")
    )
    explanation = StreamField(BaseStreamBlock(), verbose_name=_("explanation"), blank=True)
    # The page shows its sponsor's name: read with the page (core.models._served).
    served_with = ("sponsor",)
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("executive sponsor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_statements",
        help_text=_("The executive who owns this statement and sees its feedback."),
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("statement"), FieldPanel("sponsor")],
            heading=_("Statement"),
        ),
        FieldPanel("explanation"),
        InlinePanel("related_pages", label=_("Related knowledge")),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("statement", boost=1.5),
        index.SearchField("explanation"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["brand.VisionHubPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("statement")


class StatementRelatedPage(Orderable):
    page = ParentalKey(StatementPage, on_delete=models.CASCADE, related_name="related_pages")
    target = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )

    panels = [FieldPanel("target")]


def _score(verbose_name):
    return models.PositiveSmallIntegerField(
        verbose_name, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class FeedbackAnswer(models.Model):
    """One person's answer to a statement's three questions (1 to 5) at one moment.

    Append-only: changing an answer adds a row and clears `is_latest` on the previous one,
    so results count the latest answers and trends read the history. Department, level and
    location are copied from the profile when answering, so results group in SQL without
    joins and a later move between departments does not rewrite history.
    """

    statement = models.ForeignKey(StatementPage, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="statement_feedback"
    )
    understand = _score(_("I understand this"))
    agree = _score(_("I agree with this"))
    contribute = _score(_("I know how my work contributes"))
    comment = models.TextField(_("anything to add?"), max_length=2000, blank=True)
    department = models.ForeignKey(
        "people.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    location = models.ForeignKey(
        "people.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now, db_index=True)
    is_latest = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("statement feedback")
        indexes = [models.Index(fields=["statement", "is_latest"], name="brand_feedback_latest")]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "user"],
                condition=models.Q(is_latest=True),
                name="brand_one_latest_feedback",
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"brand_feedback_{name}_1_to_5",
                )
                for name in ("understand", "agree", "contribute")
            ),
        ]

    def __str__(self) -> str:
        return f"feedback {self.statement_id} by {self.user_id}"
