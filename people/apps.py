from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from core import pinholes
        from core.permissions import register_admin_only_collection
        from insights import services as activity
        from insights.dashboard import people as dashboard_people
        from people import signals  # noqa: F401
        from people.providers import GuestAccessPinholes, StaffHeadcount, actor_snapshot
        from people.services import PHOTO_COLLECTION

        # Profile photos are not assets for editors to reuse: only administrators see
        # that collection in the image library and choosers.
        register_admin_only_collection(PHOTO_COLLECTION)
        pinholes.register(GuestAccessPinholes())  # the privacy gate asks which spaces guests see
        activity.describe_actors_with(actor_snapshot)  # the activity ledger keeps who acted
        dashboard_people.register(StaffHeadcount())  # the dashboard's shares of headcount

        from insights.pilots import choices as pilot_choices
        from people.models import Department, Location

        for kind, model in (("department", Department), ("location", Location)):
            pilot_choices.offer_names(  # a pilot's population: departments, locations
                kind,
                lambda model=model: list(
                    model.objects.order_by("name").values_list("name", flat=True)
                ),
            )

        from core.policy import CONTRIBUTE, policy
        from people.guests import pinhole_lets_contribute

        for action in CONTRIBUTE:  # a guest's pinhole may let them take part
            policy.register(action, pinhole_lets_contribute)
