"""Publishing a page re-anchors its annotations and tells its watchers (both in tasks)."""

from django.dispatch import receiver
from wagtail.signals import page_published


@receiver(page_published)
def after_publish(sender, instance, revision=None, **kwargs):
    from community import anchoring, notify

    anchoring.schedule_reanchor(instance, revision)
    notify.page_published(instance, revision)
