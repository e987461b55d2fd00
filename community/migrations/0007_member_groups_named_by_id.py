"""A community's members group is named by the community's id, not its title: group names
show across the admin, and an invite-only community's title is for its members only."""

from django.db import migrations


def rename(apps, schema_editor):
    CommunityPage = apps.get_model("community", "CommunityPage")
    Group = apps.get_model("auth", "Group")
    for community in CommunityPage.objects.filter(members_group__isnull=False):
        Group.objects.filter(pk=community.members_group_id).update(
            name=f"Community {community.pk} · members"
        )


class Migration(migrations.Migration):
    dependencies = [("community", "0006_governance_verbs")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
