"""Wagtail admin for the assets area (imported by brand/wagtail_hooks.py)."""
