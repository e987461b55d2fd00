"""Store each knowledge page's review due date (indexed), and fill it for existing pages
with the rule of knowledge.review.refresh_due_dates, frozen here as it is today."""

from collections import defaultdict
from datetime import timedelta

from django.db import migrations, models
from django.db.models import DateTimeField, ExpressionWrapper, OuterRef, Subquery
from django.db.models.functions import Coalesce

DEFAULT_INTERVAL_DAYS = 180
STEPLEN = 4  # treebeard's path step


def fill_review_dates(apps, schema_editor):
    KnowledgePage = apps.get_model("knowledge", "KnowledgePage")
    SpacePage = apps.get_model("knowledge", "SpacePage")
    ArchivedPage = apps.get_model("knowledge", "ArchivedPage")
    Verification = apps.get_model("knowledge", "Verification")
    Page = apps.get_model("wagtailcore", "Page")

    spaces = list(SpacePage.objects.values_list("path", "depth", "review_interval_days"))
    depth = min((row[1] for row in spaces), default=0)
    intervals = {path: days for path, row_depth, days in spaces if row_depth == depth}
    homes = dict(ArchivedPage.objects.values_list("page_id", "original_parent__path"))
    by_days = defaultdict(list)
    for pk, path, own in KnowledgePage.objects.values_list("pk", "path", "review_interval_days"):
        home = homes.get(pk) or path
        space_days = intervals.get(home[: depth * STEPLEN]) if depth else None
        by_days[own or space_days or DEFAULT_INTERVAL_DAYS].append(pk)
    latest = Verification.objects.filter(page=OuterRef("pk")).order_by("-verified_at")
    published = Page.objects.filter(pk=OuterRef("pk")).values("first_published_at")[:1]
    start = Coalesce(Subquery(latest.values("verified_at")[:1]), Subquery(published))
    for days, ids in by_days.items():
        due = ExpressionWrapper(start + timedelta(days=days), output_field=DateTimeField())
        for offset in range(0, len(ids), 1000):
            chunk = ids[offset : offset + 1000]
            KnowledgePage.objects.filter(pk__in=chunk).update(next_review_at=due)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0003_governance"),
    ]

    operations = [
        migrations.AddField(
            model_name="knowledgepage",
            name="next_review_at",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                editable=False,
                help_text=(
                    "Stored by knowledge.review.refresh_due_dates: the last verification "
                    "(else the first publication) plus the review interval."
                ),
                null=True,
                verbose_name="next review due",
            ),
        ),
        migrations.RunPython(fill_review_dates, migrations.RunPython.noop, elidable=True),
    ]
