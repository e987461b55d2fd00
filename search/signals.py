from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from search import tasks


@receiver(page_published)
def refresh_search(sender, instance, **kwargs) -> None:
    page_id = instance.pk
    transaction.on_commit(lambda: tasks.page_published.enqueue(page_id))
