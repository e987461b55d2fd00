"""Publishing a page re-anchors its annotations and tells its watchers (both in tasks);
a new must-read asks its audience to acknowledge it (knowledge sends, community notifies)."""

from django.dispatch import receiver
from wagtail.signals import page_published

from community import anchoring, notify
from knowledge.mustread import acknowledgement_requested


@receiver(page_published)
def after_publish(sender, instance, revision=None, **kwargs):
    anchoring.schedule_reanchor(instance, revision)
    notify.page_published(instance, revision)


@receiver(acknowledgement_requested)
def ask_for_acknowledgement(sender, page, actor, **kwargs):
    notify.acknowledgement_requested(page, actor)
