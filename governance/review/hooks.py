"""Wagtail hooks for the review cycle (governance issue): the stale-content report in the
admin (Reports → Stale content) and the audit log's labels for the review cycle.

The report lists knowledge pages that need attention: due soon, overdue, stale, hidden as
stale, archived; filtered by space, owner and status; exported as CSV or XLSX.
Administrators and communications see every space, space owners their own spaces only,
anyone else gets 403. Its first page costs a constant number of queries: one for the
tree's layout, one count, one page of rows (due dates and states computed in SQL by
`governance.review.services.ReviewQuerySet`), then one each for the page's space titles and
owner names.
"""

import django_filters
from django.db.models import F, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from core.models import User
from core.permissions import visible_pages_for_admin
from core.reports import RestrictedReportView, register_log_labels, register_report
from governance.review import services as review
from knowledge.models import KnowledgePage, SpacePage, Verification

STATUS_CHOICES = [
    (state.value, state.label) for state in review.ReviewState if state != review.ReviewState.OK
]


def _spaces(request):
    spaces = SpacePage.objects.order_by("title")
    if request is not None:
        spaces = visible_pages_for_admin(request.user, spaces)
    if request is None or review.is_review_admin(request.user):
        return spaces
    return spaces.filter(owners=request.user)


def _owners(request):
    return User.objects.filter(
        pk__in=KnowledgePage.objects.filter(content_owner__isnull=False).values("content_owner")
    ).order_by("first_name", "last_name", "username")


class StaleReportFilterSet(WagtailFilterSet):
    space = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Space"), queryset=_spaces, method="filter_space"
    )
    owner = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Owner"), queryset=_owners, field_name="content_owner"
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=STATUS_CHOICES, method="filter_status"
    )

    class Meta:
        model = KnowledgePage
        fields = []

    def filter_space(self, queryset, name, value):
        return queryset.in_space(value)

    def filter_status(self, queryset, name, value):
        return queryset.in_state(value)


class RestoreColumn(Column):
    """A Restore button (a POST form) on archived pages the reader may restore."""

    cell_template_name = "knowledge/review/stale_report_restore_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["csrf_token"] = get_token(request) if request is not None else ""
        context["next"] = request.get_full_path() if request is not None else ""
        return context


class StaleReportView(RestrictedReportView):
    page_title = gettext_lazy("Stale content")
    header_icon = "time"
    filterset_class = StaleReportFilterSet
    index_url_name = "knowledge_stale_report"
    index_results_url_name = "knowledge_stale_report_results"
    export_filename = "stale-content"
    may_see = staticmethod(review.can_view_report)
    denied_message = gettext_lazy(
        "Only administrators, communications and space owners see this report."
    )
    list_export = [
        "title",
        "space_title",
        "owner_name",
        "status_label",
        "due_at",
        "last_verified_at",
        "last_published_at",
        "full_url",
    ]

    @property
    def export_headings(self):
        return {
            "title": _("Page"),
            "space_title": _("Space"),
            "owner_name": _("Owner"),
            "status_label": _("Status"),
            "due_at": _("Review due"),
            "last_verified_at": _("Last verified"),
            "last_published_at": _("Last published"),
            "full_url": _("Address"),
        }

    @property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Page"),
                get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
            ),
            Column("space_title", label=_("Space")),
            Column("owner_name", label=_("Owner")),
            Column("status_label", label=_("Status")),
            DateColumn("due_at", label=_("Review due")),
            DateColumn("last_verified_at", label=_("Last verified")),
            RestoreColumn("restore", label=_("Actions")),
        ]

    def get_queryset(self):
        self.now = timezone.now()
        # No per-row state column: the state is filtered on the due day in the WHERE and
        # worked out in Python for the rows shown (review.state_of).
        self.layout = review.tree_layout()
        pages = review.report_pages(self.request.user, self.now, state=False, layout=self.layout)
        pages = visible_pages_for_admin(self.request.user, pages)
        chosen = self.filters.form.cleaned_data.get("status") if self._valid_filters() else None
        if not chosen:
            pages = pages.in_state(*review.NEEDS_ATTENTION)
        return pages.order_by("next_review_at", "pk")

    def _valid_filters(self) -> bool:
        return self.filters is not None and self.filters.is_valid()

    def get_filtered_queryset(self):
        pages = super().get_filtered_queryset()
        if not self.is_export:
            return pages
        # Export rows carry the owner's name from the same single query.
        full_name = Trim(
            Concat(F("content_owner__first_name"), Value(" "), F("content_owner__last_name"))
        )
        latest = Verification.objects.filter(page=OuterRef("pk")).order_by("-verified_at")
        return pages.annotate(
            owner_name=Coalesce(NullIf(full_name, Value("")), F("content_owner__username")),
            last_verified_at=Subquery(latest.values("verified_at")[:1]),
        )

    def _describe(self, page, layout) -> None:
        space = layout.space_of(page.home_path)
        page.space_title = space[1] if space else ""
        page.space_id = space[0] if space else None
        page.review_state = review.state_of(page, self.now)
        page.status_label = str(review.ReviewState(page.review_state).label)
        page.due_at = page.next_review_at

    def _labelled(self, pages):
        for page in pages:
            self._describe(page, self.layout)
            yield page

    def decorate_paginated_queryset(self, object_list):
        if self.is_export:
            return self._labelled(object_list)
        pages = list(object_list)
        layout = self.layout
        owner_ids = {page.content_owner_id for page in pages if page.content_owner_id}
        owners = {user.pk: user for user in User.objects.filter(pk__in=owner_ids)}
        verified = dict(
            Verification.objects.filter(page__in=[page.pk for page in pages])
            .values("page")
            .annotate(last=Max("verified_at"))
            .values_list("page", "last")
        )
        user = self.request.user
        restore_all = review.can_restore_everywhere(user)
        owned = set() if restore_all else set(review.owned_space_ids(user))
        for page in pages:
            self._describe(page, layout)
            page.last_verified_at = verified.get(page.pk)
            owner = owners.get(page.content_owner_id)
            page.owner_name = owner.display_name if owner else ""
            page.can_restore = page.review_state == review.ReviewState.ARCHIVED and (
                restore_all or page.space_id in owned
            )
            page.restore_url = reverse("knowledge:restore_archived", args=[page.pk])
        return pages


register_report(
    StaleReportView,
    "stale-content",
    label=gettext_lazy("Stale content"),
    name="knowledge-stale-content",
    order=1300,
)
register_log_labels(review.LOG_ACTIONS)
