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
from knowledge.models.questions import (
    AnswerVote,
    QuestionPage,
    QuestionPageQuerySet,
    QuestionPageTag,
)

__all__ = [
    "STALE_AFTER",
    "Acknowledgement",
    "AnswerVote",
    "EditPolicy",
    "Kind",
    "KnowledgeIndexPage",
    "KnowledgePage",
    "KnowledgePageQuerySet",
    "KnowledgePageTag",
    "MustRead",
    "QuestionPage",
    "QuestionPageQuerySet",
    "QuestionPageTag",
    "RelatedKnowledge",
    "ReviewStatus",
    "SpacePage",
    "Verification",
]
