"""Moderation in Wagtail's admin: the moderation queue (a viewset with a menu item
only moderators see), the audit log's labels for moderation actions, and links from the
audit log to the reported item."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import LogFormatter

from community.models import Annotation, Comment, Visibility
from community.moderation import services as moderation
from community.moderation import views
from core.policy import Action, policy


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.user_has_permission(request.user, Action.MODERATE)


class ModerationViewSet(ViewSet):
    name = "moderation"
    icon = "warning"
    menu_label = _("Moderation")
    menu_name = "moderation"
    add_to_admin_menu = True
    menu_order = 8500  # after the content menus, before Reports (9000)

    @cached_property
    def menu_item_class(self):
        return ModeratorMenuItem

    def get_urlpatterns(self):
        queue = self.construct_view(views.QueueView, detail_url_name=self.get_url_name("detail"))
        detail = self.construct_view(views.DetailView, queue_url_name=self.get_url_name("queue"))
        return [
            path("", queue, name="queue"),
            path("<str:kind>/<int:pk>/", detail, name="detail"),
        ]


moderation_viewset = ModerationViewSet()


@hooks.register("register_admin_viewset")
def register_moderation_viewset():
    return moderation_viewset


# The audit log ----------------------------------------------------------------------------

KIND_NAMES = {moderation.Kind.COMMENT: _("comment"), moderation.Kind.ANNOTATION: _("annotation")}
ACTION_MESSAGES = {
    moderation.Action.HIDE: (_("Hide %(kind)s"), _("Hid the %(kind)s")),
    moderation.Action.RESTORE: (_("Restore %(kind)s"), _("Restored the %(kind)s")),
    moderation.Action.REMOVE: (_("Remove %(kind)s"), _("Removed the %(kind)s")),
    moderation.Action.DISMISS: (
        _("Dismiss reports on %(kind)s"),
        _("Dismissed the reports on the %(kind)s"),
    ),
    moderation.Action.PENDING: (
        _("%(kind)s hidden by reports"),
        _("Hid the %(kind)s until a moderator reviews it"),
    ),
}


class ModerationLogFormatter(LogFormatter):
    """The moderator's reason shows as the entry's comment in the audit log."""

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for kind, kind_name in KIND_NAMES.items():
        for action, (label, message) in ACTION_MESSAGES.items():
            formatter = type(
                "ModerationLogFormatter",
                (ModerationLogFormatter,),
                {"label": label % {"kind": kind_name}, "message": message % {"kind": kind_name}},
            )
            actions.register_action(moderation.log_action_name(kind, action))(formatter)


class ReportedItemURLFinder(ModelAdminURLFinder):
    """Audit log rows about a comment or annotation link to its moderation page."""

    def construct_edit_url(self, instance):
        if isinstance(instance, Annotation) and instance.visibility != Visibility.SHARED:
            return None
        kind = moderation.kind_of(instance)
        return reverse(moderation_viewset.get_url_name("detail"), args=[kind.value, instance.pk])

    def get_edit_url(self, instance):
        if self.user is not None and not policy.user_has_permission(self.user, Action.MODERATE):
            return None
        return self.construct_edit_url(instance)


register_admin_url_finder(Comment, ReportedItemURLFinder)
register_admin_url_finder(Annotation, ReportedItemURLFinder)
