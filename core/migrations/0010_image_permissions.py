"""Image permissions that Wagtail checks: a custom image model is governed by
wagtailimages.Image's permissions, so the roles' grants on core.HearthImage did nothing
in the admin. Every collection grant on a core.HearthImage permission (roles and space
groups alike) gets its wagtailimages.Image twin."""

from django.db import migrations

from core.roles import ensure_roles

TWINS = {
    "add_hearthimage": "add_image",
    "change_hearthimage": "change_image",
    "choose_hearthimage": "choose_image",
    "delete_hearthimage": "delete_image",
}


def grant_twins(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ensure_roles(apps)  # creates the permissions and grants the roles theirs
    wagtail = {
        permission.codename: permission
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailimages", codename__in=TWINS.values()
        )
    }
    grants = GroupCollectionPermission.objects.filter(
        permission__content_type__app_label="core", permission__codename__in=TWINS
    ).select_related("permission")
    for grant in grants:
        GroupCollectionPermission.objects.get_or_create(
            group_id=grant.group_id,
            collection_id=grant.collection_id,
            permission=wagtail[TWINS[grant.permission.codename]],
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0009_page_tree_indexes")]

    operations = [migrations.RunPython(grant_twins, migrations.RunPython.noop)]
