"""The brand app's models, one feature folder each; imported here so Django registers them
under the `brand` app label (tables and migrations stay as they are)."""

from brand.assets.models import AssetDownload, BrandAsset
from brand.audience.models import AudienceFields, AudienceLevelsField
from brand.campaigns.models import CampaignIndexPage, CampaignPage, PulseAnswer
from brand.hub.models import BrandGuidelinePage, BrandHubPage
from brand.ideas.models import IdeaBoardPage, IdeaPage, IdeaStatus, IdeaVote
from brand.leadership.models import LeadershipQuestion, LeadershipQuestionVote, QuestionStatus
from brand.news.models import AnnouncementIndexPage, AnnouncementPage
from brand.vision.models import (
    FeedbackAnswer,
    StatementKind,
    StatementPage,
    StatementRelatedPage,
    VisionHubPage,
)

__all__ = [
    "AnnouncementIndexPage",
    "AnnouncementPage",
    "AssetDownload",
    "AudienceFields",
    "AudienceLevelsField",
    "BrandAsset",
    "BrandGuidelinePage",
    "BrandHubPage",
    "CampaignIndexPage",
    "CampaignPage",
    "FeedbackAnswer",
    "IdeaBoardPage",
    "IdeaPage",
    "IdeaStatus",
    "IdeaVote",
    "LeadershipQuestion",
    "LeadershipQuestionVote",
    "PulseAnswer",
    "QuestionStatus",
    "StatementKind",
    "StatementPage",
    "StatementRelatedPage",
    "VisionHubPage",
]
