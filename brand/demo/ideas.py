"""Demo content: the ideas area."""


def seed(log, password: str) -> None:
    """Filled in by the ideas work."""
