"""Demo content for the brand app: each area seeds its own part, in this order."""

from django.utils.module_loading import import_string

AREAS = [
    "brand.demo.vision",
    "brand.demo.leadership",
    "brand.demo.hub",
    "brand.demo.campaigns",
    "brand.demo.ideas",
]


def seed(log, password: str) -> None:
    for dotted in AREAS:
        import_string(f"{dotted}.seed")(log, password)
