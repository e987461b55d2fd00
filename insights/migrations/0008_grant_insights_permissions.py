"""Administrators get the insights permission and may add and change pilots
(core.roles.PILOTS); ensure_roles only adds what is missing."""

from django.db import migrations

from core.roles import ensure_roles


def grant(apps, schema_editor):
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0007_pilots"),
        ("core", "0013_page_url_path_index"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
