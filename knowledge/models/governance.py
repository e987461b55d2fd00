"""What keeps knowledge right: verifications, must-reads and acknowledgements."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Department, Level, Location


class Verification(models.Model):
    """An owner confirmed, at this revision, that the page is still right (append-only)."""

    page = models.ForeignKey(
        "knowledge.KnowledgePage", on_delete=models.CASCADE, related_name="verifications"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-verified_at"]
        get_latest_by = "verified_at"
        verbose_name = _("verification")

    def __str__(self) -> str:
        return f"{self.page_id} verified {self.verified_at:%Y-%m-%d}"


class MustRead(models.Model):
    """A page that an audience must read and acknowledge."""

    page = models.OneToOneField(
        "knowledge.KnowledgePage", on_delete=models.CASCADE, related_name="must_read"
    )
    everyone = models.BooleanField(_("everyone"), default=False)
    groups = models.ManyToManyField(Group, blank=True, related_name="+")
    departments = models.ManyToManyField(Department, blank=True, related_name="+")
    locations = models.ManyToManyField(Location, blank=True, related_name="+")
    levels = models.JSONField(_("levels"), default=list, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("must-read")

    def __str__(self) -> str:
        return f"must-read {self.page_id}"

    def clean(self):
        unknown = set(self.levels) - set(Level.values)
        if unknown:
            raise ValidationError({"levels": _("Unknown level: %s") % ", ".join(sorted(unknown))})


class Acknowledgement(models.Model):
    """A reader said "I have read and understood this" for one revision of the page."""

    page = models.ForeignKey(
        "knowledge.KnowledgePage", on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(default=timezone.now)
    in_audience = models.BooleanField(
        default=True, help_text=_("False for readers outside the must-read's audience.")
    )

    class Meta:
        verbose_name = _("acknowledgement")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "user", "revision"], name="knowledge_one_ack_per_revision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} acknowledged {self.page_id}@{self.revision_id}"
