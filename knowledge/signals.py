from django.dispatch import receiver
from wagtail.signals import page_published

from knowledge.models import SpacePage


@receiver(page_published, sender=SpacePage)
def grant_space_permissions(sender, instance, **kwargs):
    from knowledge.services import sync_space_permissions

    sync_space_permissions(instance)
