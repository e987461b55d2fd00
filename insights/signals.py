from django.dispatch import receiver
from wagtail.signals import page_published

from core.models import BasePage
from insights.models import Verb
from insights.services import record_event


@receiver(page_published)
def record_publication(sender, instance, revision=None, **kwargs):
    if isinstance(instance, BasePage):
        record_event(getattr(revision, "user", None), Verb.PUBLISHED, instance)
