from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Hearth core")

    def ready(self) -> None:
        # Modules that use models load once the app registry is ready.
        from core import admin_privacy, audit, auth_backends, fragments, permissions, workflows

        admin_privacy.register_policies()  # the admin hides private spaces and files too
        auth_backends.connect()  # the userbar reuses the profile loaded with the user
        audit.connect()  # role, permission and view-restriction changes in the audit log
        fragments.connect()  # cached fragments follow page, restriction and setting changes
        permissions.connect()  # a user object forgets its groups' memos when they change
        workflows.connect_signals()  # default workflows for new sections; our notifications
