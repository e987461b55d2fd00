"""Hearth's default workflows, created and assigned (idempotent; see core/workflows.py)."""

from django.db import migrations

from core.workflows import ensure_default_workflows


def create_default_workflows(apps, schema_editor):
    ensure_default_workflows(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_space_owner_approval_task"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_default_workflows, migrations.RunPython.noop)]
