"""Side effects of taking part: each function checks permission first, validates, sanitises
and saves in one transaction, then leaves the slow work (notifications, emails,
re-anchoring, counters) to a background task."""
