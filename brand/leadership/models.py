"""Ask leadership: questions from staff, voted up, triaged by communications, answered.

Anonymity is structural: an anonymous question stores no author, no vote by its asker, and
only the day it was asked (`created_at` is that day's local midnight), so no row anywhere
can be matched with it by who or by when (see brand.leadership.services).
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core.sanitize import render_markdown


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ASSIGNED = "assigned", _("Assigned to a leader")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged into another question")


LISTED_STATUSES = {
    "open": (QuestionStatus.OPEN, QuestionStatus.ASSIGNED),
    "answered": (QuestionStatus.ANSWERED,),
    "declined": (QuestionStatus.DECLINED,),
}


class LeadershipQuestionQuerySet(models.QuerySet):
    def in_tab(self, tab: str) -> "LeadershipQuestionQuerySet":
        """Questions of one listing tab ("open", "answered", "declined"); merged ones live
        on through their target and are never listed."""
        return self.filter(status__in=LISTED_STATUSES.get(tab, LISTED_STATUSES["open"]))

    def for_listing(self, user) -> "LeadershipQuestionQuerySet":
        """With `vote_count` (GROUP BY) and `my_vote` (EXISTS) in the same query, and the
        people a card names; no author is joined for anonymous questions (it is NULL)."""
        mine = LeadershipQuestionVote.objects.filter(question=OuterRef("pk"), user_id=user.pk)
        return self.select_related("author", "assigned_to", "answered_by").annotate(
            vote_count=Count("votes", distinct=True), my_vote=Exists(mine)
        )

    def by_votes(self) -> "LeadershipQuestionQuerySet":
        return self.order_by("-vote_count", "-created_at__date", "-pk")

    def newest(self) -> "LeadershipQuestionQuerySet":
        """By day, then in the order of asking: an anonymous question keeps only its day
        (midnight), so sorting by the full time would put it below the morning's."""
        return self.order_by("-created_at__date", "-pk")

    def mergeable_into(self, question: "LeadershipQuestion") -> "LeadershipQuestionQuerySet":
        """Questions `question` may be merged into: live ones other than itself."""
        return self.exclude(pk=question.pk).exclude(
            Q(status=QuestionStatus.MERGED) | Q(status=QuestionStatus.DECLINED)
        )


class LeadershipQuestion(models.Model):
    title = models.CharField(_("question"), max_length=200)
    details = models.TextField(_("details"), max_length=4000, blank=True)
    # None for anonymous questions: never stored, so nothing can show it.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leadership_questions",
    )
    anonymous = models.BooleanField(_("ask anonymously"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_leadership_questions",
    )
    answer = models.TextField(_("answer"), max_length=10000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_questions"
    )
    # For an anonymous question, only the day (local midnight): a precise time could be
    # matched with the asker's other rows.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = LeadershipQuestionQuerySet.as_manager()
    # Saving a question would enqueue Wagtail's reference-index task, a row dated to the
    # microsecond naming the question; nothing links to questions, so there is no index.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("question to leadership")
        verbose_name_plural = _("questions to leadership")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False) | models.Q(author__isnull=True),
                name="brand_anonymous_question_has_no_author",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def asker_name(self) -> str:
        """Who asked, as every screen and export shows it: never more than "Anonymous"."""
        if self.anonymous:
            return str(_("Anonymous"))
        if self.author is None:
            return str(_("A former colleague"))
        return self.author.display_name

    @property
    def details_html(self) -> SafeString:
        return render_markdown(self.details)

    @property
    def answer_html(self) -> SafeString:
        return render_markdown(self.answer)

    @property
    def is_answered(self) -> bool:
        return self.status == QuestionStatus.ANSWERED


class LeadershipQuestionVote(models.Model):
    question = models.ForeignKey(LeadershipQuestion, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="brand_one_question_vote")
        ]

    def __str__(self) -> str:
        return f"vote for {self.question_id} by {self.user_id}"
