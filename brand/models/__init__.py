"""The vision hub, the brand hub, campaigns, announcements and the idea board.

One module per area; they are imported here so Django finds them as `brand.models`.
"""

from brand.models.audience import AudienceFields, AudienceLevelsField  # noqa: F401
from brand.models.campaigns import (  # noqa: F401
    CampaignIndexPage,
    CampaignPage,
    PulseAnswer,
)
from brand.models.hub import (  # noqa: F401
    AssetDownload,
    BrandAsset,
    BrandGuidelinePage,
    BrandHubPage,
)
from brand.models.ideas import IdeaBoardPage, IdeaPage, IdeaStatus, IdeaVote  # noqa: F401
from brand.models.leadership import (  # noqa: F401
    LeadershipQuestion,
    LeadershipQuestionVote,
    QuestionStatus,
)
from brand.models.news import AnnouncementIndexPage, AnnouncementPage  # noqa: F401
from brand.models.vision import (  # noqa: F401
    FeedbackAnswer,
    StatementKind,
    StatementPage,
    StatementRelatedPage,
    VisionHubPage,
)
