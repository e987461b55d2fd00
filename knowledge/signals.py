from django.dispatch import receiver
from wagtail.signals import page_published

from knowledge.models import SpacePage
from knowledge.services import sync_space_permissions
from knowledge.space_files import keep_files_in_space


@receiver(page_published, sender=SpacePage)
def grant_space_permissions(sender, instance, **kwargs):
    sync_space_permissions(instance)


@receiver(page_published)
def keep_private_files_in_space(sender, instance, revision=None, **kwargs):
    """A page of a restricted space shows only files of the space's collection
    (knowledge.space_files); done before publishing returns."""
    keep_files_in_space(instance, revision)
