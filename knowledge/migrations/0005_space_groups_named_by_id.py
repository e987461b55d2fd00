"""Space owner and editor groups, and the files collections of private spaces, are named
by the space's id, not its title: these names show across the admin, and a private
space's title is for its readers only."""

from django.db import migrations


def rename(apps, schema_editor):
    SpacePage = apps.get_model("knowledge", "SpacePage")
    Group = apps.get_model("auth", "Group")
    for space in SpacePage.objects.all():
        for group_id, label in (
            (space.owners_group_id, "owners"),
            (space.editors_group_id, "editors"),
        ):
            if group_id:
                Group.objects.filter(pk=group_id).update(name=f"Space {space.pk} · {label}")


def rename_private_collections(apps, schema_editor):
    # Collections are a tree sorted by name: a renamed one must move to its new place,
    # which needs treebeard's methods, so this step uses the real model (Wagtail's
    # Collection, whose tree fields have been stable since Wagtail 2).
    from wagtail.models import Collection

    SpacePage = apps.get_model("knowledge", "SpacePage")
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    restricted = list(
        PageViewRestriction.objects.filter(restriction_type="groups").values_list(
            "page__path", flat=True
        )
    )
    for space in SpacePage.objects.filter(collection__isnull=False):
        if not any(space.path.startswith(path) for path in restricted):
            continue
        collection = Collection.objects.get(pk=space.collection_id)
        name = f"Private space {space.pk}"
        if collection.name != name:
            collection.name = name
            collection.save(update_fields=["name"])
            collection.move(collection.get_parent(), pos="sorted-child")


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0004_next_review_at"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.RunPython(rename, migrations.RunPython.noop),
        migrations.RunPython(rename_private_collections, migrations.RunPython.noop),
    ]
