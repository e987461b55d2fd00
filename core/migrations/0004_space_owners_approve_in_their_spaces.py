"""Space owners lose publish rights on the whole tree: each space now grants its own owners
group the right to approve within that space (knowledge.services.sync_space_permissions)."""

from django.db import migrations


def narrow_space_owners(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__in=Group.objects.filter(name="Space owners"), page__depth=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_roles")]

    operations = [migrations.RunPython(narrow_space_owners, migrations.RunPython.noop)]
