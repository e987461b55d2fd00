"""Questions and answers: a question is a page in a space or a community; its answers are
the top-level comments of its discussion (so replies, reactions, mentions, moderation and
privacy are the comments' own), with votes, one accepted answer, and a way to promote
that answer into a knowledge page draft."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.models import BasePage
from core.sanitize import render_markdown


class QuestionPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge.QuestionPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class QuestionPageQuerySet(PageQuerySet):
    def unanswered(self) -> "QuestionPageQuerySet":
        """No answer accepted and none given yet."""
        return self.filter(accepted_answer__isnull=True, first_answer_at__isnull=True)

    def open(self) -> "QuestionPageQuerySet":
        """No answer accepted yet."""
        return self.filter(accepted_answer__isnull=True)

    def with_answer_counts(self) -> "QuestionPageQuerySet":
        """Visible top-level comments (answers) counted in the same query."""
        return self.annotate(
            answer_count=Count(
                "comments",
                filter=Q(comments__parent__isnull=True, comments__status="visible"),
            )
        )


class QuestionPage(BasePage):
    """A question asked in a space or a community."""

    # Asking tells the owners and the experts (community.questions.tasks); watchers of
    # the space are not also told that a "new version" was published.
    watchers_told_of_publishing = False

    body = models.TextField(
        _("details"),
        blank=True,
        max_length=10000,
        help_text=_("Markdown: what you tried, what you expected."),
    )
    body_html = models.TextField(editable=False, blank=True)
    tags = ClusterTaggableManager(through=QuestionPageTag, blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions_asked",
    )
    accepted_answer = models.ForeignKey(
        "community.Comment",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # For measurement: how long people wait (from first_published_at).
    first_answer_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Space (or community) owners were reminded it is still unanswered (once).
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    promoted_page = models.ForeignKey(
        "knowledge.KnowledgePage",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="source_questions",
    )

    objects = PageManager.from_queryset(QuestionPageQuerySet)()

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("tags"), FieldPanel("asked_by")], heading=_("Question")),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["knowledge.SpacePage", "community.CommunityPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("question")

    # Set by the Q&A services, not by editors: publishing an older revision keeps them.
    QA_STATE = (
        "accepted_answer_id",
        "accepted_at",
        "accepted_by_id",
        "first_answer_at",
        "reminded_at",
        "promoted_page_id",
    )

    def with_content_json(self, content):
        page = super().with_content_json(content)
        for name in self.QA_STATE:
            setattr(page, name, getattr(self, name))
        return page

    def save(self, *args, **kwargs):
        self.body_html = str(render_markdown(self.body or ""))
        return super().save(*args, **kwargs)

    @property
    def is_answered(self) -> bool:
        return self.accepted_answer_id is not None

    @property
    def time_to_first_answer(self):
        if self.first_answer_at and self.first_published_at:
            return self.first_answer_at - self.first_published_at
        return None

    @property
    def time_to_accepted_answer(self):
        if self.accepted_at and self.first_published_at:
            return self.accepted_at - self.first_published_at
        return None


class AnswerVote(models.Model):
    """One person's vote for an answer (a top-level comment on a question page)."""

    answer = models.ForeignKey(
        "community.Comment", on_delete=models.CASCADE, related_name="answer_votes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answer_votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answer vote")
        verbose_name_plural = _("answer votes")
        constraints = [
            models.UniqueConstraint(fields=["answer", "user"], name="knowledge_one_vote_per_answer")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} votes for {self.answer_id}"
