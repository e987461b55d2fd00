"""Wagtail hooks for audit (governance issue): the labels of Hearth's own log actions, the
group editor's permission watcher, and the "Audit log" report for administrators."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.documents.views.bulk_actions import AddToCollectionBulkAction as DocumentsToCollection
from wagtail.images.views.bulk_actions import AddToCollectionBulkAction as ImagesToCollection
from wagtail.log_actions import LogFormatter

from core import audit
from core.reports import register_report
from core.views_audit import AuditLogView
from core.views_schedule import ScheduledJobRunsView

register_report(
    AuditLogView,
    "audit",
    label=_("Audit log"),
    name="hearth-audit-log",
    order=1010,
)
register_report(
    ScheduledJobRunsView,
    "scheduled-jobs",
    label=_("Scheduled jobs"),
    name="hearth-scheduled-jobs",
    order=1020,
)


# After Wagtail's page, image and document permission panels, so it sees what they saved.
@hooks.register("register_group_permission_panel", order=1000)
def register_group_permissions_audit_panel():
    return audit.GroupPermissionsAuditPanel


# Wagtail's "Add to collection" bulk actions, logging each file they move (registered after
# Wagtail's, so they replace them: the registry keeps one action per type and model).
class ImagesToCollectionLogged(ImagesToCollection):
    @classmethod
    def execute_action(cls, objects, collection=None, **kwargs):
        audit.log_bulk_moves(objects, collection)
        return super().execute_action(objects, collection=collection, **kwargs)


class DocumentsToCollectionLogged(DocumentsToCollection):
    @classmethod
    def execute_action(cls, objects, collection=None, **kwargs):
        audit.log_bulk_moves(objects, collection)
        return super().execute_action(objects, collection=collection, **kwargs)


hooks.register("register_bulk_action", ImagesToCollectionLogged, order=1000)
hooks.register("register_bulk_action", DocumentsToCollectionLogged, order=1000)


def _listed(names) -> str:
    return ", ".join(str(name) for name in names or [])


@hooks.register("register_log_actions")
def register_audit_log_actions(actions):
    @actions.register_action(audit.ROLE_ADD)
    class RoleAdded(LogFormatter):
        label = _("Add to a group (role)")

        def format_message(self, log_entry):
            return _("Added to the group “%(group)s”") % {"group": log_entry.data.get("group")}

    @actions.register_action(audit.ROLE_REMOVE)
    class RoleRemoved(LogFormatter):
        label = _("Remove from a group (role)")

        def format_message(self, log_entry):
            return _("Removed from the group “%(group)s”") % {"group": log_entry.data.get("group")}

    def _where(data: dict) -> str:
        if data.get("kind") == "page":
            return _(" on the page “%(title)s”") % {"title": data.get("page")}
        if data.get("kind") == "collection":
            return _(" on the collection “%(title)s”") % {"title": data.get("collection")}
        return ""

    class PermissionsChanged(LogFormatter):
        """`message` names the %(permissions)s and %(where)s."""

        def format_message(self, log_entry):
            data = log_entry.data
            return self.message % {
                "permissions": _listed(data.get("permissions")),
                "where": _where(data),
            }

    @actions.register_action(audit.PERMISSION_GRANT)
    class PermissionGranted(PermissionsChanged):
        label = _("Grant permissions")
        message = _("Granted %(permissions)s%(where)s")

    @actions.register_action(audit.PERMISSION_REVOKE)
    class PermissionRevoked(PermissionsChanged):
        label = _("Revoke permissions")
        message = _("Revoked %(permissions)s%(where)s")

    @actions.register_action(audit.RESTRICTION_GROUPS)
    class RestrictionGroups(LogFormatter):
        label = _("Change who a view restriction lets in")

        def format_message(self, log_entry):
            data = log_entry.data
            if data.get("added"):
                return _("Let the groups %(groups)s see it") % {"groups": _listed(data["added"])}
            return _("No longer lets the groups %(groups)s see it") % {
                "groups": _listed(data.get("removed"))
            }

    @actions.register_action(audit.EXPORT)
    class Exported(LogFormatter):
        label = _("Export (CSV or Excel)")

        def format_message(self, log_entry):
            data = log_entry.data
            message = _("Exported %(file)s") % {"file": data.get("filename") or data.get("path")}
            filters = data.get("filters") or {}
            if filters:
                shown = "; ".join(f"{key}={_listed(values)}" for key, values in filters.items())
                message = _("%(message)s (filtered: %(filters)s)") % {
                    "message": message,
                    "filters": shown,
                }
            return message

    def _moved(data: dict) -> dict:
        return {
            "source": (data.get("from") or {}).get("name"),
            "target": (data.get("to") or {}).get("name"),
        }

    @actions.register_action(audit.FILE_MOVE)
    class FileMoved(LogFormatter):
        label = _("Move a file to another collection")

        def format_message(self, log_entry):
            return _("Moved from the collection “%(source)s” to “%(target)s”") % _moved(
                log_entry.data
            )

    @actions.register_action(audit.FILE_MOVE_MORE_PUBLIC)
    class FileMadeMorePublic(LogFormatter):
        label = _("Move a file to a more public collection")

        def format_message(self, log_entry):
            return _(
                "Moved from the collection “%(source)s” to “%(target)s”, which more people may see"
            ) % _moved(log_entry.data)

    @actions.register_action(audit.FILE_COPY_TO_SPACE)
    class FileCopiedToSpace(LogFormatter):
        label = _("Copy a file into a private space")

        def format_message(self, log_entry):
            data = log_entry.data
            return _(
                "Copied from the collection “%(source)s” into “%(target)s” for the page “%(page)s”"
            ) % {**_moved(data), "page": data.get("page")}

    actions.register_action(
        audit.VERIFY, _("Verify a page"), _("Verified that the page is still right")
    )
    actions.register_action(
        audit.ACKNOWLEDGE, _("Acknowledge a must-read"), _("Acknowledged reading the page")
    )
