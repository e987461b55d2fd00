"""community in Wagtail's admin: each feature keeps its hooks in its folder."""

from community.groups import hooks as groups_hooks  # noqa: F401
from community.moderation import hooks as moderation_hooks  # noqa: F401
from community.questions import hooks as questions_hooks  # noqa: F401
from community.recognition import hooks as recognition_hooks  # noqa: F401  (kudos, report)
