from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.signals import page_published

from core import fragments
from search import tasks, vocabulary
from search.engine import PROMOTIONS
from search.models import SearchTerm


@receiver(page_published)
def refresh_search(sender, instance, **kwargs) -> None:
    page_id = instance.pk
    transaction.on_commit(lambda: tasks.page_published.enqueue(page_id))


@receiver(post_save, sender=SearchPromotion)
@receiver(post_delete, sender=SearchPromotion)
@receiver(post_save, sender=Query)
@receiver(post_delete, sender=Query)
def _promotions_changed(sender, raw=False, created=False, **_kwargs) -> None:
    # A new query (the search log records every query string) has no promotion yet.
    if not raw and not (sender is Query and created):
        fragments.bump(PROMOTIONS)


@receiver(post_save, sender=SearchTerm)
@receiver(post_delete, sender=SearchTerm)
def _vocabulary_changed(raw=False, **_kwargs) -> None:
    if not raw:
        fragments.bump(vocabulary.VERSION)
