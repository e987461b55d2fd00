"""Publishing a page re-anchors its annotations and tells its watchers (both in tasks);
publishing a community brings its members group and restriction in line; a new must-read
asks its audience to acknowledge it (knowledge sends, community notifies)."""

from django.dispatch import receiver
from wagtail.signals import page_published

from community.annotations import anchoring
from community.groups.models import CommunityPage
from community.groups.services import sync_community_access
from community.notifications import notify
from knowledge.mustread import acknowledgement_requested


@receiver(page_published)
def after_publish(sender, instance, revision=None, **kwargs):
    anchoring.schedule_reanchor(instance, revision)
    notify.page_published(instance, revision)


@receiver(acknowledgement_requested)
def ask_for_acknowledgement(sender, page, actor, **kwargs):
    notify.acknowledgement_requested(page, actor)


@receiver(page_published, sender=CommunityPage)
def sync_access_on_publish(sender, instance, **kwargs):
    """Owners or access changed in the admin: members group and restriction follow."""
    sync_community_access(instance)
