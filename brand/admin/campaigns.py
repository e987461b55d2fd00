"""Wagtail admin for the campaigns area (imported by brand/wagtail_hooks.py)."""
