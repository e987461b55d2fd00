from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, post_page_move

from knowledge.models import KnowledgePage, SpacePage, Verification
from knowledge.services import sync_space_permissions
from knowledge.space_files import keep_files_in_space


@receiver(page_published, sender=SpacePage)
def grant_space_permissions(sender, instance, **kwargs):
    sync_space_permissions(instance)


@receiver(page_published, sender=KnowledgePage)
def clear_hidden_as_stale(sender, instance, revision=None, **kwargs):
    """A republished page is no longer hidden as stale (knowledge.review)."""
    from knowledge.review import clear_hidden

    clear_hidden(instance, getattr(revision, "user", None))


# The stored review date (KnowledgePage.next_review_at, knowledge.review.refresh_due_dates)
@receiver(page_published, sender=KnowledgePage)
def restore_review_date(sender, instance, **kwargs):
    """Publishing copies the revision's fields back onto the page, its stored date too
    (as it was when the draft was saved), and a first publication or a new interval moves
    the date: recompute it (one page, a few small queries)."""
    from knowledge.review import refresh_due_dates

    refresh_due_dates(KnowledgePage.objects.filter(pk=instance.pk))


@receiver(post_save, sender=KnowledgePage)
def date_a_new_page(sender, instance, created, raw=False, **kwargs):
    """A page created live (an import, a factory) has its date from the start."""
    if created and not raw and instance.live:
        from knowledge.review import refresh_due_dates

        refresh_due_dates(KnowledgePage.objects.filter(pk=instance.pk))


@receiver(post_save, sender=Verification)
@receiver(post_delete, sender=Verification)
def move_review_date(sender, instance, **kwargs):
    from knowledge.review import refresh_due_dates

    refresh_due_dates(KnowledgePage.objects.filter(pk=instance.page_id))


@receiver(page_published, sender=SpacePage)
def space_interval_changed(sender, instance, **kwargs):
    """A space's interval applies to every page of it without its own: recompute them in
    the background (a space may hold thousands of pages)."""
    from knowledge.tasks_review import refresh_due_dates_under

    refresh_due_dates_under.enqueue(instance.path)


@receiver(post_page_move)
def moved_to_another_space(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """A page moved under another parent may have changed space (or left for, or come
    back from, the archive): recompute its subtree's dates in the background."""
    if parent_page_before.pk == parent_page_after.pk:
        return
    from knowledge.tasks_review import refresh_due_dates_under

    refresh_due_dates_under.enqueue(instance.path)


@receiver(page_published)
def keep_private_files_in_space(sender, instance, revision=None, **kwargs):
    """A page of a restricted space shows only files of the space's collection
    (knowledge.space_files); done before publishing returns."""
    keep_files_in_space(instance, revision)
