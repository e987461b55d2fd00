"""The review cycle's signal handlers (connected by GovernanceConfig.ready): the stored
review date follows verifications, publications, moves and a space's interval, and a
verified or republished page is no longer hidden as stale."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, post_page_move

from governance.review.services import clear_hidden, refresh_due_dates
from governance.review.tasks import refresh_due_dates_under
from knowledge.models import KnowledgePage, SpacePage, Verification
from knowledge.services import page_verified


@receiver(page_verified)
def clear_hidden_when_verified(sender, page, user, **kwargs):
    """Verified: no longer hidden as stale."""
    clear_hidden(page, user)


@receiver(page_published, sender=KnowledgePage)
def clear_hidden_as_stale(sender, instance, revision=None, **kwargs):
    """A republished page is no longer hidden as stale (governance.review.services)."""
    clear_hidden(instance, getattr(revision, "user", None))


# The stored review date (KnowledgePage.next_review_at, services.refresh_due_dates)
@receiver(page_published, sender=KnowledgePage)
def restore_review_date(sender, instance, **kwargs):
    """Publishing copies the revision's fields back onto the page, its stored date too
    (as it was when the draft was saved), and a first publication or a new interval moves
    the date: recompute it (one page, a few small queries)."""
    refresh_due_dates(KnowledgePage.objects.filter(pk=instance.pk))


@receiver(post_save, sender=KnowledgePage)
def date_a_new_page(sender, instance, created, raw=False, **kwargs):
    """A page created live (an import, a factory) has its date from the start."""
    if created and not raw and instance.live:
        refresh_due_dates(KnowledgePage.objects.filter(pk=instance.pk))


@receiver(post_save, sender=Verification)
@receiver(post_delete, sender=Verification)
def move_review_date(sender, instance, **kwargs):
    refresh_due_dates(KnowledgePage.objects.filter(pk=instance.page_id))


@receiver(page_published, sender=SpacePage)
def space_interval_changed(sender, instance, **kwargs):
    """A space's interval applies to every page of it without its own: recompute them in
    the background (a space may hold thousands of pages)."""
    refresh_due_dates_under.enqueue(instance.path)


@receiver(post_page_move)
def moved_to_another_space(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """A page moved under another parent may have changed space (or left for, or come
    back from, the archive): recompute its subtree's dates in the background."""
    if parent_page_before.pk == parent_page_after.pk:
        return
    refresh_due_dates_under.enqueue(instance.path)
