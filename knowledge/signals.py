from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from core import fragments
from knowledge.models import Acknowledgement, MustRead, SpacePage, Verification
from knowledge.reading import REVIEWS, page_version
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


@receiver(post_save, sender=Verification)
@receiver(post_delete, sender=Verification)
@receiver(post_save, sender=MustRead)
@receiver(post_delete, sender=MustRead)
def page_side_panel_changed(sender, instance, raw=False, **kwargs):
    """A verification or a must-read changed: the page's cached side panel
    (knowledge.reading.side_panel) is rebuilt on the next request."""
    if not raw:
        names = [page_version(instance.page_id)]
        if sender is Verification:
            names.append(REVIEWS)  # the statuses a space lists
        fragments.bump(*names)


@receiver(post_save, sender=Acknowledgement)
@receiver(post_delete, sender=Acknowledgement)
def reader_acknowledged(sender, instance, raw=False, **kwargs):
    """The reader's own must-read standing, cached per person (knowledge.mustread), changed."""
    if not raw:
        fragments.bump(fragments.reader(instance.user_id))
