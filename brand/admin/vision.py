"""Wagtail admin for the vision area (imported by brand/wagtail_hooks.py)."""
