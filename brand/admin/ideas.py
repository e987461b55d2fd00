"""Wagtail hooks of the ideas area (imported by brand/wagtail_hooks.py): serving the board
and idea pages with their extra context (guests get a 404), the audit log's labels for
what communications do to ideas and for ideas shipped on a page, and an "Ideas" report
(votes, comments, status; CSV) for communications under Reports."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import LogFormatter

from brand.models import IdeaBoardPage, IdeaPage, IdeaStatus
from brand.services import ideas as services


@hooks.register("on_serve_page")
def serve_ideas(next_serve):
    def serve(page, request, args, kwargs):
        if isinstance(page, (IdeaBoardPage, IdeaPage)):
            from brand.views.ideas import serve_idea_page

            return serve_idea_page(page, request, next_serve, args, kwargs)
        return next_serve(page, request, args, kwargs)

    return serve


def _status_label(value: str) -> str:
    try:
        return str(IdeaStatus(value).label)
    except ValueError:
        return value or ""


class IdeaStatusFormatter(LogFormatter):
    label = _("Change idea status")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Changed the idea's status from %(previous)s to %(status)s") % {
            "previous": _status_label(data.get("previous", "")),
            "status": _status_label(data.get("status", "")),
        }

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")


class IdeaMergeFormatter(LogFormatter):
    label = _("Merge idea")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Merged into “%(title)s” (%(votes)s votes moved)") % {
            "title": data.get("into_title", ""),
            "votes": data.get("votes", 0),
        }


class IdeaShippedFormatter(LogFormatter):
    label = _("Idea shipped")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Shipped the idea “%(title)s” by %(author)s") % {
            "title": data.get("idea_title", ""),
            "author": data.get("author_name", "") or _("a former colleague"),
        }


@hooks.register("register_log_actions")
def register_idea_log_actions(actions):
    actions.register_action(services.STATUS_LOG_ACTION)(IdeaStatusFormatter)
    actions.register_action(services.MERGE_LOG_ACTION)(IdeaMergeFormatter)
    actions.register_action(services.SHIPPED_LOG_ACTION)(IdeaShippedFormatter)


# The report ------------------------------------------------------------------------------------
class IdeaReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=IdeaStatus.choices)

    class Meta:
        model = IdeaPage
        fields = ["status"]


class IdeaReportView(ReportView):
    """Every idea with its votes and comments, most voted first: one query per page of
    rows (the board's own query shape), exportable as CSV or Excel."""

    page_title = _("Ideas")
    header_icon = "pick"
    filterset_class = IdeaReportFilterSet
    index_url_name = "idea_report"
    index_results_url_name = "idea_report_results"
    export_filename = "ideas"
    paginate_by = 50
    list_export = [
        "title",
        "status",
        "author.display_name",
        "vote_count",
        "comment_count",
        "first_published_at",
        "status_changed_at",
        "full_url",
    ]
    export_headings = {
        "title": _("Idea"),
        "status": _("Status"),
        "author.display_name": _("Author"),
        "vote_count": _("Votes"),
        "comment_count": _("Comments"),
        "first_published_at": _("Submitted"),
        "status_changed_at": _("Status changed"),
        "full_url": _("Address"),
    }

    @property
    def columns(self):
        return [
            TitleColumn("title", label=_("Idea"), get_url=lambda idea: idea.url),
            Column("get_status_display", label=_("Status")),
            Column("author", label=_("Author"), accessor="author.display_name"),
            NumberColumn("vote_count", label=_("Votes")),
            NumberColumn("comment_count", label=_("Comments")),
            DateColumn("first_published_at", label=_("Submitted")),
            DateColumn("status_changed_at", label=_("Status changed")),
        ]

    def dispatch(self, request, *args, **kwargs):
        if not services.can_manage_ideas(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return services.ideas_for(self.request.user).order_by(
            *services.ORDERINGS[services.Sort.VOTES]
        )


class IdeaReportMenuItem(MenuItem):
    def is_shown(self, request):
        return services.can_manage_ideas(request.user)


@hooks.register("register_admin_urls")
def register_idea_report_urls():
    return [
        path("reports/ideas/", IdeaReportView.as_view(), name="idea_report"),
        path(
            "reports/ideas/results/",
            IdeaReportView.as_view(results_only=True),
            name="idea_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_idea_report_menu_item():
    return IdeaReportMenuItem(
        _("Ideas"), reverse("idea_report"), name="ideas", icon_name="pick", order=1500
    )
