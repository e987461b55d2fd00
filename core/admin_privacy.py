"""Private spaces stay private in the Wagtail admin, too.

Wagtail's admin never consults view restrictions: whoever holds a page permission on the
root page reads every draft, revision and file below it. Hearth answers every "may this
person …" in the admin from the same rule as the front end (`core.permissions`), in the
three places Wagtail asks:

1. **Permission policies** (Wagtail's `policy_registry`): pages, images, documents and
   collections. A page in a subtree hidden from the person carries no permission for
   them, and it is left out of every queryset the admin builds from the policy (explorer,
   search, admin API, reports, workflow lists); a file in a hidden collection likewise
   (listings, choosers, bulk actions, upload and move destinations).
2. **Page permission testers** (`PrivacyAwarePage.permissions_for_user`, on every page
   type): nothing can be done to a hidden page, and no page may be moved or copied to a
   place where more people could read it.
3. **Admin URLs that name an object** (`AdminPrivacyMiddleware`): a URL whose arguments
   name a hidden page, revision, workflow state, image, document or collection answers
   404, exactly as an unknown id does, before any view runs; bulk actions drop hidden ids
   (as Wagtail drops unknown ones), including "select all".

Superusers keep full access; members of the restricting group keep theirs.
"""

from __future__ import annotations

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    AbstractPage,
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Revision,
    TaskState,
    WorkflowState,
)
from wagtail.permission_policies.collections import (
    CollectionManagementPermissionPolicy,
    CollectionOwnershipPermissionPolicy,
)
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from core.permissions import (
    _ancestor_paths,
    hidden_collection_paths,
    hidden_page_paths,
    is_hidden_path,
    page_is_hidden,
    without_hidden,
    without_hidden_files,
)


# 1. Policies ----------------------------------------------------------------------------------
class PrivatePagesPolicy(PagePermissionPolicy):
    """Wagtail's page policy less the subtrees hidden from the person."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if page_is_hidden(user, instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        return without_hidden(pages, hidden_page_paths(user))

    def explorable_instances(self, user):
        return without_hidden(super().explorable_instances(user), hidden_page_paths(user))

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        users = super().users_with_any_permission_for_instance(
            actions, instance, include_superusers
        )
        return readers_of(instance, users)


def readers_of(page: Page, users: QuerySet) -> QuerySet:
    """Of `users`, those from whom `page` is not hidden (drafts included): superusers and
    the members of every group restriction at or above it. Used where Wagtail picks whom
    to tell (workflow reviewers, moderation emails)."""
    restrictions = PageViewRestriction.objects.filter(
        page__path__in=_ancestor_paths(page.path),
        restriction_type=PageViewRestriction.GROUPS,
    ).prefetch_related("groups")
    User = get_user_model()
    for restriction in restrictions:
        members = User.groups.through.objects.filter(
            group__in=[group.pk for group in restriction.groups.all()]
        ).values("user_id")
        users = users.filter(Q(is_superuser=True) | Q(pk__in=members))
    return users


class PrivateFilesPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's image and document policy less the collections hidden from the person."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if is_hidden_path(instance.collection.path, hidden_collection_paths(user)):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        files = super().instances_user_has_any_permission_for(user, actions)
        return without_hidden_files(files, hidden_collection_paths(user))

    def collections_user_has_any_permission_for(self, user, actions):
        collections = super().collections_user_has_any_permission_for(user, actions)
        return without_hidden(collections, hidden_collection_paths(user))


class PrivateCollectionsPolicy(CollectionManagementPermissionPolicy):
    """Managing collections: a private space's collection is not even listed."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if is_hidden_path(instance.path, hidden_collection_paths(user)):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        collections = super().instances_user_has_any_permission_for(user, actions)
        return without_hidden(collections, hidden_collection_paths(user))


def register_policies() -> None:
    """Called from `CoreConfig.ready`. Files are registered for their exact classes, so
    Wagtail's image and document apps (ready after core) do not replace them."""
    register_permission_policy(AbstractPage, PrivatePagesPolicy(Page))
    register_permission_policy(Collection, PrivateCollectionsPolicy(Collection), exact_class=True)
    register_permission_policy(
        get_image_model(),
        PrivateFilesPolicy(
            get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
        ),
        exact_class=True,
    )
    register_permission_policy(
        get_document_model(),
        PrivateFilesPolicy(
            get_document_model(),
            auth_model="wagtaildocs.Document",
            owner_field_name="uploaded_by_user",
        ),
        exact_class=True,
    )


# 2. Page permission testers -------------------------------------------------------------------
# 3. Admin URLs that name an object ------------------------------------------------------------
PAGE_ARGUMENTS = {"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk"}
REVISION_ARGUMENTS = {"revision_id", "revision_id_a", "revision_id_b"}
IMAGE_ARGUMENTS = {"image_id"}
DOCUMENT_ARGUMENTS = {"document_id", "doc_id"}
COLLECTION_ARGUMENTS = {"collection_id"}
# URL namespaces whose `pk` names a page, an image, a document or a collection.
PK_KINDS = {
    "wagtailadmin_pages": "page",
    "wagtailadmin_api:pages": "page",
    "wagtailimages": "image",
    "wagtailimages_chooser": "image",
    "wagtailadmin_api:images": "image",
    "wagtaildocs": "document",
    "wagtaildocs_chooser": "document",
    "wagtailadmin_api:documents": "document",
    "wagtailadmin_collections": "collection",
    "wagtailusers_groups": "group",
}


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _page_path(pk) -> str | None:
    return Page.objects.filter(pk=_as_int(pk)).values_list("path", flat=True).first()


def _file_collection_path(model, pk) -> str | None:
    return model.objects.filter(pk=_as_int(pk)).values_list("collection__path", flat=True).first()


def _object_page_path(content_type_id: int, object_id: str) -> str | None:
    """The tree path of a revision's or workflow state's object when it is a page."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None or not issubclass(model, Page):
        return None
    return _page_path(object_id)


def _hidden_object(request: HttpRequest, kind: str, pk) -> bool:
    user = request.user
    if kind == "page":
        path = _page_path(pk)
        return path is not None and is_hidden_path(path, hidden_page_paths(user))
    if kind == "revision" or kind == "workflow_state":
        model = Revision if kind == "revision" else WorkflowState
        row = model.objects.filter(pk=_as_int(pk)).values("base_content_type_id", "object_id")
        row = row.first()
        path = row and _object_page_path(row["base_content_type_id"], row["object_id"])
        return bool(path) and is_hidden_path(path, hidden_page_paths(user))
    if kind == "task_state":
        state = TaskState.objects.filter(pk=_as_int(pk)).values("workflow_state_id").first()
        return bool(state) and _hidden_object(request, "workflow_state", state["workflow_state_id"])
    if kind in ("image", "document"):
        model = get_image_model() if kind == "image" else get_document_model()
        path = _file_collection_path(model, pk)
        return path is not None and is_hidden_path(path, hidden_collection_paths(user))
    if kind == "group":
        return _as_int(pk) in hidden_group_ids(user)
    if kind == "collection":
        path = Collection.objects.filter(pk=_as_int(pk)).values_list("path", flat=True).first()
        return path is not None and is_hidden_path(path, hidden_collection_paths(user))
    return False


def named_objects(namespace: str, kwargs: dict) -> list[tuple[str, object]]:
    """(kind, id) of each object an admin URL's arguments name."""
    named = []
    for argument, value in kwargs.items():
        if argument in PAGE_ARGUMENTS:
            named.append(("page", value))
        elif argument in REVISION_ARGUMENTS:
            if _as_int(value) is not None:  # also "live", "latest", "earliest"
                named.append(("revision", value))
        elif argument == "workflow_state_id":
            named.append(("workflow_state", value))
        elif argument == "task_state_id":
            named.append(("task_state", value))
        elif argument in IMAGE_ARGUMENTS:
            named.append(("image", value))
        elif argument in DOCUMENT_ARGUMENTS:
            named.append(("document", value))
        elif argument in COLLECTION_ARGUMENTS:
            named.append(("collection", value))
        elif argument == "pk" and namespace in PK_KINDS:
            named.append((PK_KINDS[namespace], value))
    if "object_id" in kwargs and kwargs.get("app_label") and kwargs.get("model_name"):
        named.append(_kind_of_model(kwargs["app_label"], kwargs["model_name"], kwargs["object_id"]))
    return [(kind, pk) for kind, pk in named if kind]


def _kind_of_model(app_label: str, model_name: str, pk) -> tuple[str | None, object]:
    try:
        model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    except ContentType.DoesNotExist:
        return None, pk
    if model is not None and issubclass(model, Page):
        return "page", pk
    if model is get_image_model():
        return "image", pk
    if model is get_document_model():
        return "document", pk
    return None, pk


@functools.cache
def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class AdminPrivacyMiddleware:
    """404 for admin URLs naming an object hidden from the person (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not request.path_info.startswith(_admin_prefix()):
            return None
        if not request.user.is_authenticated or request.user.is_superuser:
            return None
        namespace = ":".join(match.namespaces)
        for kind, pk in named_objects(namespace, view_kwargs):
            if _hidden_object(request, kind, pk):
                raise Http404
        if match.url_name == "wagtail_bulk_action":
            _drop_hidden_bulk_ids(request, view_kwargs)
        return None


def _drop_hidden_bulk_ids(request: HttpRequest, view_kwargs: dict) -> None:
    """Bulk actions list the objects they are given by id; hidden ones are dropped as
    unknown ids are. "Select all" (`id=all`, `childOf`) becomes the explicit ids."""
    kind, _ = _kind_of_model(view_kwargs["app_label"], view_kwargs["model_name"], None)
    if kind is None:
        return
    ids = request.GET.getlist("id")
    if "all" in ids:
        parent = request.GET.get("childOf")
        if parent and kind == "page" and _hidden_object(request, "page", parent):
            raise Http404
        action_class = bulk_action_registry.get_bulk_action_class(
            view_kwargs["app_label"], view_kwargs["model_name"], view_kwargs["action"]
        )
        if action_class is None:
            raise Http404
        model = ContentType.objects.get_by_natural_key(
            view_kwargs["app_label"], view_kwargs["model_name"]
        ).model_class()
        ids = [
            str(pk) for pk in action_class(request, model).get_all_objects_in_listing_query(parent)
        ]
    kept = [pk for pk in ids if not _hidden_object(request, kind, pk)]
    query = request.GET.copy()
    query.setlist("id", kept)
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


# Wagtail views that list pages without asking the policy ---------------------------------------
class PrivatePageTypesUsageReportView(PageTypesUsageReportView):
    """Wagtail's "Page types usage" report names each type's last edited page: not a
    hidden one. (Served at Wagtail's own URLs, which hearth/urls.py routes here first.)"""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        hidden = hidden_page_paths(self.request.user)
        for item in page_types:
            page = item.last_edited_page
            if page is not None and is_hidden_path(page.path, hidden):
                item.last_edited_page = None
        return page_types


# Log entries and groups -----------------------------------------------------------------------
def hidden_group_ids(user) -> list[int]:
    """Groups that grant permissions inside a subtree or collection hidden from `user` (a
    private space's owners and editors): their permission screens name the space."""
    pages, collections = hidden_page_paths(user), hidden_collection_paths(user)
    if not pages and not collections:
        return []
    on_pages = without_hidden(GroupPagePermission.objects.all(), pages, "page__path")
    hidden_pages = GroupPagePermission.objects.exclude(pk__in=on_pages.values("pk"))
    on_collections = without_hidden(
        GroupCollectionPermission.objects.all(), collections, "collection__path"
    )
    hidden_collections = GroupCollectionPermission.objects.exclude(
        pk__in=on_collections.values("pk")
    )
    return sorted(
        set(hidden_pages.values_list("group_id", flat=True))
        | set(hidden_collections.values_list("group_id", flat=True))
    )


def _hidden_model_objects(user) -> Q:
    """Log rows (`content_type`, `object_id`) about hidden collections, files and groups."""
    collections = hidden_collection_paths(user)
    hidden = {
        Collection: Collection.objects.exclude(
            pk__in=without_hidden(Collection.objects.all(), collections).values("pk")
        ).values_list("pk", flat=True),
        Group: hidden_group_ids(user),
    }
    for model in (get_image_model(), get_document_model()):
        shown = without_hidden_files(model.objects.all(), collections)
        hidden[model] = model.objects.exclude(pk__in=shown.values("pk")).values_list(
            "pk", flat=True
        )
    condition = Q(pk__in=[])
    for model, ids in hidden.items():
        ids = [str(pk) for pk in ids]
        if ids:
            content_type = ContentType.objects.get_for_model(model)
            condition |= Q(content_type=content_type, object_id__in=ids)
    return condition


def without_hidden_log_entries(user, entries: QuerySet) -> QuerySet:
    """Audit log rows less those about pages, files, collections or groups hidden from
    `user` (their labels hold the titles)."""
    if not user.is_authenticated or user.is_superuser:
        return entries
    if hasattr(entries.model, "page"):
        return without_hidden(entries, hidden_page_paths(user), "page__path")
    return entries.exclude(_hidden_model_objects(user))


class HidesPrivateLogEntries:
    """For log entry listings (Wagtail's site history, Hearth's audit log)."""

    def filter_queryset(self, queryset):
        return without_hidden_log_entries(self.request.user, super().filter_queryset(queryset))


class PrivateSiteHistoryView(HidesPrivateLogEntries, LogEntriesView):
    """Wagtail's site history, less entries about what is hidden from the reader (served at
    Wagtail's own URLs, which hearth/urls.py routes here first)."""
