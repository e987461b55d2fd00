"""Load the demo content: each step reads its data files and calls the apps' importers
and services. Idempotent and deterministic; the order matters (people first, they own
everything else)."""

from collections.abc import Callable

Log = Callable[[str], None]

STEPS = [
    "demo.loaders.people.seed",
    "demo.loaders.home.seed",
    "demo.loaders.knowledge.seed",
    "demo.loaders.review.seed",
    "demo.loaders.community.seed",
    "demo.loaders.brand_vision.seed",
    "demo.loaders.brand_leadership.seed",
    "demo.loaders.brand_hub.seed",
    "demo.loaders.brand_campaigns.seed",
    "demo.loaders.brand_ideas.seed",
    "demo.loaders.home.seed_featured",  # the pages it features exist by now
    "demo.loaders.groups.seed",
    "demo.loaders.recognition.seed",
    "demo.loaders.guests.seed",
    "demo.loaders.workflows.seed",
    "demo.loaders.insights_pilots.seed",  # last: the ledger's people and pages exist
]
