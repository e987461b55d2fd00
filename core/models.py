"""What every Hearth app shares: the user, the image model, brand settings, the base page."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page, Task, TaskState
from wagtail.search import index

from core import fragments, page_context, routing
from core.colour import readable_text_colour
from core.forms_pages import GovernedPageForm
from core.fragments import CacheVersion  # noqa: F401 - a model of this app
from core.permissions import PrivacyAwarePermissionTester
from core.sites import CachedSiteSetting
from core.workflows import ChecklistReview, SpaceOwnerReview


class User(AbstractUser):
    """Hearth's user. The person behind it lives in `people.Profile`."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @cached_property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class HearthImage(AbstractImage):
    credit = models.CharField(_("credit"), max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_hearthimage", "Can choose image")]


class HearthRendition(AbstractRendition):
    image = models.ForeignKey(HearthImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hex digits, e.g. #1f5f8b.")
)

FONT_STACKS = {
    "system": 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    "humanist": '"Seravek", "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", sans-serif',
    "serif": 'Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif',
    "mono": 'ui-monospace, "Cascadia Code", "Source Code Pro", Menlo, Consolas, monospace',
}


class FontChoice(models.TextChoices):
    SYSTEM = "system", _("System sans-serif")
    HUMANIST = "humanist", _("Humanist sans-serif")
    SERIF = "serif", _("Serif")
    MONO = "mono", _("Monospace")


@register_setting(icon="image")
class BrandSettings(CachedSiteSetting):
    """The brand values the site's theme is drawn from (CSS custom properties)."""

    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation_name = models.CharField(_("organisation name"), max_length=100, default="Hearth")
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#1f5f8b", validators=[hex_colour]
    )
    secondary_colour = models.CharField(
        _("secondary colour"), max_length=7, default="#b5482b", validators=[hex_colour]
    )
    heading_font = models.CharField(
        _("heading font"), max_length=20, choices=FontChoice.choices, default=FontChoice.SYSTEM
    )
    body_font = models.CharField(
        _("body font"), max_length=20, choices=FontChoice.choices, default=FontChoice.SYSTEM
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("logo")], heading=_("Identity")
        ),
        MultiFieldPanel(
            [FieldPanel("primary_colour"), FieldPanel("secondary_colour")], heading=_("Colours")
        ),
        MultiFieldPanel([FieldPanel("heading_font"), FieldPanel("body_font")], heading=_("Type")),
    ]

    class Meta:
        verbose_name = _("brand")

    @property
    def on_primary_colour(self) -> str:
        return readable_text_colour(self.primary_colour)

    @property
    def on_secondary_colour(self) -> str:
        return readable_text_colour(self.secondary_colour)

    @property
    def heading_font_stack(self) -> str:
        return FONT_STACKS[self.heading_font]

    @property
    def body_font_stack(self) -> str:
        return FONT_STACKS[self.body_font]


def _served(page: Page) -> Page:
    """The specific row of the page a request is served, with what its page type shows on
    every view (`served_with`: names of foreign keys, such as a statement's sponsor) joined
    in the same query instead of one more each."""
    model = page.specific_class
    related = getattr(model, "served_with", ()) if model is not None else ()
    if not related:
        return page.specific
    return model._default_manager.select_related(*related).get(pk=page.pk)


class PrivacyAwarePage:
    """Mixed into every page type (a test checks): Wagtail asks a page's specific class
    for its permission tester, and ours refuses everything on pages hidden from the
    person (`core.admin_privacy`)."""

    def permissions_for_user(self, user):
        return PrivacyAwarePermissionTester(user, self)

    def get_view_restrictions(self):
        """Wagtail's, or, while this page is being served (`core.hooks_privacy` asks
        `keep_view_restrictions` first), the same restrictions from the cache."""
        kept = getattr(self, "_hearth_view_restrictions", None)
        if kept is not None:
            return kept
        return super().get_view_restrictions()

    def keep_view_restrictions(self) -> None:
        """Load the restrictions on this page and above it (with their groups) from the
        cache, kept until a restriction or a page's place changes (TREE, PERMISSIONS), for
        Wagtail's serve check, which then runs on them as before (two queries saved)."""

        def load() -> list:
            found = super(PrivacyAwarePage, self).get_view_restrictions()  # reads the ancestors
            return list(found.prefetch_related("groups"))

        depends_on = (fragments.TREE, fragments.PERMISSIONS)
        self._hearth_view_restrictions = fragments.cached(
            "view-restrictions", (self.pk,), load, depends_on=depends_on
        )

    @property
    def current_workflow_state(self):
        """Wagtail's, without a query when the cache knows no workflow is in progress on
        this page (Wagtail's permission tester asks on every page view: may this reader act
        on a task?)."""
        if not hasattr(self, "_current_workflow_states") and not self._workflow_may_be_active():
            return None
        return super().current_workflow_state

    def _workflow_may_be_active(self) -> bool:
        """False when no workflow is in progress (or awaiting changes) on this page, kept
        until any workflow state is saved or deleted (core.fragments.WORKFLOWS); only that
        answer is used, an active workflow is always read live."""
        if not self.pk:
            return False
        return fragments.cached(
            "workflow-active",
            (self.pk,),
            lambda: self.workflow_states.active().exists(),
            depends_on=(fragments.WORKFLOWS,),
        )

    def route(self, request, path_components):
        """Wagtail's routing in one query instead of two a level: the pages on the path
        by their `url_path`, kept in the cache until the tree changes (core.routing), then
        the last one's specific row, read fresh. Wagtail walks the path a level at a time
        (the child by slug, then its specific row); that walk is kept whenever a page on
        the way routes on its own (a `route` of its own, such as an invite-only
        community's) or the path does not lead to one page a level."""
        if not path_components:
            return super().route(request, path_components)
        find = lambda: self._find_route(path_components)  # noqa: E731
        found = routing.cached_route(self, path_components, find)
        if found is None:
            return super().route(request, path_components)
        chain = found.chain
        target = _served(chain[-1])
        parent = chain[-2] if len(chain) > 1 else self
        target.route_parent = parent
        target._cached_parent_obj = found.parent if found.parent is not None else self
        if self.depth == 2:  # a site's root under the tree's root: the whole trail is known
            target.route_ancestors = [self, *chain[:-1]]
        return target.route(request, [])

    def _find_route(self, path_components) -> "routing.Route | None":
        """The pages on `path_components` below this page, if each is one level below the
        last and none but the last routes on its own (else None: Wagtail's walk)."""
        prefixes = [
            self.url_path + "/".join(path_components[: level + 1]) + "/"
            for level in range(len(path_components))
        ]
        chain = list(
            Page.objects.filter(
                url_path__in=prefixes, path__startswith=self.path, depth__gt=self.depth
            ).order_by("depth")
        )
        walkable = [page.url_path for page in chain] == prefixes and all(
            page.depth == self.depth + level + 1 for level, page in enumerate(chain)
        )
        if not walkable or not all(
            getattr(page.specific_class, "route", None) is PrivacyAwarePage.route
            for page in chain[:-1]
        ):
            return None
        return routing.Route(tuple(chain), chain[-2].specific if len(chain) > 1 else None)

    def get_parent(self, update=False):
        """The specific parent, as Wagtail's walk leaves it cached on a routed page (the
        userbar asks for it, a knowledge page's space is it): loaded once, from the row
        the routing found."""
        route_parent = getattr(self, "route_parent", None)
        if route_parent is not None and not update and not hasattr(self, "_cached_parent_obj"):
            self._cached_parent_obj = route_parent.specific
        return super().get_parent(update)

    def breadcrumb_ancestors(self) -> list:
        """The pages above this one, below the tree's root, for its breadcrumbs: those the
        routing loaded when it found the page, else one query."""
        ancestors = getattr(self, "route_ancestors", None)
        if ancestors is None:
            return [page for page in self.get_ancestors() if not page.is_root()]
        return [page for page in ancestors if page.depth > 1]

    def get_context(self, request, *args, **kwargs):
        """Wagtail's context plus what the features provide for this page (core.page_context):
        page types do not override this."""
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context.build(self, request.user, request.GET))
        return context


class BasePage(PrivacyAwarePage, Page):
    """The base of Hearth's content pages: who owns the content and how it is listed.

    Wagtail's own `Page.owner` is whoever created the page (and drives "edit own pages"
    permissions); `content_owner` is the person accountable for the content being right.
    """

    content_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The person accountable for this content."),
    )
    listing_summary = models.TextField(
        _("listing summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown in lists and search results."),
    )
    listing_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("listing_summary", boost=1.5),  # title (2) > summary > body
    ]
    content_panels = [*Page.content_panels, FieldPanel("listing_summary")]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("content_owner"), FieldPanel("listing_image")],
            heading=_("Ownership and listing"),
        ),
    ]

    # Pages readers can discuss: comments, annotations, reactions, watching (community app).
    has_discussion = True

    # Editing is not governing (core.forms_pages.GovernedPageForm): fields only the page's
    # governors may change, and review fields its content owner may change too.
    governance_fields: tuple[str, ...] = ()
    review_fields: tuple[str, ...] = ("content_owner",)
    base_form_class = GovernedPageForm

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("can_edit", self.permissions_for_user(request.user).can_edit())
        return context


class ChecklistTask(ChecklistReview, Task):
    """A workflow step whose reviewer must tick every item before approving.

    The items are the task's own (one per line, e.g. "Accurate", "On-brand tone", "No
    personal data", "Legal checked"); the ticks are kept with the approval on
    `ChecklistTaskState.ticked`. Who may act is a set of groups, as in Wagtail's
    GroupApprovalTask.
    """

    groups = models.ManyToManyField(
        "auth.Group",
        verbose_name=_("reviewer groups"),
        help_text=_("Members of these groups may review this step."),
        related_name="+",
    )
    items = models.TextField(
        _("checklist"),
        help_text=_("One item per line; the reviewer must tick each before approving."),
    )

    admin_form_fields = [*Task.admin_form_fields, "groups", "items"]

    class Meta:
        verbose_name = _("checklist review")
        verbose_name_plural = _("checklist reviews")

    @property
    def item_list(self) -> list[str]:
        return [line.strip() for line in self.items.splitlines() if line.strip()]


class ChecklistTaskState(TaskState):
    """One run of a checklist review on one revision: which items the reviewer ticked."""

    ticked = models.JSONField(_("ticked items"), default=list, blank=True)

    class Meta:
        verbose_name = _("checklist review state")


ChecklistTask.task_state_class = ChecklistTaskState


class SpaceOwnerApprovalTask(SpaceOwnerReview, Task):
    """A workflow step approved by the owners of the page's knowledge space, found when
    asked: one workflow serves every space (behaviour in core.workflows)."""

    class Meta:
        verbose_name = _("space owner approval")
        verbose_name_plural = _("space owner approvals")


class JobRun(models.Model):
    """One run of a scheduled job (core/schedule.py): the slot its cron gave it, unique per
    job, so two schedulers never enqueue the same slot twice; what became of it, for the
    administrators' "Scheduled jobs" report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        RETRYING = "retrying", _("Failed, will retry")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped: already running")

    job = models.CharField(_("job"), max_length=100)
    slot = models.DateTimeField(_("scheduled for"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    enqueued_at = models.DateTimeField(_("enqueued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("scheduled job run")
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="core_jobrun_one_per_slot")
        ]
        indexes = [models.Index(fields=["-slot"], name="core_jobrun_slot")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M:%S}"


class JobLock(models.Model):
    """Held while a job runs, whichever process runs it: taken by one conditional UPDATE
    (free, or left by a run that died and expired), so a second run of the same job skips."""

    job = models.CharField(max_length=100, primary_key=True)
    run = models.ForeignKey(JobRun, null=True, blank=True, on_delete=models.SET_NULL)
    holder = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.job
