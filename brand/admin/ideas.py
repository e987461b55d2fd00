"""Wagtail admin for the ideas area (imported by brand/wagtail_hooks.py)."""
