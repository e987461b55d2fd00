"""Communications and administrators get the brand library, leadership questions and
onboarding paths (core.roles.COMMUNICATIONS_MODELS); ensure_roles only adds what is missing."""

from django.db import migrations

from core.roles import ensure_roles


def grant(apps, schema_editor):
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_space_owners_approve_in_their_spaces"),
        ("brand", "0001_initial"),
        ("home", "0003_onboarding"),
        ("people", "0002_profile_details_kudos"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
