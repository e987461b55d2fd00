from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home")

    def ready(self) -> None:
        # A must-read acknowledged ticks the matching onboarding steps (a background task).
        from home import (
            context,  # noqa: F401 - registers the start page's providers
            featured,
        )
        from home.onboarding import signals as onboarding

        onboarding.connect()
        featured.connect()
