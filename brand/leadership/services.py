"""Ask leadership: asking, voting, triage (assign, merge, decline) and answering.

Anonymity is structural, not a display rule: nothing stored links an anonymous question
to its asker, not even by time. Someone who reads every table must not be able to match
the question with the asker's other rows (sign-ins, sessions, votes, the activity ledger,
the audit log, task and notification rows), so the anonymous ask writes exactly one row,
the question, and that row keeps only the day it was asked:

- no author (the database refuses one: `brand_anonymous_question_has_no_author`);
- no vote by the asker, so no follower row: the asker is not told of the answer (the form
  says so; the page they land on asks them to bookmark it). A one-time receipt code was
  weighed and left out: it gives nothing the question's link does not, and a code that
  proves who asked is one somebody can be made to show;
- `created_at` is the local midnight of the day, so no precise time exists to match;
- no audit log entry (its precise timestamp, and its place in the log between other
  people's entries, would date the ask), no activity-ledger event, no task enqueued (a task
  row is dated to the microsecond), no change to the session;
- communications hear of it from the daily sweep (`announce_anonymous_questions`, run by
  `manage.py announce_questions`) once its day is over, never from the request.

Screens and exports print `LeadershipQuestion.asker_name` ("Anonymous"); questions are not
in the search index; nothing lists who voted. What this cannot hide is what the asker
writes, a vote they cast later (dated like every vote), and the question's number, which
follows the order of asking.

Named questions are as before: an author, the asker's vote, the audit log, the ledger and
an immediate notification.

Each function checks permission first (PermissionDenied) and validates (ValidationError with
a message a person understands); notifications go out from background tasks on commit.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.log_actions import log as audit_log

from brand.leadership.models import LeadershipQuestion, LeadershipQuestionVote, QuestionStatus
from community.limits import check_rate, clean_text
from community.models import Notification, NotificationVerb
from community.notifications.services import Event, deliver
from core.models import User
from core.policy import Action, policy
from core.roles import Role
from insights.models import Verb
from insights.services import record_event
from people.models import Level

PER_PAGE = 20
TITLE_MAX = LeadershipQuestion._meta.get_field("title").max_length
DETAILS_MAX = LeadershipQuestion._meta.get_field("details").max_length
ANSWER_MAX = LeadershipQuestion._meta.get_field("answer").max_length
REASON_MAX = LeadershipQuestion._meta.get_field("decline_reason").max_length
TRIAGE_PERMISSION = "brand.change_leadershipquestion"

# Audit log actions (labels registered in brand/leadership/admin.py).
LOG_ASSIGN = "hearth.leadership.assign"
LOG_MERGE = "hearth.leadership.merge"
LOG_DECLINE = "hearth.leadership.decline"
LOG_ANSWER = "hearth.leadership.answer"

CLOSED = (QuestionStatus.DECLINED, QuestionStatus.MERGED)


# Who may do what ----------------------------------------------------------------------------
def can_take_part(user) -> bool:
    return policy.user_has_permission(user, Action.STAFF)


def can_triage(user) -> bool:
    """Communications (and administrators): merge, assign, decline, answer anything."""
    return can_take_part(user) and user.has_perm(TRIAGE_PERMISSION)


def can_answer(user, question: LeadershipQuestion) -> bool:
    """The leader the question is assigned to, or communications."""
    if not can_take_part(user):
        return False
    return question.assigned_to_id == user.pk or can_triage(user)


def _check_take_part(user) -> None:
    if not can_take_part(user):
        raise PermissionDenied(_("Only staff can ask leadership and vote on questions."))


def _check_triage(user) -> None:
    if not can_triage(user):
        raise PermissionDenied(_("Only communications can triage questions to leadership."))


# Reading ------------------------------------------------------------------------------------
def listing(user, tab: str = "open", sort: str = "votes") -> QuerySet[LeadershipQuestion]:
    """One tab of the listing, with vote counts and the reader's own vote: one query."""
    questions = LeadershipQuestion.objects.in_tab(tab).for_listing(user)
    return questions.newest() if sort == "newest" else questions.by_votes()


def question_for(user, pk: int) -> LeadershipQuestion:
    """One question with its vote count and the reader's vote (DoesNotExist if none)."""
    return LeadershipQuestion.objects.for_listing(user).select_related("merged_into").get(pk=pk)


def url_of(question: LeadershipQuestion) -> str:
    return reverse("brand:leadership_detail", args=[question.pk])


def leader_suggestions() -> QuerySet[User]:
    """People communications usually assign to (executives and directors), for a datalist."""

    return (
        User.objects.filter(is_active=True, profile__level__in=[Level.EXECUTIVE, Level.DIRECTOR])
        .order_by("first_name", "last_name", "username")
        .only("username", "first_name", "last_name")[:200]
    )


def merge_targets(question: LeadershipQuestion) -> QuerySet[LeadershipQuestion]:
    return (
        LeadershipQuestion.objects.mergeable_into(question)
        .order_by("title")
        .only("pk", "title", "status")[:300]
    )


def find_leader(text: str) -> User:
    """The active person named by a username or email address."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Say who should answer: a username or an email address."))
    people = User.objects.filter(is_active=True)
    leader = (
        people.filter(username__iexact=text).first() or people.filter(email__iexact=text).first()
    )
    if leader is None:
        raise ValidationError(
            _("Nobody active has the username or email address “%(text)s”.") % {"text": text}
        )
    return leader


# Validation ---------------------------------------------------------------------------------
def clean_title(title: str | None) -> str:
    empty = _("Write your question first: the question is empty.")
    return clean_text(title, limit=TITLE_MAX, empty=empty)


def clean_details(details: str | None) -> str:
    return clean_text(details, limit=DETAILS_MAX, required=False)


def clean_reason(reason: str | None) -> str:
    empty = _("Give a reason: the people who voted will read it.")
    return clean_text(reason, limit=REASON_MAX, empty=empty)


def clean_answer(answer: str | None) -> str:
    return clean_text(answer, limit=ANSWER_MAX, empty=_("Write the answer first."))


# Asking and voting --------------------------------------------------------------------------
def day_of(moment: datetime) -> datetime:
    """Local midnight of `moment`'s day: all an anonymous question keeps of its time."""
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def ask(user: User, *, title: str, details: str = "", anonymous: bool = False):
    """Post a question. A named one makes the asker its first voter (so a follower);
    an anonymous one writes nothing but the question (see the module note)."""
    _check_take_part(user)
    title = clean_title(title)
    details = clean_details(details)
    check_rate(user)  # raises community.limits.RateLimited; counts in the cache only
    if anonymous:
        return LeadershipQuestion.objects.create(
            title=title, details=details, anonymous=True, created_at=day_of(timezone.now())
        )
    with transaction.atomic():
        question = LeadershipQuestion.objects.create(title=title, details=details, author=user)
        LeadershipQuestionVote.objects.create(question=question, user=user)
        audit_log(question, "wagtail.create", user=user)
        record_event(user, Verb.ASKED, question)
        record_event(user, Verb.VOTED, question)
        _schedule(notify_asked, question.pk)
    return question


def announce_anonymous_questions(now: datetime | None = None) -> int:
    """Tell communications of the open anonymous questions of past days not announced yet
    (the daily sweep). Only days that are over: told sooner, the notification's own time
    would date the ask. Returns how many questions were announced."""
    today = day_of(now or timezone.now())
    waiting = list(
        LeadershipQuestion.objects.filter(
            anonymous=True, status=QuestionStatus.OPEN, created_at__lt=today
        ).only("pk", "title", "anonymous")
    )
    announced = set(
        Notification.objects.filter(
            verb=NotificationVerb.QUESTION, link__in=[url_of(question) for question in waiting]
        ).values_list("link", flat=True)
    )
    fresh = [question for question in waiting if url_of(question) not in announced]
    for question in fresh:
        _announce(question)
    return len(fresh)


def vote_target(question: LeadershipQuestion) -> LeadershipQuestion:
    """Where a vote counts: a merged question's votes count on the one it went into."""
    seen = set()
    while question.status == QuestionStatus.MERGED and question.merged_into_id:
        if question.pk in seen:  # pragma: no cover - merge() never makes a cycle
            break
        seen.add(question.pk)
        question = LeadershipQuestion.objects.get(pk=question.merged_into_id)
    return question


def set_vote(user: User, question: LeadershipQuestion, *, on: bool) -> bool:
    """Make `user`'s vote on (or off); asking twice for the same state changes nothing.
    Returns whether anything changed."""
    _check_take_part(user)
    target = vote_target(question)
    if target.status == QuestionStatus.DECLINED:
        raise ValidationError(_("This question was declined, so it takes no more votes."))
    if not on:
        deleted, _rows = LeadershipQuestionVote.objects.filter(question=target, user=user).delete()
        return bool(deleted)
    try:
        with transaction.atomic():
            _vote, created = LeadershipQuestionVote.objects.get_or_create(
                question=target, user=user
            )
    except IntegrityError:  # the same vote saved by a parallel request
        created = False
    if created:
        record_event(user, Verb.VOTED, target)
    return created


# Triage -------------------------------------------------------------------------------------
def _check_open(question: LeadershipQuestion, doing: str) -> None:
    if question.status == QuestionStatus.MERGED:
        raise ValidationError(
            _("This question was merged into another one; %(doing)s that one instead.")
            % {"doing": doing}
        )
    if question.status == QuestionStatus.DECLINED:
        raise ValidationError(_("This question was declined."))


def assign(user: User, question: LeadershipQuestion, leader: User) -> None:
    """Give an open question to a leader to answer; they are told."""
    _check_triage(user)
    _check_open(question, _("assign"))
    if question.status == QuestionStatus.ANSWERED:
        raise ValidationError(_("This question is already answered."))
    if not leader.is_active:
        raise ValidationError(_("That person's account is not active."))
    with transaction.atomic():
        question.assigned_to = leader
        question.status = QuestionStatus.ASSIGNED
        question.save(update_fields=["assigned_to", "status"])
        audit_log(
            question,
            LOG_ASSIGN,
            user=user,
            data={"leader_id": leader.pk, "leader": leader.display_name},
        )
        _schedule(notify_assigned, question.pk, user.pk, leader.pk)


def decline(user: User, question: LeadershipQuestion, reason: str) -> None:
    """Decline with a reason the followers are told."""
    _check_triage(user)
    reason = clean_reason(reason)
    _check_open(question, _("decline"))
    if question.status == QuestionStatus.ANSWERED:
        raise ValidationError(_("This question is already answered."))
    with transaction.atomic():
        question.status = QuestionStatus.DECLINED
        question.decline_reason = reason
        question.save(update_fields=["status", "decline_reason"])
        audit_log(question, LOG_DECLINE, user=user, data={"reason": reason})
        _schedule(notify_declined, question.pk, user.pk)


def merge(user: User, question: LeadershipQuestion, target: LeadershipQuestion) -> int:
    """Merge a duplicate into `target`: its votes move there (once per person), questions
    merged into it follow, its followers are told. Returns how many votes moved."""
    _check_triage(user)
    if target.pk == question.pk:
        raise ValidationError(_("A question cannot be merged into itself."))
    if question.status == QuestionStatus.MERGED:
        raise ValidationError(_("This question is already merged into another one."))
    if target.status == QuestionStatus.MERGED:
        raise ValidationError(
            _("“%(title)s” is itself merged into another question: merge into that one.")
            % {"title": target.title}
        )
    if target.status == QuestionStatus.DECLINED:
        raise ValidationError(_("“%(title)s” was declined.") % {"title": target.title})
    with transaction.atomic():
        follower_ids = list(question.votes.values_list("user_id", flat=True))
        already = set(
            target.votes.filter(user_id__in=follower_ids).values_list("user_id", flat=True)
        )
        LeadershipQuestionVote.objects.bulk_create(
            [
                LeadershipQuestionVote(question=target, user_id=pk)
                for pk in follower_ids
                if pk not in already
            ],
            ignore_conflicts=True,
        )
        question.votes.all().delete()
        question.merged_questions.update(merged_into=target)
        question.status = QuestionStatus.MERGED
        question.merged_into = target
        question.save(update_fields=["status", "merged_into"])
        data = {"from_id": question.pk, "into_id": target.pk, "into": target.title}
        audit_log(question, LOG_MERGE, user=user, data=data)
        _schedule(notify_merged, question.pk, user.pk, follower_ids)
    return len(follower_ids) - len(already)


# Answering ----------------------------------------------------------------------------------
def save_answer(user: User, question: LeadershipQuestion, text: str, *, publish: bool) -> None:
    """Save the answer (a draft only the leader and communications see), or publish it:
    then the question is answered and every follower is told (the first time)."""
    if not can_answer(user, question):
        raise PermissionDenied(
            _("Only the leader this question is assigned to, or communications, can answer it.")
        )
    _check_open(question, _("answer"))
    text = clean_answer(text)
    first_time = question.status != QuestionStatus.ANSWERED
    with transaction.atomic():
        question.answer = text
        fields = ["answer"]
        if publish:
            question.status = QuestionStatus.ANSWERED
            question.answered_by = user
            if first_time:
                question.answered_at = timezone.now()
            fields += ["status", "answered_by", "answered_at"]
        question.save(update_fields=fields)
        if publish:
            audit_log(question, LOG_ANSWER, user=user, data={"first": first_time})
            if first_time:
                record_event(user, Verb.ANSWERED, question)
                _schedule(notify_answered, question.pk)


# Notifications (background tasks) -----------------------------------------------------------
def _schedule(task_, *args) -> None:
    transaction.on_commit(lambda: task_.enqueue(*args))


def _user(pk: int | None) -> User | None:
    return User.objects.filter(pk=pk).first() if pk else None


def _event(question: LeadershipQuestion, actor: User | None, plan, detail: str = "") -> int:
    event = Event(
        page=None,
        actor=actor,
        plan=plan,
        detail=detail,
        link=url_of(question),
        subject=question.title,
    )
    return len(deliver(event))


def _announce(question: LeadershipQuestion) -> int:
    """Communications hear of a new question; an anonymous one has no actor."""
    communications = User.objects.filter(groups__name=Role.COMMUNICATIONS).values("pk")
    actor = None if question.anonymous else question.author
    detail = _("A new question to leadership is waiting for triage.")
    return _event(question, actor, [(NotificationVerb.QUESTION, communications)], detail)


@task()
def notify_asked(question_id: int) -> int:
    """A named question, right after it is asked (anonymous ones wait for the sweep)."""
    question = LeadershipQuestion.objects.select_related("author").filter(pk=question_id).first()
    if question is None:
        return 0
    return _announce(question)


@task()
def notify_assigned(question_id: int, actor_id: int, leader_id: int) -> int:
    question = LeadershipQuestion.objects.filter(pk=question_id).first()
    if question is None or question.assigned_to_id != leader_id:
        return 0
    detail = _("You are asked to answer this question to leadership.")
    return _event(question, _user(actor_id), [(NotificationVerb.ASSIGNED, [leader_id])], detail)


def _followers(question: LeadershipQuestion):
    return question.votes.values("user_id")


@task()
def notify_answered(question_id: int) -> int:
    """Everyone following the question (its voters, the asker among them) hears."""
    question = LeadershipQuestion.objects.select_related("answered_by").filter(pk=question_id)
    question = question.first()
    if question is None or question.status != QuestionStatus.ANSWERED:
        return 0
    return _event(question, question.answered_by, [(NotificationVerb.ANSWER, _followers(question))])


@task()
def notify_declined(question_id: int, actor_id: int) -> int:
    question = LeadershipQuestion.objects.filter(pk=question_id).first()
    if question is None or question.status != QuestionStatus.DECLINED:
        return 0
    detail = _("Declined: %(reason)s") % {"reason": question.decline_reason}
    return _event(
        question, _user(actor_id), [(NotificationVerb.DECLINED, _followers(question))], detail
    )


@task()
def notify_merged(question_id: int, actor_id: int, follower_ids: list[int]) -> int:
    """The followers of a merged question are sent to the question it went into."""
    question = LeadershipQuestion.objects.select_related("merged_into").filter(pk=question_id)
    question = question.first()
    if question is None or question.merged_into is None:
        return 0
    target = question.merged_into
    detail = _("Merged into “%(title)s”: your vote counts there now.") % {"title": target.title}
    event = Event(
        page=None,
        actor=_user(actor_id),
        plan=[(NotificationVerb.MERGED, follower_ids)],
        detail=detail,
        link=url_of(target),
        subject=question.title,
    )
    return len(deliver(event))
