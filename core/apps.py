from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Hearth core")

    def ready(self) -> None:
        from core import auth  # noqa: F401 - connects the sign-in throttle's signal handlers
