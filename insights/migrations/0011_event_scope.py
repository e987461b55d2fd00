import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    """The space and the community of the events already recorded about pages."""
    from insights.scopes import backfill as set_scopes

    set_scopes(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("insights", "0010_person_weeks"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="activityevent",
            name="space",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="activityevent",
            name="community",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="activityevent",
            index=models.Index(fields=["space", "day"], name="insights_event_space_day"),
        ),
        migrations.AddIndex(
            model_name="activityevent",
            index=models.Index(fields=["community", "day"], name="insights_event_community_day"),
        ),
    ]
