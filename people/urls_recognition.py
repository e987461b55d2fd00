"""Kudos and the contribution ledger (included by people/urls.py)."""

urlpatterns: list = []
