"""Wagtail admin for the leadership area (imported by brand/wagtail_hooks.py)."""
