from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from core.policy import CONTRIBUTE, policy
        from people import middleware, signals  # noqa: F401  (middleware: guests' sign-ins)
        from people.guests import pinhole_lets_contribute

        for action in CONTRIBUTE:
            policy.register(action, pinhole_lets_contribute)
