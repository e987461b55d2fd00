from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from core import fragments
from people.models import GuestAccess, Profile


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def give_every_user_a_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        joined = timezone.localdate(instance.date_joined) if instance.date_joined else None
        Profile.objects.get_or_create(user=instance, defaults={"start_date": joined})


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def leave_when_deactivated(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A deactivated account left today, unless an administrator set its leave date (the
    headcount of the weeks after it no longer counts the person). No query for a save
    that is not about being active (a sign-in saves only the last login)."""
    if raw or created or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    Profile.objects.filter(user=instance, leave_date__isnull=True).update(
        leave_date=timezone.localdate()
    )


@receiver(post_save, sender=GuestAccess)
@receiver(post_delete, sender=GuestAccess)
def guest_spaces_changed(sender, instance, raw=False, **kwargs):
    """A pinhole granted, changed (read-only or not) or revoked: what a guest may see and do
    changed, so every fragment depending on the tree is rebuilt (core.fragments.TREE)."""
    if not raw:
        fragments.bump(fragments.TREE, fragments.PERMISSIONS)
