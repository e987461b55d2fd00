"""Load the demo content: each step reads its data files and calls the apps' importers
and services. Idempotent and deterministic; the order matters (people first, they own
everything else)."""

from collections.abc import Callable

Log = Callable[[str], None]

STEPS = [
    "demo.loaders.people.seed",
    "demo.loaders.home.seed",
    "demo.loaders.knowledge.seed",
    "demo.seeders.review.seed",
    "demo.seeders.community.seed",
    "demo.seeders.brand_vision.seed",
    "demo.seeders.brand_leadership.seed",
    "demo.seeders.brand_hub.seed",
    "demo.seeders.brand_campaigns.seed",
    "demo.seeders.brand_ideas.seed",
    "demo.seeders.groups.seed",
    "demo.seeders.recognition.seed",
    "demo.seeders.guests.seed",
    "demo.seeders.workflows.seed",
]
