"""Demo content: the leadership area."""


def seed(log, password: str) -> None:
    """Filled in by the leadership work."""
