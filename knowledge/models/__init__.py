from knowledge.models.governance import Acknowledgement, MustRead, Verification
from knowledge.models.pages import (
    STALE_AFTER,
    EditPolicy,
    Kind,
    KnowledgeIndexPage,
    KnowledgePage,
    KnowledgePageQuerySet,
    KnowledgePageTag,
    RelatedKnowledge,
    ReviewStatus,
    SpacePage,
)

__all__ = [
    "STALE_AFTER",
    "Acknowledgement",
    "EditPolicy",
    "Kind",
    "KnowledgeIndexPage",
    "KnowledgePage",
    "KnowledgePageQuerySet",
    "KnowledgePageTag",
    "MustRead",
    "RelatedKnowledge",
    "ReviewStatus",
    "SpacePage",
    "Verification",
]
