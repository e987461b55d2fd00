"""Wagtail hooks of the ideas area (imported by brand/wagtail_hooks.py): the audit log's
labels for what communications do to ideas and for ideas shipped on a page, and an
"Ideas" report (votes, comments, status; CSV) for communications under Reports."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn
from wagtail.log_actions import LogFormatter

from brand.ideas import services
from brand.ideas.models import IdeaPage, IdeaStatus
from core.reports import RestrictedReportView, register_report


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
        votes = data.get("votes", 0)
        return ngettext(
            "Merged into “%(title)s” (%(votes)s vote moved)",
            "Merged into “%(title)s” (%(votes)s votes moved)",
            votes,
        ) % {"title": data.get("into_title", ""), "votes": votes}


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


class IdeaReportView(RestrictedReportView):
    """Every idea with its votes and comments, most voted first: one query per page of
    rows (the board's own query shape), exportable as CSV or Excel."""

    page_title = _("Ideas")
    header_icon = "pick"
    filterset_class = IdeaReportFilterSet
    index_url_name = "idea_report"
    index_results_url_name = "idea_report_results"
    export_filename = "ideas"
    may_see = staticmethod(services.can_manage_ideas)
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

    def get_queryset(self):
        return services.ideas_for(self.request.user).order_by(
            *services.ORDERINGS[services.Sort.VOTES]
        )


register_report(IdeaReportView, "ideas", label=_("Ideas"), name="ideas", order=1500)
