"""Anchoring annotations to the page text and re-anchoring them after a publish. Being built."""


def schedule_reanchor(page, revision) -> None:
    """Re-anchor `page`'s annotations against `revision`, in a background task."""
