from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Hearth core")

    def ready(self) -> None:
        from core.admin_privacy import register_policies
        from core.audit import connect as connect_audit

        register_policies()  # the admin hides private spaces and their files, as the site does

        connect_audit()  # role, permission and view-restriction changes in the audit log
        from core import hooks_privacy  # noqa: F401 - keeps private spaces' collections in step
        from core.workflows import connect_signals

        connect_signals()  # default workflows for new sections; our workflow notifications
