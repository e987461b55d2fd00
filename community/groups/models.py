"""Communities of interest: a directory page, community pages, pinned pages and events.

A community is a Wagtail page, so everything pages have comes with it: the feed of posts
is its discussion (comments, reactions, mentions, watching), search and privacy are the
same as for any page. Membership is a Django group per community (like a space's owners
group); an invite-only community restricts viewing to that group with a Wagtail
`PageViewRestriction`, so `core.permissions` hides it on every read path at once.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from community.groups.access import check_not_guest
from core.models import BasePage, PrivacyAwarePage
from core.policy import Action, policy


class CommunitiesIndexPage(PrivacyAwarePage, Page):
    """The directory of communities (one per site, under the home page)."""

    # Staff only: guests (vendors, customers) never see this subtree (core.permissions).
    staff_only = True
    # In the header, under "People" with the directory (core.navigation).
    nav_group = "people"

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["community.CommunityPage"]
    max_count = 1

    class Meta:
        verbose_name = _("communities index")

    def serve(self, request, *args, **kwargs):
        check_not_guest(request.user)
        return super().serve(request, *args, **kwargs)


class Access(models.TextChoices):
    OPEN = "open", _("Open: anyone may join")
    INVITE_ONLY = "invite", _("Invite-only: only members see it")


class CommunityPageQuerySet(PageQuerySet):
    def with_activity(self, since) -> "CommunityPageQuerySet":
        """Member count and posts since `since`, in the same (GROUP BY) query."""
        return self.annotate(
            member_count=models.Count("members_group__user", distinct=True),
            recent_posts=models.Count(
                "comments",
                filter=models.Q(comments__created_at__gte=since, comments__status="visible"),
                distinct=True,
            ),
        )


class CommunityPage(BasePage):
    """A community of interest: purpose, owners, members, a feed of posts, events."""

    purpose = models.TextField(
        _("purpose"),
        max_length=1000,
        help_text=_("What the community is for and who should join."),
    )
    access = models.CharField(
        _("who may join"), max_length=10, choices=Access.choices, default=Access.OPEN
    )
    owners = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owners"),
        blank=True,
        related_name="owned_communities",
        help_text=_("They invite people, run events and moderate the community's posts."),
    )
    members_group = models.ForeignKey(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PageManager.from_queryset(CommunityPageQuerySet)()

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("purpose"),
        MultiFieldPanel([FieldPanel("access"), FieldPanel("owners")], heading=_("Membership")),
        InlinePanel("pinned_pages", label=_("Pinned pages")),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("purpose")]
    parent_page_types = ["community.CommunitiesIndexPage"]
    subpage_types = ["knowledge.QuestionPage"]

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    @property
    def is_invite_only(self) -> bool:
        return self.access == Access.INVITE_ONLY

    def route(self, request, path_components):
        """Not found (rather than "sign in as someone else") for a signed-in person who may
        not see it, and for guests: an invite-only community does not exist for outsiders,
        at its own URL and at the URLs of the questions in it."""
        user = request.user
        if user.is_authenticated and not policy.user_has_permission_for_instance(
            user, Action.STAFF, self
        ):
            raise Http404
        return super().route(request, path_components)


class CommunityPinnedPage(Orderable):
    """A page the owners keep at the top of the community (shown to who may read it)."""

    community = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="pinned_pages")
    target = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("pinned page")


class CommunityEventQuerySet(models.QuerySet):
    def upcoming(self, now=None) -> "CommunityEventQuerySet":
        now = now or timezone.now()
        return self.filter(
            models.Q(ends_at__gte=now) | models.Q(ends_at__isnull=True, starts_at__gte=now)
        ).order_by("starts_at", "pk")


class CommunityEvent(models.Model):
    """A meeting of a community: in a place, online (a link), or both; with an iCal file."""

    community = models.ForeignKey(CommunityPage, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True, help_text=_("Where to join online."))
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommunityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("community event")
        verbose_name_plural = _("community events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="community_event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M})"
