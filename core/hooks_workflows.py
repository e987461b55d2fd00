"""Wagtail hooks for workflows (governance issue)."""
