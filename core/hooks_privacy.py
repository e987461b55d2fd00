"""Wagtail hooks for privacy (governance issue)."""
