from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from core import pinholes
        from insights import services as activity
        from people import middleware, signals  # noqa: F401  (middleware: guests' sign-ins)
        from people.providers import GuestAccessPinholes, actor_snapshot

        pinholes.register(GuestAccessPinholes())  # the privacy gate asks which spaces guests see
        activity.describe_actors_with(actor_snapshot)  # the activity ledger keeps who acted
