"""Create Hearth's role groups with their permissions (idempotent; see core/roles.py)."""

from django.db import migrations

from core.roles import ensure_roles


def create_roles(apps, schema_editor):
    # Wagtail's own migrations make "Editors" and "Moderators" groups with its defaults
    # (Moderators may publish anything). Hearth's roles of those names mean something
    # else, so they start from nothing and get exactly what core.roles grants.
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.clear()
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_images_and_brand"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "__latest__"),
        ("wagtailsearchpromotions", "__latest__"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
