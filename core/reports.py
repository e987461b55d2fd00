"""What Hearth's admin reports share (audit log, stale content, search analytics, top
contributors, campaigns, vision feedback, ideas): a Wagtail `ReportView` that only some
people may open, its two URLs and its entry under Reports, and audit-log labels from a
table."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import formats, timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import LogFormatter

from core.views import permission_denied


class Restricted:
    """A report view's mixin: the report is for the people `may_see(user)` allows, a 403
    for anyone else; with a `denied_message`, Hearth's own 403 page (Wagtail's admin would
    redirect to the dashboard)."""

    paginate_by = 50
    denied_message = None

    @staticmethod
    def may_see(user) -> bool:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.may_see(request.user):
            if self.denied_message is None:
                raise PermissionDenied
            return permission_denied(request, PermissionDenied(self.denied_message))
        return super().dispatch(request, *args, **kwargs)


class WhenColumn(Column):
    """A date and time as it is, in the site's time zone. Wagtail's `DateColumn` is
    relative to now and says "just now" of any future date (a campaign due in weeks)."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if not value:
            return "—"
        return formats.date_format(timezone.localtime(value), "j F Y, H:i")


class RestrictedReportView(Restricted, ReportView):
    """A `ReportView` for the people `may_see(user)` allows."""


def register_report(
    view_class: type[Restricted], address: str, *, label, name: str, order: int
) -> None:
    """The report at admin/reports/<address>/ (and its results/), under Reports in the menu
    for the people who may see it. The URL names and the menu icon are the view's."""

    class ReportMenuItem(MenuItem):
        def is_shown(self, request):
            return view_class.may_see(request.user)

    @hooks.register("register_admin_urls")
    def urls():
        return [
            path(f"reports/{address}/", view_class.as_view(), name=view_class.index_url_name),
            path(
                f"reports/{address}/results/",
                view_class.as_view(results_only=True),
                name=view_class.index_results_url_name,
            ),
        ]

    @hooks.register("register_reports_menu_item")
    def menu_item():
        return ReportMenuItem(
            label,
            reverse(view_class.index_url_name),
            name=name,
            icon_name=view_class.header_icon,
            order=order,
        )


def register_log_labels(labels: dict, base: type[LogFormatter] = LogFormatter) -> None:
    """The audit log's label and message for each action of `labels` ({action: (label,
    message)})."""

    @hooks.register("register_log_actions")
    def register(actions):
        for action, (label, message) in labels.items():
            formatter = type(f"{base.__name__}For", (base,), {"label": label, "message": message})
            actions.register_action(action)(formatter)
