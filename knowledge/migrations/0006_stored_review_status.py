"""Store each knowledge page's review status (indexed with its review date), and fill it
for existing pages with `review_status`'s rule as it is today (frozen here): verified until
the stored due date, review due from then or if never verified, stale 30 days later."""

from datetime import timedelta

from django.db import migrations, models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

STALE_AFTER = timedelta(days=30)
VERIFIED, REVIEW_DUE, STALE = "verified", "due", "stale"


def fill_review_status(apps, schema_editor):
    KnowledgePage = apps.get_model("knowledge", "KnowledgePage")
    Verification = apps.get_model("knowledge", "Verification")
    now = timezone.now()
    verified = Exists(Verification.objects.filter(page=OuterRef("pk")))
    KnowledgePage.objects.update(
        stored_review_status=Case(
            When(next_review_at__lte=now - STALE_AFTER, then=Value(STALE)),
            When(
                Q(next_review_at__lte=now) | Q(next_review_at__isnull=True) | ~verified,
                then=Value(REVIEW_DUE),
            ),
            default=Value(VERIFIED),
            output_field=models.CharField(),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0005_space_groups_named_by_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="knowledgepage",
            name="stored_review_status",
            field=models.CharField(
                choices=[("verified", "Verified"), ("due", "Review due"), ("stale", "Stale")],
                default="due",
                db_default="due",
                editable=False,
                help_text=(
                    "Stored by governance.review.services (refresh_due_dates on every change "
                    "of the date or the verifications, advance_review_statuses as dates "
                    "pass): `review_status`'s rule, so listings count and filter statuses on "
                    "an index."
                ),
                max_length=10,
                verbose_name="review status",
            ),
        ),
        migrations.AddIndex(
            model_name="knowledgepage",
            index=models.Index(
                fields=["stored_review_status", "next_review_at"],
                name="knowledge_status_due_idx",
            ),
        ),
        migrations.RunPython(fill_review_status, migrations.RunPython.noop, elidable=True),
    ]
