"""Hearth's roles: Django groups and the Wagtail permissions each one carries.

`ensure_roles` is idempotent: the data migration calls it, and running it again (or on a
database where an administrator has added permissions) only adds what is missing.
docs/roles.md explains what each role may do.
"""

from enum import StrEnum

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission


class Role(StrEnum):
    EMPLOYEES = "Employees"
    EDITORS = "Editors"
    SPACE_OWNERS = "Space owners"
    COMMUNICATIONS = "Communications"
    MODERATORS = "Moderators"
    GUESTS = "Guests"
    ADMINISTRATORS = "Administrators"
    SPONSORS = "Sponsors"  # executive sponsors: read the insights dashboard, nothing else


ADMIN_ACCESS = "wagtailadmin.access_admin"
# The insights dashboard (/insights/): adoption and engagement figures, never a person's.
VIEW_INSIGHTS = "insights.view_insights"
# Wagtail checks a custom image model against wagtailimages.Image's permissions.
IMAGES_USE = ["wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image"]
DOCUMENTS_USE = [
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
MEDIA_DELETE = ["wagtailimages.delete_image", "wagtaildocs.delete_document"]
PAGES_WRITE = ["wagtailcore.add_page", "wagtailcore.change_page", "wagtailcore.lock_page"]
PAGES_APPROVE = [*PAGES_WRITE, "wagtailcore.publish_page", "wagtailcore.unlock_page"]
PAGES_ALL = [*PAGES_APPROVE, "wagtailcore.bulk_delete_page"]


def _crud(app_model: str, actions=("add", "change", "delete")) -> list[str]:
    app_label, model = app_model.split(".")
    return [f"{app_label}.{action}_{model}" for action in actions]


# What communications run: the brand library, questions to leadership, onboarding paths,
# what the start page features.
COMMUNICATIONS_MODELS = [
    *_crud("brand.brandasset"),
    *_crud("brand.leadershipquestion", ("change",)),
    *_crud("home.onboardingpath"),
    *_crud("home.featureditem"),
]

# Defining pilots (the insights permission, VIEW_INSIGHTS, lets a person read them).
PILOTS = ["insights.add_pilot", "insights.change_pilot"]

# Model permissions ("app_label.codename"), page permissions on the root of the page tree,
# and collection permissions on the root collection.
ROLE_PERMISSIONS: dict[Role, dict[str, list[str]]] = {
    Role.EMPLOYEES: {"model": [], "page": [], "collection": []},
    Role.GUESTS: {"model": [], "page": [], "collection": []},
    Role.EDITORS: {
        "model": [ADMIN_ACCESS],
        "page": PAGES_WRITE,
        "collection": [*IMAGES_USE, *DOCUMENTS_USE],
    },
    # Space owners approve only inside their own spaces: each space grants its owners
    # group PAGES_APPROVE on its subtree (knowledge.services.sync_space_permissions).
    Role.SPACE_OWNERS: {
        "model": [ADMIN_ACCESS],
        "page": [],
        "collection": [*IMAGES_USE, *DOCUMENTS_USE],
    },
    Role.COMMUNICATIONS: {
        "model": [
            ADMIN_ACCESS,
            "core.change_brandsettings",
            *COMMUNICATIONS_MODELS,
            VIEW_INSIGHTS,
        ],
        "page": PAGES_APPROVE,
        "collection": [*IMAGES_USE, *DOCUMENTS_USE, *MEDIA_DELETE],
    },
    Role.MODERATORS: {"model": [ADMIN_ACCESS], "page": [], "collection": []},
    Role.SPONSORS: {"model": [VIEW_INSIGHTS], "page": [], "collection": []},
    Role.ADMINISTRATORS: {
        "model": [
            ADMIN_ACCESS,
            VIEW_INSIGHTS,
            "core.change_brandsettings",
            *COMMUNICATIONS_MODELS,
            "core.add_user",
            "core.change_user",
            "core.delete_user",
            "auth.add_group",
            "auth.change_group",
            "auth.delete_group",
            "wagtailcore.add_workflow",
            "wagtailcore.change_workflow",
            "wagtailcore.delete_workflow",
            "wagtailcore.add_task",
            "wagtailcore.change_task",
            "wagtailcore.delete_task",
            "wagtailcore.add_site",
            "wagtailcore.change_site",
            "wagtailcore.delete_site",
            "wagtailcore.add_collection",
            "wagtailcore.change_collection",
            "wagtailcore.delete_collection",
            "wagtailredirects.add_redirect",
            "wagtailredirects.change_redirect",
            "wagtailredirects.delete_redirect",
            "wagtailsearchpromotions.add_query",
            "wagtailsearchpromotions.change_query",
            "wagtailsearchpromotions.delete_query",
            *(
                f"people.{action}_{model}"
                for model in ("profile", "department", "location")
                for action in ("add", "change", "delete")
            ),
            *PILOTS,
        ],
        "page": PAGES_ALL,
        "collection": [*IMAGES_USE, *DOCUMENTS_USE, *MEDIA_DELETE],
    },
}


def get_permission(name: str, permission_model=None):
    """The Permission for "app_label.codename"; migrations pass their historical model."""
    permission_model = permission_model or Permission
    app_label, codename = name.split(".")
    return permission_model.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_roles(apps) -> None:
    """Create the role groups with their permissions; safe to run any number of times."""
    # Permissions are normally created after migrations finish; make sure they exist now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True  # migration state has none; create_permissions asks
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def exists_yet(name: str) -> bool:
        """False for a model a later migration creates: that migration grants it (a later
        `ensure_roles` call), so early role migrations keep working as roles grow. A custom
        permission (a model's Meta.permissions, e.g. insights.view_insights) exists once
        `create_permissions` above found it in the migration state."""
        app_label, codename = name.split(".")
        action, _, model_name = codename.partition("_")
        if action not in ("add", "change", "delete", "view") or app_label == "wagtailadmin":
            return True
        try:
            apps.get_model(app_label, model_name)
        except LookupError:
            # A model's custom permission ("insights.view_insights") exists once its model does.
            return Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).exists()
        return True

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.add(
            *(get_permission(name, Permission) for name in grants["model"] if exists_yet(name))
        )
        for name in grants["page"]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=get_permission(name, Permission)
            )
        for name in grants["collection"]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=get_permission(name, Permission)
            )
