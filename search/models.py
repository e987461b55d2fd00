"""Search's own tables: synonyms, the "did you mean" vocabulary and the query log.

The log holds no person: a query, how many results it had, the searcher's department
(when `HEARTH_SEARCH_LOG_DEPARTMENT` is on), the day, and a fingerprint of the person and
that query together (`searcher_fingerprint`), which tells how many different people typed a
query (the "top failed searches" list hides queries of fewer than N people) but not who,
nor which other queries the same person typed. Clicks and "Was this helpful?" answers
point at a log row through a random token, never through a user.
"""

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

MAX_LOGGED_QUERY = 255
FINGERPRINT_LENGTH = 32


def searcher_fingerprint(user_id: int, query: str) -> str:
    """The same for one person typing the same query again, different for anyone else
    or any other query: a keyed hash (the site's secret key), so the log alone cannot be
    joined to people, nor one person's queries to each other."""
    text = f"{user_id}:{query[:MAX_LOGGED_QUERY]}"
    return salted_hmac("search.SearchLog.searcher", text).hexdigest()[:FINGERPRINT_LENGTH]


class Synonym(models.Model):
    """A group of words that mean the same to searchers: "PTO, vacation, leave"."""

    terms = models.CharField(
        _("terms"),
        max_length=500,
        help_text=_(
            "Words or short phrases that mean the same, separated by commas, "
            "e.g. “PTO, vacation, leave”."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonyms")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    @staticmethod
    def split(terms: str) -> list[str]:
        """The normalised members of a group: lower case, single spaces, no duplicates."""
        seen: list[str] = []
        for part in terms.split(","):
            term = re.sub(r"\s+", " ", part).strip().lower()
            if term and term not in seen:
                seen.append(term)
        return seen

    def clean(self) -> None:
        members = self.split(self.terms)
        if len(members) < 2:
            raise ValidationError(
                {"terms": _("Give at least two words or phrases, separated by commas.")}
            )
        self.terms = ", ".join(members)

    @property
    def members(self) -> list[str]:
        return self.split(self.terms)


class SearchTerm(models.Model):
    """A word of published content that every signed-in person may read: the vocabulary
    "Did you mean" corrects against. Words of restricted pages never enter it."""

    term = models.CharField(max_length=64, unique=True)
    frequency = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("vocabulary term")

    def __str__(self) -> str:
        return self.term


class SearchLogQuerySet(models.QuerySet):
    def since(self, day) -> "SearchLogQuerySet":
        return self.filter(searched_on__gte=day)


class SearchLog(models.Model):
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    query = models.CharField(_("query"), max_length=MAX_LOGGED_QUERY, db_index=True)
    results = models.PositiveIntegerField(_("results"), default=0)
    department = models.CharField(_("department"), max_length=100, blank=True)
    searched_on = models.DateField(_("date"), db_index=True)
    # Blank for searches logged before fingerprints: they never count as anyone's.
    searcher = models.CharField(max_length=FINGERPRINT_LENGTH, blank=True, editable=False)

    objects = SearchLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("logged search")
        verbose_name_plural = _("logged searches")

    def __str__(self) -> str:
        return f"{self.searched_on}: {self.query}"


class SearchClick(models.Model):
    """A result someone opened from a search (by the search's token)."""

    search = models.UUIDField(db_index=True)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    clicked_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.search} → {self.page_id}"


class SearchFeedback(models.Model):
    """The answer to "Was this helpful?"; one per search, the last answer counts."""

    search = models.UUIDField(unique=True)
    helpful = models.BooleanField()
    answered_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.search}: {'yes' if self.helpful else 'no'}"
