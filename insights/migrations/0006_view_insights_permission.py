"""The permission to read the insights dashboard (/insights/), and the Sponsors role
(executive sponsors); core.roles grants it to Communications, Administrators and Sponsors
(ensure_roles only adds what is missing)."""

from django.db import migrations

from core.roles import ensure_roles


def grant(apps, schema_editor):
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0005_rollup_day_index"),
        ("core", "0013_page_url_path_index"),
        ("brand", "0001_initial"),
        ("home", "0003_onboarding"),
        ("people", "0003_governance"),
        ("search", "0003_administrators_manage_synonyms"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="dailyrollup",
            options={
                "permissions": [("view_insights", "Can view the insights dashboard")],
                "verbose_name": "daily rollup",
                "verbose_name_plural": "daily rollups",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
