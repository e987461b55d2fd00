"""Knowledge's admin hooks, one module per concern (Wagtail discovers only this file)."""

from knowledge import hooks_review  # noqa: F401
