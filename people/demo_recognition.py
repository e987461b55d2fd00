"""Demo content: kudos tied to values, and an onboarding path for `employee`."""


def seed(log, password: str) -> None:
    """Filled in by the recognition and onboarding work."""
