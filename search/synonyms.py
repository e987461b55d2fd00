"""Synonym groups administrators maintain, expanded into every query at query time.

Query-time expansion (an OR of the group's members) works the same on SQLite FTS5,
PostgreSQL and Elasticsearch and needs no re-indexing when a group changes. The table is
small and read on every search, so it is cached (a minute, and cleared on every change).
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from search.models import Synonym

CACHE_KEY = "search:synonyms:v1"
CACHE_SECONDS = 60


def groups() -> list[list[str]]:
    cached = cache.get(CACHE_KEY)
    if cached is None:
        cached = [
            members
            for members in (
                Synonym.split(terms) for terms in Synonym.objects.values_list("terms", flat=True)
            )
            if len(members) > 1
        ]
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    return cached


def synonyms_of(text: str) -> list[list[str]]:
    """The other members of every group holding `text`, each as a list of words."""
    found: list[list[str]] = []
    for members in groups():
        if text in members:
            found.extend(member.split() for member in members if member != text)
    return found


def synonym_phrases() -> set[str]:
    return {member for members in groups() for member in members if " " in member}


def elasticsearch_synonym_rules() -> list[str]:
    """The groups in Solr format ("pto, vacation, leave") for a `synonym_graph` filter."""
    return [", ".join(members) for members in groups()]


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def _forget(**kwargs) -> None:
    cache.delete(CACHE_KEY)
