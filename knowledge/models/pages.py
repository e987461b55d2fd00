"""The wiki's page types: the knowledge index, spaces and knowledge pages."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.models import BasePage, PrivacyAwarePage
from knowledge.blocks import KnowledgeStreamBlock
from knowledge.forms import KnowledgePageForm
from knowledge.models.governance import Verification

# A page is "Review due" from its due date, and "Stale" this long after it.
STALE_AFTER = timedelta(days=30)


class KnowledgeIndexPage(PrivacyAwarePage, Page):
    """The wiki's front door: every space the reader may see."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["knowledge.SpacePage", "knowledge.ArchivePage"]
    max_count = 1

    class Meta:
        verbose_name = _("knowledge index")


class EditPolicy(models.TextChoices):
    EVERYONE = "everyone", _("Every employee (wiki style)")
    EDITORS = "editors", _("Only this space's editors and owners")


class StalePolicy(models.TextChoices):
    NOTHING = "nothing", _("Nothing: remind the owners")
    HIDE = "hide", _("Hide from search and show a warning")
    ARCHIVE = "archive", _("Unpublish and move to the archive")


class SpacePage(BasePage):
    """A space: one team's or topic's pages, with owners who keep them right."""

    has_discussion = False  # a listing; people discuss its pages (and can watch it all)

    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "link", "ul"]
    )
    owners = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owners"),
        blank=True,
        related_name="owned_spaces",
        help_text=_("They approve changes and keep the pages verified."),
    )
    editors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editors"),
        blank=True,
        related_name="edited_spaces",
    )
    edit_policy = models.CharField(
        _("who may edit"), max_length=20, choices=EditPolicy.choices, default=EditPolicy.EVERYONE
    )
    review_interval_days = models.PositiveIntegerField(
        _("review every (days)"),
        default=180,
        help_text=_("How often pages here should be verified; a page may override it."),
    )
    stale_policy = models.CharField(
        _("when a page goes stale"),
        max_length=20,
        choices=StalePolicy.choices,
        default=StalePolicy.NOTHING,
    )
    stale_policy_days = models.PositiveIntegerField(
        _("stale for (days)"),
        null=True,
        blank=True,
        help_text=_("Apply the policy to pages stale for this many days."),
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("files collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Images and documents of this space; private when the space is."),
    )
    owners_group = models.ForeignKey(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    editors_group = models.ForeignKey(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    # The owners govern the space and its pages (core.permissions.may_govern); the whole
    # Governance panel is theirs, whoever else the edit policy lets edit.
    governors_field = "owners"
    # Its files live in `collection` (core.privacy: a pinhole opens them to guests).
    files_collection_field = "collection"
    governance_fields = (
        "owners",
        "editors",
        "edit_policy",
        "review_interval_days",
        "stale_policy",
        "stale_policy_days",
        "collection",
        "content_owner",
    )
    review_fields = ()

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("owners"),
                FieldPanel("editors"),
                FieldPanel("edit_policy"),
                FieldPanel("review_interval_days"),
                FieldPanel("stale_policy"),
                FieldPanel("stale_policy_days"),
                FieldPanel("collection"),
            ],
            heading=_("Governance"),
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("description")]
    parent_page_types = ["knowledge.KnowledgeIndexPage"]
    subpage_types = ["knowledge.KnowledgePage", "knowledge.QuestionPage"]

    class Meta:
        verbose_name = _("space")


class KnowledgePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge.KnowledgePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Kind(models.TextChoices):
    HOW_TO = "howto", _("How-to")
    POLICY = "policy", _("Policy")
    REFERENCE = "reference", _("Reference")
    GUIDE = "guide", _("Guide")
    FAQ = "faq", _("FAQ")


class ReviewStatus(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    REVIEW_DUE = "due", _("Review due")
    STALE = "stale", _("Stale")


def review_status_rule(now) -> Case:
    """`KnowledgePage.review_status`'s rule in SQL, from the stored review date
    (`next_review_at`) and whether the page was ever verified."""
    verified = Exists(Verification.objects.filter(page=OuterRef("pk")))
    return Case(
        When(next_review_at__lte=now - STALE_AFTER, then=Value(ReviewStatus.STALE)),
        When(
            Q(next_review_at__lte=now) | Q(next_review_at__isnull=True) | ~verified,
            then=Value(ReviewStatus.REVIEW_DUE),
        ),
        default=Value(ReviewStatus.VERIFIED),
        output_field=models.CharField(),
    )


class KnowledgePageQuerySet(PageQuerySet):
    def with_review_status(self, now=None) -> "KnowledgePageQuerySet":
        """Annotate `review_status` computed in SQL by `review_status_rule` (an EXISTS per
        row: the reference the stored `stored_review_status` is checked against)."""
        return self.annotate(review_status=review_status_rule(now or timezone.now()))

    def store_review_status(self, now=None) -> int:
        """Write each page's status by the rule into `stored_review_status` (one UPDATE;
        called wherever the review date or the verifications change)."""
        return self.update(stored_review_status=review_status_rule(now or timezone.now()))

    def review_status_passed(self, now=None) -> "KnowledgePageQuerySet":
        """The pages whose stored status time has overtaken: verified past their due date,
        due past the stale line (the index on status and date finds them)."""
        now = now or timezone.now()
        return self.filter(
            Q(stored_review_status=ReviewStatus.VERIFIED, next_review_at__lte=now)
            | Q(stored_review_status=ReviewStatus.REVIEW_DUE, next_review_at__lte=now - STALE_AFTER)
        )

    def with_review(self) -> "KnowledgePageQuerySet":
        """Annotate what the review status needs, in the same query: the last verification
        and the interval of the page's space (its ancestor at the space's depth)."""
        latest = Verification.objects.filter(page=OuterRef("pk")).order_by("-verified_at")
        space = SpacePage.objects.filter(path=Left(OuterRef("path"), F("depth") * 4)).exclude(
            depth__gte=OuterRef("depth")
        )
        return self.annotate(
            last_verified_at=Subquery(latest.values("verified_at")[:1]),
            space_interval_days=Subquery(space.values("review_interval_days")[:1]),
        )


class KnowledgePage(BasePage):
    """A how-to, policy, reference, guide or FAQ.

    One model with a `kind` rather than five: they share every field, workflow, history and
    review rule; the kind only labels and filters. Five models would mean five migrations,
    five templates and a union query for every listing, for no difference in behaviour.
    """

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.HOW_TO)
    body = StreamField(KnowledgeStreamBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=KnowledgePageTag, blank=True)
    review_interval_days = models.PositiveIntegerField(
        _("review every (days)"),
        null=True,
        blank=True,
        help_text=_("Leave blank to use the space's interval."),
    )
    next_review_at = models.DateTimeField(
        _("next review due"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_(
            "Stored by knowledge.review.refresh_due_dates: the last verification (else the "
            "first publication) plus the review interval."
        ),
    )
    stored_review_status = models.CharField(
        _("review status"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.REVIEW_DUE,
        db_default=ReviewStatus.REVIEW_DUE,  # rows written in bulk (bench/corpus.py), until dated
        editable=False,
        help_text=_(
            "Stored by governance.review.services (refresh_due_dates on every change of the "
            "date or the verifications, advance_review_statuses as dates pass): "
            "`review_status`'s rule, so listings count and filter statuses on an index."
        ),
    )
    hidden_as_stale_at = models.DateTimeField(
        _("hidden as stale since"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set by the review job under a space's hide policy; verifying clears it."),
    )
    # Stored with each revision: what changed and whether readers must know.
    change_note = models.CharField(
        _("change note"),
        max_length=250,
        blank=True,
        help_text=_("What you changed, in a sentence. Readers see it in the page's history."),
    )
    material_change = models.BooleanField(
        _("material change"),
        default=False,
        help_text=_("Tick if readers must re-read: must-read acknowledgements start over."),
    )

    objects = PageManager.from_queryset(KnowledgePageQuerySet)()
    base_form_class = KnowledgePageForm
    review_fields = ("content_owner", "review_interval_days")

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("kind"),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("related_links", label=_("Related pages")),
        MultiFieldPanel(
            [FieldPanel("change_note"), FieldPanel("material_change")],
            heading=_("About this change"),
        ),
    ]
    promote_panels = [*BasePage.promote_panels, FieldPanel("review_interval_days")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body", boost=1),
        index.FilterField("kind"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["knowledge.SpacePage", "knowledge.KnowledgePage", "knowledge.ArchivePage"]
    subpage_types = ["knowledge.KnowledgePage"]

    class Meta:
        verbose_name = _("knowledge page")
        indexes = [
            # advance_review_statuses: the pages of one status whose date has passed.
            models.Index(
                fields=["stored_review_status", "next_review_at"],
                name="knowledge_status_due_idx",
            ),
        ]

    # Review cycle -----------------------------------------------------------------
    def review_interval(self) -> timedelta:
        days = self.review_interval_days or getattr(self, "space_interval_days", None)
        if days is None:
            space = self.space
            days = space.review_interval_days if space else 180
        return timedelta(days=days)

    def _last_verified_at(self):
        if hasattr(self, "last_verified_at"):
            return self.last_verified_at
        latest = self.verifications.order_by("-verified_at").first()
        return latest.verified_at if latest else None

    def review_due_at(self):
        base = self._last_verified_at() or self.first_published_at or timezone.now()
        return base + self.review_interval()

    def review_status(self, now=None) -> ReviewStatus:
        """Verified until the due date; Review due from then (or if never verified);
        Stale once STALE_AFTER has passed since the due date."""
        now = now or timezone.now()
        due = self.review_due_at()
        if now >= due + STALE_AFTER:
            return ReviewStatus.STALE
        if now >= due or self._last_verified_at() is None:
            return ReviewStatus.REVIEW_DUE
        return ReviewStatus.VERIFIED

    @cached_property
    def space(self) -> "SpacePage | None":
        route_parent = getattr(self, "route_parent", None)  # core.models.PrivacyAwarePage.route
        if route_parent is not None and route_parent.specific_class is SpacePage:
            return self.get_parent()  # the userbar asks for it too: loaded once
        return SpacePage.objects.ancestor_of(self).first()

    def get_admin_display_title(self):
        return self.draft_title or self.title

    def get_preview_context(self, request, mode_name):
        # A preview shows a draft: its side panel is never read from or put into the cache
        # that readers of the live page share (knowledge.reading.side_panel).
        self.is_preview_copy = True
        return super().get_preview_context(request, mode_name)


class RelatedKnowledge(Orderable):
    page = ParentalKey(KnowledgePage, on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )

    panels = [FieldPanel("target")]


class ArchivePage(PrivacyAwarePage, Page):
    """Where a space's "archive" policy moves stale pages, unpublished; restoring moves a
    page back to where it was (`ArchivedPage.original_parent`) and republishes it."""

    parent_page_types = ["knowledge.KnowledgeIndexPage"]
    subpage_types = ["knowledge.KnowledgePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("archive")


class ArchivedPage(models.Model):
    """A page the archive policy (or an owner) moved to the archive: enough to undo it."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="archived"
    )
    original_parent = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    archived_at = models.DateTimeField(default=timezone.now)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("archived page")

    def __str__(self) -> str:
        return f"archived {self.page_id}"
