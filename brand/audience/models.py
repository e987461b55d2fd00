"""Who a campaign or an announcement is for: the same shape as a must-read's audience.

An abstract page mixin so every audience-targeted page stores it alike, in its revisions
(ParentalManyToManyField), and one query helper (`brand.audience.services`) turns it into a filter.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from people.models import Department, Level, Location


class AudienceLevelsField(models.JSONField):
    """A list of `people.Level` values ([] means every level)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        unknown = set(value or []) - set(Level.values)
        if unknown:
            raise ValidationError(_("Unknown level: %s") % ", ".join(sorted(map(str, unknown))))


class AudienceFields(ClusterableModel):
    """Everyone, or the union of the chosen groups, departments, locations and levels.

    The rule is the must-read's (knowledge.mustread.audience_q), so a campaign's must-read
    channel reaches exactly the campaign's audience: a person is in it if
    `audience_everyone`, or they are in one of the groups, one of the departments, at one
    of the locations, or at one of the levels. brand.audience.services turns it into one query.
    """

    audience_everyone = models.BooleanField(_("everyone"), default=True)
    audience_groups = ParentalManyToManyField(
        Group, verbose_name=_("groups"), blank=True, related_name="+"
    )
    audience_departments = ParentalManyToManyField(
        Department, verbose_name=_("departments"), blank=True, related_name="+"
    )
    audience_locations = ParentalManyToManyField(
        Location, verbose_name=_("locations"), blank=True, related_name="+"
    )
    audience_levels = AudienceLevelsField(_("levels"))

    class Meta:
        abstract = True

    @staticmethod
    def audience_panel() -> MultiFieldPanel:
        """The editor's "Audience" panel (with the form's publish-anyway box)."""
        return MultiFieldPanel(
            [
                FieldPanel("audience_everyone"),
                FieldPanel("audience_groups"),
                FieldPanel("audience_departments"),
                FieldPanel("audience_locations"),
                FieldPanel("audience_levels"),
                FieldPanel("publish_to_nobody"),
            ],
            heading=_("Audience"),
        )
