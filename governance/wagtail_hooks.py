"""Governance's admin hooks, one module per feature (Wagtail discovers only this file)."""

from governance.guests import hooks as guests_hooks  # noqa: F401
from governance.review import hooks as review_hooks  # noqa: F401
