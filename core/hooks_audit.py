"""Wagtail hooks for audit (governance issue)."""
