"""The activity ledger: one append-only row per meaningful action.

Each row keeps the actor's department, level and location as they were at that moment,
so measurement can slice history by organisation without backfilling after people move.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import get_page_models


class Verb(models.TextChoices):
    VIEWED = "viewed", _("viewed")
    PUBLISHED = "published", _("published")
    COMMENTED = "commented", _("commented")
    REACTED = "reacted", _("reacted")
    ANNOTATED = "annotated", _("annotated")
    SEARCHED = "searched", _("searched")
    GAVE_FEEDBACK = "gave_feedback", _("gave feedback on")
    VOTED = "voted", _("voted for")
    ASKED = "asked", _("asked")
    ANSWERED = "answered", _("answered")
    ACCEPTED = "accepted", _("accepted an answer on")
    THANKED = "thanked", _("thanked")
    JOINED = "joined", _("joined")
    POSTED = "posted", _("posted in")
    DOWNLOADED = "downloaded", _("downloaded")
    SUBMITTED_IDEA = "submitted_idea", _("submitted an idea")


class ActivityEventQuerySet(models.QuerySet):
    def recent_page_views(self, user) -> "ActivityEventQuerySet":
        """The pages `user` viewed, most recent first: one row per page and day."""
        page_types = ContentType.objects.get_for_models(
            *get_page_models(), for_concrete_models=False
        ).values()
        return self.filter(actor=user, verb=Verb.VIEWED, target_type__in=page_types).order_by(
            "-occurred_at"
        )

    def for_target(self, target: models.Model) -> "ActivityEventQuerySet":
        return self.filter(
            target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
            target_id=target.pk,
        )


class ActivityEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=32, choices=Verb.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    day = models.DateField()
    actor_department = models.CharField(max_length=100, blank=True)
    actor_level = models.CharField(max_length=20, blank=True)
    actor_location = models.CharField(max_length=100, blank=True)
    # Whether the actor could write and publish pages then (see insights.services.EDITING_ROLES):
    # measures tell dialogue (everyone) from broadcast (editors).
    actor_is_editor = models.BooleanField(default=False)
    # Where it happened (insights.scopes): the space or the community root of the target's
    # page, found when the event is written, so a pilot's figures can keep to its scope.
    # No database constraint and nothing done on delete: the ledger is append-only and keeps
    # the id of a space deleted since.
    space = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    community = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    objects = ActivityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity event")
        verbose_name_plural = _("activity events")
        indexes = [
            models.Index(fields=["target_type", "target_id", "verb"]),
            # The rollup job reads one day; a person's first day is one probe.
            models.Index(fields=["day"], name="insights_event_day"),
            models.Index(fields=["actor", "day"], name="insights_event_actor_day"),
            # A pilot's scoped figures read its spaces' and communities' days.
            models.Index(fields=["space", "day"], name="insights_event_space_day"),
            models.Index(fields=["community", "day"], name="insights_event_community_day"),
        ]
        constraints = [
            # Views are counted once per person, page and day, however often they reload.
            models.UniqueConstraint(
                fields=["actor", "verb", "target_type", "target_id", "day"],
                condition=Q(verb="viewed"),
                name="insights_one_view_per_person_target_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.verb} {self.target_type_id}:{self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Activity events are append-only; they cannot be changed.")
        super().save(*args, **kwargs)


class DailyRollup(models.Model):
    """One measure's figure for one day and one organisational slice (the actors'
    department, level and location as the ledger kept them). Rebuilt whole per day by
    `insights.rollups.build_day`; the dashboard reads these, never the ledger.

    `value` is the figure (events, or distinct people that day); `base` the denominator
    for shares and rates (0 otherwise), so periods add up as sum(value) / sum(base).
    """

    day = models.DateField()
    measure = models.CharField(max_length=64)
    department = models.CharField(max_length=100, blank=True)
    level = models.CharField(max_length=20, blank=True)
    location = models.CharField(max_length=100, blank=True)
    value = models.FloatField(default=0)
    base = models.FloatField(default=0)

    class Meta:
        verbose_name = _("daily rollup")
        verbose_name_plural = _("daily rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "day", "department", "level", "location"],
                name="insights_rollup_one_row_per_cell",
            )
        ]
        # Rebuilding a day deletes it first: without this, a scan of every day.
        indexes = [models.Index(fields=["day"], name="insights_rollup_day")]
        # Who may read the dashboard (/insights/), granted to roles by core.roles.
        permissions = [("view_insights", _("Can view the insights dashboard"))]

    def __str__(self) -> str:
        return f"{self.day} {self.measure} {self.department}/{self.level}/{self.location}"


class PersonDay(models.Model):
    """Who was active on a day, in which slice, doing what: one row per person, day and
    slice, with a bitmask of the verbs (`insights.measures.verb_bit`). Distinct people
    over any period (a week, a year, by department) are one query over a day range of
    these narrow rows (one per active person-day, however many events it holds) instead
    of a scan of raw events; bench/bench_rollups.py prints how many there are."""

    day = models.DateField()
    week = models.DateField(help_text=_("The Monday of the day's week, to group by week."))
    person_id = models.BigIntegerField()
    department = models.CharField(max_length=100, blank=True)
    level = models.CharField(max_length=20, blank=True)
    location = models.CharField(max_length=100, blank=True)
    verbs = models.IntegerField(default=0)
    first = models.BooleanField(default=False, help_text=_("The person's first day in the ledger."))

    class Meta:
        verbose_name = _("person day")
        verbose_name_plural = _("person days")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "person_id", "department", "level", "location"],
                name="insights_one_row_per_person_day_slice",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.person_id}"


class FirstSeen(models.Model):
    """The day of each person's first event in the ledger (MIN(day), kept so that "new
    people reached" never reads a person's whole history twice)."""

    person_id = models.BigIntegerField(primary_key=True)
    day = models.DateField()

    class Meta:
        verbose_name = _("first day seen")
        verbose_name_plural = _("first days seen")

    def __str__(self) -> str:
        return f"{self.person_id} {self.day}"


class SliceManager(models.Manager):
    def ids(self, keys) -> dict[tuple[str, str, str], int]:
        """The id of each (department, level, location), creating the missing ones."""
        keys = set(keys)
        found = {
            (row.department, row.level, row.location): row.pk
            for row in self.filter(department__in={key[0] for key in keys})
        }
        missing = [Slice(department=d, level=lv, location=lc) for d, lv, lc in keys - found.keys()]
        if missing:
            self.bulk_create(missing, ignore_conflicts=True)
            return self.ids(keys)
        return {key: found[key] for key in keys}


class Slice(models.Model):
    """One organisational slice (department x level x location, as the ledger kept them)
    as a small integer: the month-level rollups key on it, so their rows stay narrow and a
    GROUP BY reads one int (the names come with one join to this small table)."""

    department = models.CharField(max_length=100, blank=True)
    level = models.CharField(max_length=20, blank=True)
    location = models.CharField(max_length=100, blank=True)

    objects = SliceManager()

    class Meta:
        verbose_name = _("slice")
        verbose_name_plural = _("slices")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "level", "location"], name="insights_one_slice_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department}/{self.level}/{self.location}"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.department, self.level, self.location)


def _one_row_per_person(period: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=[period, "person_id", "slice"], name=f"insights_one_row_per_person_{period}"
    )


class PersonPeriod(models.Model):
    """A period row keyed by person and slice: `PersonDay` over the period, the verbs
    OR-ed together (`insights.aggregates.BitOr`), and whether the person's first day fell
    in it. A concrete model adds its period's date field and `_one_row_per_person(name)`."""

    person_id = models.BigIntegerField()
    slice = models.ForeignKey(Slice, on_delete=models.CASCADE, related_name="+")
    verbs = models.IntegerField(default=0)
    first = models.BooleanField(default=False)

    class Meta:
        abstract = True


class PersonMonth(PersonPeriod):
    """`PersonDay` per month. Distinct people over a period read these for its whole
    months (a year is people x 12 rows at most) and PersonDay only for the days at its two
    ends."""

    month = models.DateField(help_text=_("The first day of the month."))

    class Meta:
        verbose_name = _("person month")
        verbose_name_plural = _("person months")
        constraints = [_one_row_per_person("month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.person_id}"


class PersonWeek(PersonPeriod):
    """`PersonDay` per ISO week (Monday to Sunday): the ends of a period that are not
    whole months are read as whole weeks here and at most six days each side from
    PersonDay, so a year's ends read a few week rows per person instead of up to two
    months of days."""

    week = models.DateField(help_text=_("The Monday of the week."))

    class Meta:
        verbose_name = _("person week")
        verbose_name_plural = _("person weeks")
        constraints = [_one_row_per_person("week")]

    def __str__(self) -> str:
        return f"{self.week} {self.person_id}"


class MonthlyRollup(models.Model):
    """`DailyRollup` summed per month: a period's whole months read one row per measure
    and slice each instead of thirty. `value_base` keeps sum(value x base) for the units
    that weight the days' figures (medians)."""

    month = models.DateField(help_text=_("The first day of the month."))
    measure = models.CharField(max_length=64)
    slice = models.ForeignKey(Slice, on_delete=models.CASCADE, related_name="+")
    value = models.FloatField(default=0)
    base = models.FloatField(default=0)
    value_base = models.FloatField(default=0)

    class Meta:
        verbose_name = _("monthly rollup")
        verbose_name_plural = _("monthly rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "month", "slice"], name="insights_one_monthly_row_per_cell"
            )
        ]
        indexes = [models.Index(fields=["month"], name="insights_monthly_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.measure} {self.slice_id}"


class DayTotal(models.Model):
    """A measure's day over every slice: the weekly series read 366 rows a year."""

    day = models.DateField()
    measure = models.CharField(max_length=64)
    value = models.FloatField(default=0)
    base = models.FloatField(default=0)
    value_base = models.FloatField(default=0)

    class Meta:
        verbose_name = _("day total")
        verbose_name_plural = _("day totals")
        constraints = [
            models.UniqueConstraint(fields=["day", "measure"], name="insights_one_day_total")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.measure}"


class WeekPeople(models.Model):
    """How many distinct people a week (Monday to Sunday) counted for each distinct-people
    measure, and `measure=""` for everyone active (the weeks' suppression). Recomputed
    from the week's PersonDay rows whenever one of its days is rebuilt."""

    week = models.DateField(help_text=_("The Monday of the week."))
    measure = models.CharField(max_length=64, blank=True)
    value = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("people of a week")
        verbose_name_plural = _("people of weeks")
        constraints = [
            models.UniqueConstraint(fields=["week", "measure"], name="insights_one_week_count")
        ]

    def __str__(self) -> str:
        return f"{self.week} {self.measure}: {self.value}"


# Pilots (a feature folder of their own) are models of this app.
from insights.pilots.models import Pilot, PilotTarget  # noqa: E402, F401
