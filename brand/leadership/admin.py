"""Questions to leadership in Wagtail's admin (imported by brand/wagtail_hooks.py).

Communications get a listing (filter by status, search, CSV/XLSX export), an inspect view
and a small edit form to tidy a question's wording; triage itself (assign, merge, decline)
and answering happen on the question's page on the site, where the leader (who may have no
admin access) works too. Every admin view shows the asker as `asker_name`, never the author
field, so an anonymous question shows "Anonymous" here as everywhere.

Questions are only ever asked on the site (that is where the asker's automatic vote, the
anonymity and the audit entry are handled), so nobody may add one in the admin.
"""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from brand.leadership import services as leadership
from brand.leadership.models import LeadershipQuestion
from core.reports import register_log_labels


class QuestionPermissionPolicy(ModelPermissionPolicy):
    """The model permissions, except that no one adds questions in the admin."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(LeadershipQuestion, QuestionPermissionPolicy(LeadershipQuestion))


class QuestionIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("assigned_to")
            .annotate(vote_count=Count("votes", distinct=True))
        )


class QuestionInspectView(InspectView):
    LABELS = {"asker_name": _("Asked by"), "vote_count": _("Votes"), "site_url": _("On the site")}

    def get_field_label(self, field_name, field):
        if field_name in self.LABELS:
            return self.LABELS[field_name]
        return super().get_field_label(field_name, field)

    def get_vote_count_display_value(self):
        return self.object.votes.count()

    def get_site_url_display_value(self):
        return leadership.url_of(self.object)


def _leader_name(question: LeadershipQuestion) -> str:
    return question.assigned_to.display_name if question.assigned_to else ""


def _site_url(question: LeadershipQuestion) -> str:
    return reverse("brand:leadership_detail", args=[question.pk])


class LeadershipQuestionViewSet(ModelViewSet):
    model = LeadershipQuestion
    icon = "help"
    menu_label = _("Questions to leadership")
    menu_name = "leadership-questions"
    add_to_admin_menu = True
    menu_order = 8400
    index_view_class = QuestionIndexView
    inspect_view_class = QuestionInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["title", "details"]
    search_fields = ["title", "details"]
    list_filter = ["status", "anonymous"]
    ordering = ["-created_at"]
    list_display = [
        TitleColumn("title", label=_("Question"), url_name="brand_leadershipquestion:edit"),
        Column("asker_name", label=_("Asked by")),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("vote_count", label=_("Votes"), sort_key="vote_count"),
        Column("assigned_to", label=_("Leader"), accessor=_leader_name),
        DateColumn("created_at", label=_("Asked"), sort_key="created_at"),
        TitleColumn(
            "site",
            label=_("On the site"),
            accessor=lambda q: _("Triage or answer"),
            get_url=_site_url,
        ),
    ]
    list_export = [
        "pk",
        "title",
        "asker_name",
        "anonymous",
        "status",
        "vote_count",
        "assigned_to",
        "answered_by",
        "answered_at",
        "decline_reason",
        "created_at",
    ]
    export_headings = {
        "pk": _("Number"),
        "asker_name": _("Asked by"),
        "vote_count": _("Votes"),
        "assigned_to": _("Leader"),
    }
    export_filename = "questions-to-leadership"
    inspect_view_fields = [
        "title",
        "details",
        "asker_name",
        "status",
        "vote_count",
        "assigned_to",
        "answer",
        "answered_by",
        "answered_at",
        "decline_reason",
        "merged_into",
        "created_at",
        "site_url",
    ]


leadership_question_viewset = LeadershipQuestionViewSet("brand_leadershipquestion")


@hooks.register("register_admin_viewset")
def register_leadership_viewset():
    return leadership_question_viewset


# The audit log ----------------------------------------------------------------------------
class LeadershipLogFormatter(LogFormatter):
    def format_comment(self, log_entry):
        data = log_entry.data or {}
        return data.get("reason") or data.get("leader") or data.get("into") or ""


LOG_ACTIONS = {
    leadership.LOG_ASSIGN: (_("Assign to a leader"), _("Assigned the question to a leader")),
    leadership.LOG_MERGE: (_("Merge question"), _("Merged the question into a duplicate")),
    leadership.LOG_DECLINE: (_("Decline question"), _("Declined the question")),
    leadership.LOG_ANSWER: (_("Answer question"), _("Published the answer")),
}


register_log_labels(LOG_ACTIONS, base=LeadershipLogFormatter)
