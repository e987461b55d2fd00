from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import fragments
from people.models import GuestAccess, Profile


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def give_every_user_a_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


@receiver(post_save, sender=GuestAccess)
@receiver(post_delete, sender=GuestAccess)
def guest_spaces_changed(sender, instance, raw=False, **kwargs):
    """A pinhole granted, changed (read-only or not) or revoked: what a guest may see and do
    changed, so every fragment depending on the tree is rebuilt (core.fragments.TREE)."""
    if not raw:
        fragments.bump(fragments.TREE, fragments.PERMISSIONS)
