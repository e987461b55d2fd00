"""Wagtail hooks for the review cycle: the stale-content report (governance issue)."""
