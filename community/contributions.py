"""What community adds to a person's contributions (`people.contributions`): questions on
a passage they resolved and "helpful" reactions count in the ledger, and their profile
lists their accepted answers. Registered from `CommunityConfig.ready` (accepted answers
count too: community/questions.py registers them)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, F, IntegerField, QuerySet, When
from django.utils.translation import gettext_lazy as _

from community.models import Annotation, Reaction, ReactionKind, Status
from community.questions.answers import accepted_answers_for
from core.models import User
from people import contributions
from people.models import Profile

PROFILE_ANSWERS = 10


def resolved_questions(window: contributions.Window) -> QuerySet:
    rows = (
        Annotation.objects.filter(
            is_question=True, resolved_by__isnull=False, status=Status.VISIBLE
        )
        # Resolving your own question helps nobody else.
        .exclude(resolved_by=F("author"))
    )
    return window.filter(rows, "resolved_at").annotate(ledger_user=F("resolved_by_id"))


def helpful_reactions(window: contributions.Window) -> QuerySet:
    """A reaction on a comment credits its author; on a page, the page's author (Wagtail's
    `owner`, the person who created it)."""
    rows = Reaction.objects.filter(kind=ReactionKind.HELPFUL).annotate(
        ledger_user=Case(
            When(comment__isnull=True, then=F("page__owner")),
            default=F("comment__author"),
            output_field=IntegerField(),
        )
    )
    rows = rows.exclude(ledger_user=F("user_id")).exclude(ledger_user__isnull=True)
    return window.filter(rows, "created_at")


def accepted_answers(profile: Profile, viewer: User | AnonymousUser) -> dict:
    """Accepted answers by `profile`'s person on questions `viewer` may read, newest
    first, as people/includes/accepted_answers.html shows them: the question and its link."""
    answers = accepted_answers_for(profile.user, viewer)[:PROFILE_ANSWERS]
    return {
        "accepted_answers": [
            {"title": answer.page.title, "url": answer.page.url} for answer in answers
        ]
    }


def register() -> None:
    contributions.register(
        contributions.LedgerSource(
            "resolved",
            _("Questions resolved"),
            2,
            resolved_questions,
            help_text=_("Questions on a passage that they answered for someone else."),
            order=20,
        )
    )
    contributions.register(
        contributions.LedgerSource(
            "helpful",
            _("Helpful reactions"),
            1,
            helpful_reactions,
            help_text=_("Colleagues marked their comments or pages as helpful."),
            order=40,
        )
    )
    contributions.profile_part(accepted_answers)
