"""Hearth's own rows in Wagtail's audit log: role and permission changes, and exports.

Wagtail logs page, snippet, user and group edits made in its admin. This module adds what
it does not record:

- role (group) membership: `hearth.role.add` / `hearth.role.remove`, on the person;
- permissions a group gains or loses (model, page and collection permissions):
  `hearth.permissions.grant` / `hearth.permissions.revoke`, on the group;
- the groups of a page's or a collection's view restriction
  (`hearth.view_restriction.groups`), and collection view restrictions themselves (Wagtail
  logs page restrictions; its own action names are reused for collections);
- every CSV or Excel download (`hearth.export`), with what was exported;
- an image or document moved to another collection (`hearth.file.move`, or
  `hearth.file.move_more_public` when people outside the old collection can now fetch it),
  and the copy a private space makes of a more public file its page shows
  (`hearth.file.copy_to_space`, see knowledge/space_files.py).

The acting person comes from Wagtail's `LogContext`: the admin opens one per request and
`AuditMiddleware` does the same for the rest of the site, so `log(...)` calls and these
signal handlers record who did it without passing the request around. Changes made by
commands and migrations have no person (the log shows "system").

Wagtail's group editor adds page and collection permissions with `bulk_create`, which
sends no signal: `GroupPermissionsAuditPanel` (a group permission panel, registered in
core/hooks_audit.py) compares before and after and logs what was added.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.forms import Media
from django.http import HttpRequest, HttpResponse
from django.utils.encoding import force_str
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import LogContext, log
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    PageViewRestriction,
)

from core.models import User
from core.privacy import is_more_public

ROLE_ADD = "hearth.role.add"
ROLE_REMOVE = "hearth.role.remove"
PERMISSION_GRANT = "hearth.permissions.grant"
PERMISSION_REVOKE = "hearth.permissions.revoke"
RESTRICTION_GROUPS = "hearth.view_restriction.groups"
EXPORT = "hearth.export"
VERIFY = "hearth.knowledge.verify"
ACKNOWLEDGE = "hearth.knowledge.acknowledge"
FILE_MOVE = "hearth.file.move"
FILE_MOVE_MORE_PUBLIC = "hearth.file.move_more_public"
FILE_COPY_TO_SPACE = "hearth.file.copy_to_space"

EXPORT_FORMATS = {
    "text/csv": "csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}


# -- the acting person ---------------------------------------------------------------------


class RequestLogContext(LogContext):
    """Wagtail's LogContext for one request; the person is read when a row is written (so
    signing in or out during the request is seen, and nothing is queried up front)."""

    def __init__(self, request: HttpRequest):
        self._request = request
        super().__init__()

    @property
    def user(self) -> User | None:
        user = getattr(self._request, "user", None)
        return user if user is not None and user.is_authenticated else None

    @user.setter
    def user(self, value) -> None:  # LogContext.__init__ assigns it; the request decides
        pass


class AuditMiddleware:
    """Opens a log context for the request and logs file exports (CSV, Excel) that the
    view did not log itself. Place after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with RequestLogContext(request):
            response = self.get_response(request)
            if export_format(response) and not getattr(response, "hearth_export_logged", False):
                log_export(request, response)
        return response


# -- exports -------------------------------------------------------------------------------


def export_format(response: HttpResponse) -> str | None:
    """ "csv" or "xlsx" for a successful spreadsheet download, else None."""
    if response.status_code != 200:
        return None
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return EXPORT_FORMATS.get(content_type)


def _filename(response: HttpResponse) -> str:
    found = re.search(r'filename="?([^";]+)"?', response.get("Content-Disposition", ""))
    return found.group(1) if found else ""


def log_export(request: HttpRequest, response: HttpResponse, instance=None) -> None:
    """Log that `request.user` downloaded `response` (a CSV or Excel file): on `instance`
    (the page the export is about) when given, else on the person, titled with the file
    name. Marks the response so the middleware does not log it twice."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    filename = _filename(response)
    match = getattr(request, "resolver_match", None)
    data = {
        "format": export_format(response) or "",
        "filename": filename,
        "path": request.path,
        "view": match.view_name if match else "",
        "filters": {key: values for key, values in request.GET.lists() if key != "export"},
    }
    if instance is None:
        log(instance=user, action=EXPORT, user=user, title=filename or request.path, data=data)
    else:
        log(instance=instance, action=EXPORT, user=user, data=data)
    response.hearth_export_logged = True


# -- roles and permissions -----------------------------------------------------------------


def _names(model, pks: Iterable[int]) -> dict[int, str]:
    if model is User:
        return dict(User.objects.filter(pk__in=pks).values_list("pk", "username"))
    if model is Permission:
        rows = Permission.objects.filter(pk__in=pks).values_list(
            "pk", "content_type__app_label", "codename"
        )
        return {pk: f"{app}.{codename}" for pk, app, codename in rows}
    return dict(model.objects.filter(pk__in=pks).values_list("pk", "name"))


def _remember_before_clear(instance, forward: bool, field: str, reverse: str) -> None:
    manager = getattr(instance, field if forward else reverse)
    instance._hearth_cleared = list(manager.values_list("pk", flat=True))


def _changed_ids(
    action: str, instance, reverse: bool, pk_set, field: str, reverse_field: str
) -> tuple[str, list[int]] | None:
    """("add" or "remove", the ids) of an m2m change to log; None for nothing to log (before
    a clear, the ids it will remove are kept on `instance` for after it)."""
    if action == "pre_clear":
        _remember_before_clear(instance, not reverse, field, reverse_field)
        return None
    if action in ("post_add", "post_remove") and pk_set:
        return ("add" if action == "post_add" else "remove"), sorted(pk_set)
    if action == "post_clear":
        cleared = getattr(instance, "_hearth_cleared", None) or []
        instance._hearth_cleared = None
        return ("remove", cleared) if cleared else None
    return None


def _on_membership(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """user.groups.add(...) / group.user_set.add(...) and their removals."""
    change = _changed_ids(action, instance, reverse, pk_set, "groups", "user_set")
    if change is None:
        return
    verb, pks = change
    action_name = ROLE_ADD if verb == "add" else ROLE_REMOVE
    if not reverse:  # instance is the person, pks are groups
        for pk, name in _names(Group, pks).items():
            log(instance=instance, action=action_name, data={"group": name, "group_id": pk})
        return
    for person in User.objects.filter(pk__in=pks):  # instance is the group
        data = {"group": instance.name, "group_id": instance.pk}
        log(instance=person, action=action_name, data=data)


def _on_model_permissions(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """group.permissions.add(...) / permission.group_set.add(...) and removals."""
    change = _changed_ids(action, instance, reverse, pk_set, "permissions", "group_set")
    if change is None:
        return
    verb, pks = change
    action_name = PERMISSION_GRANT if verb == "add" else PERMISSION_REVOKE
    if not reverse:  # the group, and the permissions' ids
        names = sorted(_names(Permission, pks).values())
        log(instance=instance, action=action_name, data={"kind": "model", "permissions": names})
        return
    permission = _names(Permission, [instance.pk])[instance.pk]
    for group in Group.objects.filter(pk__in=pks):
        log(instance=group, action=action_name, data={"kind": "model", "permissions": [permission]})


def _permission_name(permission: Permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def log_page_permission(grant: GroupPagePermission, action: str) -> None:
    _log_grant(grant, action, "page", grant.page.pk, grant.page.title)


def log_collection_permission(grant: GroupCollectionPermission, action: str) -> None:
    _log_grant(grant, action, "collection", grant.collection.pk, grant.collection.name)


def _log_grant(grant, action: str, kind: str, target_id: int, title: str) -> None:
    """A group's permission on one page or collection (`kind`), granted or revoked."""
    log(
        instance=grant.group,
        action=action,
        data={
            "kind": kind,
            "permissions": [_permission_name(grant.permission)],
            f"{kind}_id": target_id,
            kind: title,
        },
    )


def _on_page_permission_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        log_page_permission(instance, PERMISSION_GRANT)


def _on_page_permission_deleted(sender, instance, **kwargs) -> None:
    log_page_permission(instance, PERMISSION_REVOKE)


def _on_collection_permission_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        log_collection_permission(instance, PERMISSION_GRANT)


def _on_collection_permission_deleted(sender, instance, **kwargs) -> None:
    log_collection_permission(instance, PERMISSION_REVOKE)


# -- view restrictions ---------------------------------------------------------------------


def _restricted_object(restriction):
    if isinstance(restriction, PageViewRestriction):
        return restriction.page.specific_deferred
    return restriction.collection


def _on_restriction_groups(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """The groups a page's or collection's view restriction lets in."""
    if reverse:  # group.pageviewrestriction_set.add(...): not used by Hearth or Wagtail
        return
    change = _changed_ids(action, instance, False, pk_set, "groups", "")
    if change is None:
        return
    verb, pks = change
    names = sorted(_names(Group, pks).values())
    log(
        instance=_restricted_object(instance),
        action=RESTRICTION_GROUPS,
        data={"added" if verb == "add" else "removed": names},
    )


def _restriction_data(restriction: CollectionViewRestriction) -> dict:
    title = dict(restriction.RESTRICTION_CHOICES).get(restriction.restriction_type)
    return {"restriction": {"type": restriction.restriction_type, "title": force_str(title)}}


def _on_collection_restriction_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    action = "wagtail.view_restriction.create" if created else "wagtail.view_restriction.edit"
    log(instance=instance.collection, action=action, data=_restriction_data(instance))


def _on_collection_restriction_deleted(sender, instance, **kwargs) -> None:
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is not None:
        log(
            instance=collection,
            action="wagtail.view_restriction.delete",
            data=_restriction_data(instance),
        )


# -- files changing collection -------------------------------------------------------------


def collection_data(collection: Collection) -> dict:
    return {"id": collection.pk, "name": collection.name}


def log_file_move(file, before: Collection, after: Collection) -> None:
    """Log that `file` left `before` for `after`; every move is logged, and one that lets
    more people fetch the file (see `core.privacy.is_more_public`) under its own action,
    so the audit report can list just those."""
    more_public = is_more_public(after, before)
    log(
        instance=file,
        action=FILE_MOVE_MORE_PUBLIC if more_public else FILE_MOVE,
        data={
            "from": collection_data(before),
            "to": collection_data(after),
            "more_public": more_public,
        },
    )


def log_bulk_moves(files, collection: Collection | None) -> None:
    """Wagtail's "Add to collection" bulk action moves files with `QuerySet.update`,
    which sends no signal: log what it is about to move (call before it does)."""
    if collection is None:
        return
    moved = [file for file in files if file.collection_id != collection.pk]
    before = Collection.objects.in_bulk({file.collection_id for file in moved})
    for file in moved:
        log_file_move(file, before[file.collection_id], collection)


def _remember_collection(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    instance._hearth_collection_before = None
    if raw or instance.pk is None:
        return
    if update_fields is not None and "collection" not in update_fields:
        return
    instance._hearth_collection_before = (
        sender.objects.filter(pk=instance.pk).values_list("collection_id", flat=True).first()
    )


def _on_file_saved(sender, instance, created, raw=False, **kwargs) -> None:
    before_id = getattr(instance, "_hearth_collection_before", None)
    instance._hearth_collection_before = None
    if raw or created or before_id is None or before_id == instance.collection_id:
        return
    before = Collection.objects.filter(pk=before_id).first()
    if before is not None:
        log_file_move(instance, before, instance.collection)


def connect() -> None:
    """Called once from CoreConfig.ready()."""
    uid = "hearth-audit"
    m2m_changed.connect(_on_membership, sender=User.groups.through, dispatch_uid=uid)
    m2m_changed.connect(_on_model_permissions, sender=Group.permissions.through, dispatch_uid=uid)
    for restriction in (PageViewRestriction, CollectionViewRestriction):
        m2m_changed.connect(
            _on_restriction_groups, sender=restriction.groups.through, dispatch_uid=uid
        )
    post_save.connect(_on_page_permission_saved, sender=GroupPagePermission, dispatch_uid=uid)
    post_delete.connect(_on_page_permission_deleted, sender=GroupPagePermission, dispatch_uid=uid)
    post_save.connect(
        _on_collection_permission_saved, sender=GroupCollectionPermission, dispatch_uid=uid
    )
    post_delete.connect(
        _on_collection_permission_deleted, sender=GroupCollectionPermission, dispatch_uid=uid
    )
    post_save.connect(
        _on_collection_restriction_saved, sender=CollectionViewRestriction, dispatch_uid=uid
    )
    post_delete.connect(
        _on_collection_restriction_deleted, sender=CollectionViewRestriction, dispatch_uid=uid
    )
    for model in (get_image_model(), get_document_model()):
        pre_save.connect(_remember_collection, sender=model, dispatch_uid=uid)
        post_save.connect(_on_file_saved, sender=model, dispatch_uid=uid)


# -- Wagtail's group editor ----------------------------------------------------------------


def _page_grants(group: Group) -> set[int]:
    return set(GroupPagePermission.objects.filter(group=group).values_list("pk", flat=True))


def _collection_grants(group: Group) -> set[int]:
    return set(GroupCollectionPermission.objects.filter(group=group).values_list("pk", flat=True))


class GroupPermissionsAuditPanel:
    """A group permission panel that shows nothing: it notes the group's page and
    collection permissions when the editor opens, and after the other panels have saved
    (bulk_create, no signals) logs the ones that were added. Removals are logged by the
    post_delete handlers above."""

    def __init__(self, data=None, files=None, instance=None, prefix=None):
        self.instance = instance if instance is not None else Group()
        self.prefix = prefix
        saved = self.instance.pk is not None
        self._pages = _page_grants(self.instance) if saved else set()
        self._collections = _collection_grants(self.instance) if saved else set()

    def is_valid(self) -> bool:
        return True

    @property
    def errors(self) -> list:
        return []

    @property
    def media(self):
        return Media()

    def as_admin_panel(self) -> str:
        return ""

    def save(self) -> None:
        group = self.instance
        added = GroupPagePermission.objects.filter(group=group).exclude(pk__in=self._pages)
        for grant in added.select_related("page", "permission__content_type", "group"):
            log_page_permission(grant, PERMISSION_GRANT)
        added = GroupCollectionPermission.objects.filter(group=group).exclude(
            pk__in=self._collections
        )
        for grant in added.select_related("collection", "permission__content_type", "group"):
            log_collection_permission(grant, PERMISSION_GRANT)
