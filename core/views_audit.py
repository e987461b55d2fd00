"""The audit log in the admin, for administrators: Wagtail's "Site history" report over every
log entry (not only those about things the reader may edit), filterable by action, person,
object type and date, exportable as CSV or Excel (the export is itself logged by
core.audit.AuditMiddleware)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Value
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import PageLogEntry

from core.admin_privacy import HidesPrivateLogEntries
from core.models import User
from core.policy import Action, policy
from core.reports import Restricted


def can_view_audit_log(user: User | AnonymousUser) -> bool:
    """Superusers and the Administrators role."""
    return policy.user_has_permission(user, Action.ADMINISTER)


def _every_entry():
    """Each log model's rows, whoever reads (the report is for administrators only)."""
    return [model.objects.all() for model in log_action_registry.get_log_entry_models()]


def _content_types(request):
    ids: set[int] = set()
    for entries in _every_entry():
        ids.update(entries.get_content_type_ids())
    return ContentType.objects.filter(pk__in=ids).order_by("model")


class AuditLogFilterSet(SiteHistoryReportFilterSet):
    """Site history's filters (action, person, date range, name, type) with choices drawn
    from every entry rather than those the reader may edit."""

    object_type = ContentTypeFilter(
        label=_("Type"), method="filter_object_type", queryset=_content_types
    )

    def get_action_choices(self):
        used: set[str] = set()
        for entries in _every_entry():
            used.update(entries.get_actions())
        return [choice for choice in log_action_registry.get_choices() if choice[0] in used]

    def get_users_queryset(self):
        ids: set[int] = set()
        for entries in _every_entry():
            ids.update(entries.get_user_ids())
        return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)

    class Meta:
        model = PageLogEntry
        fields = []


class AuditLogView(Restricted, HidesPrivateLogEntries, LogEntriesView):
    page_title = _("Audit log")
    header_icon = "list-ul"
    filterset_class = AuditLogFilterSet
    index_url_name = "hearth_audit_log"
    index_results_url_name = "hearth_audit_log_results"
    may_see = staticmethod(can_view_audit_log)
    denied_message = _("Only administrators can read the audit log.")

    def get_filename(self):
        return f"hearth-audit-log-{datetime.date.today():%Y-%m-%d}"

    def get_filtered_queryset(self):
        """As Wagtail's, over every entry (see LogEntriesView.get_filtered_queryset)."""
        queryset = None
        self.log_models = list(log_action_registry.get_log_entry_models())
        for index, log_model in enumerate(self.log_models):
            rows = (
                log_model.objects.values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
                .order_by()
            )
            rows = self.filter_queryset(rows).order_by()
            queryset = rows if queryset is None else queryset.union(rows, all=True)
        return queryset.order_by("-timestamp")
