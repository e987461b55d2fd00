"""Demo content: the hub area."""


def seed(log, password: str) -> None:
    """Filled in by the hub work."""
