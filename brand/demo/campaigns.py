"""Demo content: the campaigns area."""


def seed(log, password: str) -> None:
    """Filled in by the campaigns work."""
