from django.dispatch import receiver
from wagtail.signals import page_published

from knowledge.models import KnowledgePage, SpacePage


@receiver(page_published, sender=SpacePage)
def grant_space_permissions(sender, instance, **kwargs):
    from knowledge.services import sync_space_permissions

    sync_space_permissions(instance)


@receiver(page_published, sender=KnowledgePage)
def clear_hidden_as_stale(sender, instance, revision=None, **kwargs):
    """A republished page is no longer hidden as stale (knowledge.review)."""
    from knowledge.review import clear_hidden

    clear_hidden(instance, getattr(revision, "user", None))
