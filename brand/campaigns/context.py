"""The campaigns' page context (core.page_context providers, registered by brand's
AppConfig.ready): the index for the reader's audience, and a campaign with its pulse."""

from brand.campaigns import services as service
from brand.campaigns.models import CampaignIndexPage, CampaignPage
from brand.pages import paginate
from core import page_context


@page_context.provides(CampaignIndexPage)
def index_context(index: CampaignIndexPage, user, params) -> dict:
    """Campaigns for the reader's audience; communications see every live one."""
    can_report = service.can_run_campaigns(user)
    if can_report:
        campaigns = service.live_campaigns(user).order_by("-first_published_at", "-pk")
    else:
        campaigns = service.campaigns_for(user)
    return {"page_obj": paginate(campaigns, params), "can_report": can_report}


@page_context.provides(CampaignPage)
def campaign_context(campaign: CampaignPage, user, params) -> dict:
    """Everyone on the staff may read a live campaign; only its audience gets the pulse
    and the must-read, and the others are told whom it is for."""
    standing = service.standing_of(user, campaign)
    return {
        "assets": list(service.visible_assets(campaign)),
        "key_messages": [block.value for block in campaign.key_messages],
        "in_audience": standing.in_audience,
        "not_for_you": "" if standing.in_audience else service.not_for_you(campaign),
        "my_pulse": standing.my_pulse,
        "pulse_choices": service.PULSE_CHOICES,
        "pulse_error": "",
        "can_report": service.can_run_campaigns(user),
    }
