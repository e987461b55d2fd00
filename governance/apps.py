from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # Connecting receivers: the review cycle's dates, workflow notifications, and
        # guests' sign-ins (the middleware module's user_logged_in receiver).
        from governance.guests import middleware  # noqa: F401
        from governance.review import signals as review_signals  # noqa: F401
        from governance.workflows import signals as workflow_signals  # noqa: F401
