"""Campaign channels open when a campaign goes live: on Wagtail's `page_published`, sent
both when an editor publishes and when `publish_scheduled` publishes at go-live time.

Wagtail also sends `page_published` when a page is *scheduled* (go-live in the future, the
page stays not live); `went_live` checks the page is live now and does nothing otherwise.
"""

from django.dispatch import receiver
from wagtail.signals import page_published

from brand.campaigns.models import CampaignPage
from brand.campaigns.services import went_live


@receiver(page_published, sender=CampaignPage, dispatch_uid="brand.campaign_went_live")
def campaign_published(sender, instance, revision=None, **kwargs):
    actor = revision.user if revision is not None else None
    went_live(instance, actor)
