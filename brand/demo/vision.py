"""Demo content: the vision area."""


def seed(log, password: str) -> None:
    """Filled in by the vision work."""
