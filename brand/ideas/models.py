"""The idea board: anyone proposes, everyone votes, communications move ideas along.

Ideas are pages (created for their author by `brand.ideas.services`), so comments,
reactions, watching, search and history come from what every page already has.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from brand.pages import AreaIndexPage, StaffOnlyPage
from core.models import BasePage


class IdeaBoardPage(AreaIndexPage):
    subpage_types = ["brand.IdeaPage"]

    class Meta:
        verbose_name = _("idea board")


class IdeaStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_REVIEW = "review", _("Under review")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged")


# Planned or done: the page the idea is about hears of it (its owner is told).
ACCEPTED = (IdeaStatus.PLANNED, IdeaStatus.DONE)


class IdeaPage(StaffOnlyPage, BasePage):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    problem = models.TextField(_("problem"), max_length=4000)
    proposal = models.TextField(_("proposal"), max_length=4000)
    about_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("about page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
        help_text=_("“Improve this page”: the page the idea is about."),
    )
    about_block_id = models.CharField(_("about section"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.NEW
    )
    status_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_ideas"
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("problem"),
        FieldPanel("proposal"),
        # Status moves only through brand.ideas.services (notifications, audit log).
        MultiFieldPanel(
            [FieldPanel("status", read_only=True), FieldPanel("status_reason", read_only=True)],
            heading=_("Status"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("problem"),
        index.SearchField("proposal"),
        index.FilterField("status"),
    ]
    parent_page_types = ["brand.IdeaBoardPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("idea")


class IdeaVote(models.Model):
    idea = models.ForeignKey(IdeaPage, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="brand_one_idea_vote")]

    def __str__(self) -> str:
        return f"vote for {self.idea_id} by {self.user_id}"
