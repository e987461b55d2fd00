"""Demo content: communities of interest with posts and events, and questions."""


def seed(log, password: str) -> None:
    """Filled in by the communities and Q&A work."""
