import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.search import index


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def validate_time_zone(value: str) -> None:
    # A validator, not field choices: the list changes with tzdata and must not end up
    # in a migration.
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class Level(models.TextChoices):
    INDIVIDUAL_CONTRIBUTOR = "ic", _("Individual contributor")
    MANAGER = "manager", _("Manager")
    DIRECTOR = "director", _("Director")
    EXECUTIVE = "executive", _("Executive")


class NamedUnit(models.Model):
    """A part of the organisation known by its unique name (a department, a location)."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(NamedUnit):
    class Meta(NamedUnit.Meta):
        verbose_name = _("department")
        verbose_name_plural = _("departments")


class Location(NamedUnit):
    class Meta(NamedUnit.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")


class FieldVisibility(models.TextChoices):
    STAFF = "staff", _("Everyone at the company")
    TEAM = "team", _("My manager and my reports")
    ME = "me", _("Only me (and administrators)")


class TaggedExpertise(TaggedItemBase):
    content_object = models.ForeignKey(
        "people.Profile", on_delete=models.CASCADE, related_name="tagged_expertise"
    )


class ProfileQuerySet(models.QuerySet):
    def with_org(self) -> "ProfileQuerySet":
        return self.select_related("user", "department", "location", "manager__user")


class Profile(index.Indexed, models.Model):
    """The person behind a user account. Department, level and manager belong to HR."""

    HR_FIELDS = ("department", "level", "location", "manager")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("How your name is shown; blank uses your first and last name."),
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.INDIVIDUAL_CONTRIBUTOR
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    expertise = TaggableManager(
        verbose_name=_("expertise"),
        through=TaggedExpertise,
        blank=True,
        help_text=_("Topics people can ask you about."),
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    ask_me_about = models.CharField(
        _("ask me about"),
        max_length=300,
        blank=True,
        help_text=_("What colleagues should come to you for, in a sentence."),
    )
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_visibility = models.CharField(
        _("who sees your phone number"),
        max_length=10,
        choices=FieldVisibility.choices,
        default=FieldVisibility.STAFF,
    )
    employee_id = models.CharField(
        _("employee ID"),
        max_length=40,
        blank=True,
        help_text=_("The HR system's identifier (set by import_people)."),
    )
    # Who was employed when: the headcount of a week or a month on the insights dashboard
    # (insights.dashboard.people) counts the people whose start and leave dates span it.
    start_date = models.DateField(
        _("start date"), null=True, blank=True, help_text=_("Set to the day the account was made.")
    )
    leave_date = models.DateField(
        _("leave date"),
        null=True,
        blank=True,
        help_text=_("The last day employed; set when the account is deactivated."),
    )
    in_leaderboards = models.BooleanField(
        _("show me in top-contributor lists"),
        default=True,
        help_text=_("Your contributions still count on your own profile."),
    )

    objects = ProfileQuerySet.as_manager()

    search_fields = [
        index.SearchField("display_name"),
        index.SearchField("job_title"),
        index.SearchField("bio"),
        index.AutocompleteField("display_name"),
        index.RelatedFields(
            "user", [index.SearchField("first_name"), index.SearchField("last_name")]
        ),
        index.FilterField("department"),
        index.FilterField("location"),
        index.FilterField("level"),
    ]

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.user.get_full_name() or self.user.username


class Kudos(models.Model):
    """A public thank-you, optionally tied to one of the company's values (vision hub)."""

    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kudos_given"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kudos_received"
    )
    message = models.TextField(_("message"), max_length=1000)
    value = models.ForeignKey(
        "brand.StatementPage",
        verbose_name=_("company value"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kudos",
        limit_choices_to={"kind": "value"},
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("for this contribution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kudos")
        verbose_name_plural = _("kudos")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(giver=models.F("recipient")), name="people_no_self_kudos"
            )
        ]

    def __str__(self) -> str:
        return f"kudos {self.giver_id} → {self.recipient_id}"


class GuestAccessQuerySet(models.QuerySet):
    def active(self, now=None) -> "GuestAccessQuerySet":
        """Grants in force: not revoked and not yet expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class GuestAccess(models.Model):
    """A pinhole: one external person may read (and perhaps comment on) one space until
    `expires_at`, unless revoked first. A guest sees only the spaces of their active grants.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guest_access"
    )
    space = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("space"),
        on_delete=models.CASCADE,
        related_name="guest_access",
    )
    can_comment = models.BooleanField(_("may comment"), default=False)
    expires_at = models.DateTimeField(_("access ends"), db_index=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invite = models.ForeignKey(
        "people.GuestInvite",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grants",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expiry_logged_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the end of access was written to the audit log.")
    )

    objects = GuestAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("guest access")
        verbose_name_plural = _("guest access")
        indexes = [models.Index(fields=["user", "expires_at"], name="people_guest_user_expiry")]

    def __str__(self) -> str:
        return f"guest {self.user_id} → space {self.space_id}"


class GuestInvite(models.Model):
    """An invitation sent by a space owner to an external person's email address.

    The link carries a random token; only its SHA-256 is stored. It works once
    (`accepted_at`) and only until `link_expires_at`; accepting it creates the guest's
    account and one `GuestAccess` per space, ending at `access_expires_at`.
    """

    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    spaces = models.ManyToManyField("wagtailcore.Page", verbose_name=_("spaces"), related_name="+")
    can_comment = models.BooleanField(_("may comment"), default=False)
    access_expires_at = models.DateTimeField(_("access ends"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    link_expires_at = models.DateTimeField(_("link valid until"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("guest invite")
        verbose_name_plural = _("guest invites")

    def __str__(self) -> str:
        return f"invite {self.email}"
