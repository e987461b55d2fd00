"""Administrators maintain synonyms (docs/roles.md: they already manage promoted results)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_synonym", "change_synonym", "delete_synonym", "view_synonym"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("search")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True  # migration state has none; create_permissions asks
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Administrators").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="search", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_trigram_vocabulary"), ("core", "0003_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
