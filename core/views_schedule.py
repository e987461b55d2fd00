"""Reports → Scheduled jobs, for administrators: every run of a scheduled job (newest
slot first, 50 a page, one query for the rows), with its status, attempts and error."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from core.models import JobRun
from core.reports import RestrictedReportView, WhenColumn
from core.views_audit import can_view_audit_log


class ScheduledJobRunsView(RestrictedReportView):
    page_title = _("Scheduled jobs")
    header_icon = "time"
    index_url_name = "hearth_scheduled_jobs"
    index_results_url_name = "hearth_scheduled_jobs_results"
    export_filename = "scheduled-jobs"
    may_see = staticmethod(can_view_audit_log)
    denied_message = _("Only administrators can see the scheduled jobs.")
    list_export = ["job", "slot", "status", "attempts", "started_at", "finished_at", "error"]
    columns = [
        Column("job", label=_("Job")),
        WhenColumn("slot", label=_("Scheduled for")),
        Column("get_status_display", label=_("Status")),
        Column("attempts", label=_("Attempts")),
        WhenColumn("started_at", label=_("Started")),
        WhenColumn("finished_at", label=_("Finished")),
        Column("error", label=_("Error")),
    ]

    def get_queryset(self):
        return JobRun.objects.order_by("-slot", "-pk")
