"""Core's admin hooks, one module per concern (Wagtail discovers only this file)."""

from core import hooks_audit, hooks_privacy, hooks_signin, hooks_workflows  # noqa: F401
