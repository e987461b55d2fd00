"""Questions and answers: ask, answer, vote, accept, promote, remind.

A question is a `knowledge.QuestionPage` in a space or a community; its answers are the
top-level comments of its discussion (`community.comments.services`), so they are
threaded, reacted to, mentioned in and moderated like every comment, and private with the
page. What is particular to Q&A is here: votes, the accepted answer, the routing to
experts and owners, the reminders, and the promotion of an accepted answer into a
knowledge page draft that then goes through the space's workflow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Q, QuerySet
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.rich_text import RichText

from community.comments import services as comments
from community.models import Comment, CommunityPage, Status
from community.questions import tasks
from core.models import User
from core.permissions import can_view_page, readable_by, viewable_pages
from core.policy import Action, policy
from core.site_pages import publish_as, unique_child_slug
from insights.models import Verb
from insights.services import record_event
from knowledge.models import (
    AnswerVote,
    Kind,
    KnowledgePage,
    QuestionPage,
    RelatedKnowledge,
    SpacePage,
)

TITLE_MIN = 10
TITLE_MAX = 200
BODY_MAX = 10000
MAX_TAGS = 8
TAG_MAX = 50
QUESTIONS_PER_PAGE = 20


def unanswered_after() -> timedelta:
    return timedelta(days=settings.HEARTH_QUESTION_UNANSWERED_DAYS)


# -- where questions live and who runs them ------------------------------------------------


def _ancestor_paths(page: Page) -> list[str]:
    return [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]


def home_of(question: Page) -> SpacePage | CommunityPage | None:
    """The space or community a question was asked in (its parent)."""
    parent = question.get_parent()
    specific = parent.specific if parent else None
    return specific if isinstance(specific, SpacePage | CommunityPage) else None


def owner_ids(page: Page) -> list[int]:
    """The owners of the spaces and communities at or above `page` (two queries)."""
    paths = _ancestor_paths(page)
    ids = set(
        SpacePage.owners.through.objects.filter(spacepage__path__in=paths).values_list(
            "user_id", flat=True
        )
    )
    ids.update(
        CommunityPage.owners.through.objects.filter(communitypage__path__in=paths).values_list(
            "user_id", flat=True
        )
    )
    return sorted(ids)


def is_owner_of(user: User | AnonymousUser, page: Page) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.pk in owner_ids(page)


def can_ask(user: User | AnonymousUser, parent: Page) -> bool:
    """Staff who may see the space or community (guests wait for issue 7's pinholes)."""
    specific_class = parent.specific_class
    if specific_class is None or not issubclass(specific_class, SpacePage | CommunityPage):
        return False
    return policy.user_has_permission_for_instance(user, Action.STAFF, parent)


def can_accept(user: User | AnonymousUser, question: QuestionPage) -> bool:
    """The asker, or an owner of the space or community it was asked in."""
    if not user.is_authenticated:
        return False
    return question.asked_by_id == user.pk or is_owner_of(user, question)


def _in_space(question: Page) -> bool:
    return SpacePage.objects.filter(path=question.path[: -Page.steplen]).exists()


def promotion_spaces(user: User | AnonymousUser, question: QuestionPage) -> QuerySet[SpacePage]:
    """The spaces `user` may promote the question's accepted answer into (one query): the
    question's own space if they own or edit it; for a community question, every space
    they own or edit."""
    if not policy.user_has_permission(user, Action.STAFF):
        return SpacePage.objects.none()
    spaces = SpacePage.objects.live().filter(pk__in=viewable_pages(user).values("pk"))
    if not user.is_superuser:
        spaces = spaces.filter(Q(owners=user) | Q(editors=user))
    parent_path = question.path[: -Page.steplen]
    asked_in_space = SpacePage.objects.filter(path=parent_path)
    return spaces.filter(Q(path=parent_path) | ~Exists(asked_in_space)).distinct().order_by("title")


# -- ask ---------------------------------------------------------------------------------


def clean_tags(raw: str | list[str]) -> list[str]:
    items = raw if isinstance(raw, list) else (raw or "").replace(";", ",").split(",")
    tags: list[str] = []
    for item in items:
        tag = " ".join(str(item).split()).strip().lower()
        if not tag:
            continue
        if len(tag) > TAG_MAX:
            raise ValidationError(
                {"tags": _("Keep each tag under %(max)s characters.") % {"max": TAG_MAX}}
            )
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError({"tags": _("Use at most %(max)s tags.") % {"max": MAX_TAGS}})
    return tags


def ask(user: User, parent: Page, title: str, body: str = "", tags="") -> QuestionPage:
    """Publish `user`'s question in the space or community `parent`, then (in a task) tell
    the people the expert finder ranks for its tags and the owners."""
    if not can_ask(user, parent):
        raise PermissionDenied(_("You cannot ask a question here."))
    title = " ".join((title or "").split())
    body = (body or "").replace("\x00", "").strip()
    errors = {}
    if len(title) < TITLE_MIN:
        errors["title"] = _("Write the question in a sentence of at least %(min)s characters.") % {
            "min": TITLE_MIN
        }
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Keep the question under %(max)s characters; add details below.") % {
            "max": TITLE_MAX
        }
    if len(body) > BODY_MAX:
        errors["body"] = _("The details are %(length)s characters; the limit is %(max)s.") % {
            "length": len(body),
            "max": BODY_MAX,
        }
    try:
        tag_names = clean_tags(tags)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    parent = parent.specific
    with transaction.atomic():
        question = QuestionPage(
            title=title,
            slug=unique_child_slug(parent, title, fallback="question", max_length=80),
            body=body,
            asked_by=user,
            owner=user,
            content_owner=user,
            live=False,
        )
        parent.add_child(instance=question)
        question.tags.set(tag_names)
        question.save()
        publish_as(question, user)
        question.refresh_from_db()
        record_event(user, Verb.ASKED, question)
        transaction.on_commit(lambda: tasks.route_question.enqueue(question.pk))
    return question


# -- answer and vote ---------------------------------------------------------------------


def answer(user: User, question: QuestionPage, text: str) -> Comment:
    """An answer: a top-level comment on the question. The first answer by someone other
    than the asker stamps `first_answer_at` (time to first answer)."""
    comment = comments.post_comment(user, question, text)
    if comment.author_id != question.asked_by_id:
        QuestionPage.objects.filter(pk=question.pk, first_answer_at__isnull=True).update(
            first_answer_at=comment.created_at
        )
        record_event(user, Verb.ANSWERED, question)
    return comment


def answer_of(question: QuestionPage, answer_id: object) -> Comment:
    """A visible answer (top-level comment) of `question`; ValidationError otherwise."""
    try:
        answer_id = int(str(answer_id))
    except (TypeError, ValueError):
        answer_id = 0
    found = Comment.objects.filter(
        pk=answer_id, page_id=question.pk, parent__isnull=True, status=Status.VISIBLE
    ).first()
    if found is None:
        raise ValidationError(_("That is not an answer to this question (or it was removed)."))
    return found


def vote(user: User, answer: Comment) -> bool:
    """Toggle `user`'s vote for an answer; returns True if they now vote for it."""
    if not user.is_authenticated or not can_view_page(user, answer.page):
        raise PermissionDenied(_("You cannot vote on this question."))
    if answer.parent_id is not None or answer.status != Status.VISIBLE:
        raise ValidationError(_("Only visible answers can be voted for."))
    if not issubclass(answer.page.specific_class or Page, QuestionPage):
        raise ValidationError(_("Only answers to questions can be voted for."))
    if answer.author_id == user.pk:
        raise ValidationError(_("You cannot vote for your own answer."))
    deleted, _rows = AnswerVote.objects.filter(answer=answer, user=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            AnswerVote.objects.create(answer=answer, user=user)
    except IntegrityError:  # a double click: the other request voted
        return True
    record_event(user, Verb.VOTED, answer.page)
    return True


# -- accept ------------------------------------------------------------------------------


def accept(user: User, question: QuestionPage, answer: Comment) -> QuestionPage:
    """The asker or an owner accepts one answer; its author is told (in a task)."""
    if not can_view_page(user, question) or not can_accept(user, question):
        raise PermissionDenied(
            _("Only the person who asked, or an owner of this space, can accept an answer.")
        )
    answer = answer_of(question, answer.pk)
    now = timezone.now()
    with transaction.atomic():
        QuestionPage.objects.filter(pk=question.pk).update(
            accepted_answer=answer, accepted_at=now, accepted_by=user
        )
        question.accepted_answer, question.accepted_at, question.accepted_by = answer, now, user
        record_event(user, Verb.ACCEPTED, question)
        log(
            instance=question,
            action="hearth.question.accept",
            user=user,
            data={"answer": answer.pk, "answerer": answer.author_id},
        )
        transaction.on_commit(
            lambda: tasks.notify_accepted.enqueue(question.pk, answer.pk, user.pk)
        )
    return question


# -- promote -----------------------------------------------------------------------------


def _promoted_body(question: QuestionPage, answer: Comment) -> list:
    asker = comments.person_name(question.asked_by) if question.asked_by_id else _("a colleague")
    answerer = comments.person_name(answer.author)
    origin = format_html(
        '<p>{} <a id="{}" linktype="page">{}</a>{}</p>',
        _("This page began as the question"),
        question.pk,
        question.title,
        _(", asked by %(asker)s and answered by %(answerer)s.")
        % {"asker": asker, "answerer": answerer},
    )
    blocks = [("paragraph", RichText(str(origin)))]
    if question.body_html:
        blocks.append(("quote", {"quote": question.body[:1000], "attribution": asker[:120]}))
    blocks.append(("heading", {"text": _("Answer"), "level": "h2"}))
    blocks.append(("paragraph", RichText(answer.body_html or f"<p>{escape(answer.body)}</p>")))
    return blocks


def promote(user: User, question: QuestionPage, space: SpacePage | None = None):
    """Turn the accepted answer into a knowledge page DRAFT in a space (question as title,
    answer as body, credits in the change note, links both ways). Returns (page, created):
    promoting again returns the page made the first time."""
    if not can_view_page(user, question):
        raise PermissionDenied(_("You cannot see this question."))
    with transaction.atomic():
        current = QuestionPage.objects.select_for_update().get(pk=question.pk)
        if current.promoted_page_id:
            existing = KnowledgePage.objects.filter(pk=current.promoted_page_id).first()
            if existing is not None:
                return existing, False
        allowed = promotion_spaces(user, current)
        if space is None and _in_space(current):
            space = allowed.first()
        if space is None or not allowed.filter(pk=space.pk).exists():
            raise PermissionDenied(
                _("Only an owner or editor of the space can turn an answer into a page.")
            )
        if current.accepted_answer_id is None:
            raise ValidationError(_("Accept an answer first: only accepted answers become pages."))
        answer = Comment.objects.select_related("author__profile").get(
            pk=current.accepted_answer_id
        )
        if answer.status != Status.VISIBLE:
            raise ValidationError(_("The accepted answer was removed, so it cannot become a page."))
        asker = comments.person_name(current.asked_by) if current.asked_by_id else "?"
        answerer = comments.person_name(answer.author)
        page = KnowledgePage(
            title=current.title,
            slug=unique_child_slug(space, current.title, fallback="question", max_length=80),
            kind=Kind.FAQ,
            body=_promoted_body(current, answer),
            listing_summary=current.title,
            owner=user,
            content_owner=answer.author if answer.author and answer.author.is_active else user,
            change_note=(
                _("From the question by %(asker)s, answered by %(answerer)s")
                % {"asker": asker, "answerer": answerer}
            )[:250],
            live=False,
        )
        space.add_child(instance=page)
        page.tags.set(list(current.tags.names()))
        page.related_links = [RelatedKnowledge(target=current)]
        page.save()
        page.save_revision(user=user, log_action=True)
        QuestionPage.objects.filter(pk=current.pk).update(promoted_page=page)
        question.promoted_page = page
        log(
            instance=current,
            action="hearth.question.promote",
            user=user,
            data={"page": page.pk, "answer": answer.pk},
        )
    return page, True


# -- reminders ---------------------------------------------------------------------------


def overdue_questions(now=None) -> QuerySet[QuestionPage]:
    """Live questions nobody has answered for HEARTH_QUESTION_UNANSWERED_DAYS, not yet
    reminded about."""
    now = now or timezone.now()
    return (
        QuestionPage.objects.live()
        .unanswered()
        .filter(first_published_at__lte=now - unanswered_after(), reminded_at__isnull=True)
    )


def remind_unanswered(now=None) -> int:
    """Tell the owners about each overdue question, once; returns how many questions."""
    count = 0
    now = now or timezone.now()
    for question_id in overdue_questions(now).values_list("pk", flat=True).iterator():
        # Claimed first, so two runs at once remind once.
        if QuestionPage.objects.filter(pk=question_id, reminded_at__isnull=True).update(
            reminded_at=now
        ):
            tasks.remind_question.enqueue(question_id)
            count += 1
    return count


# -- reading -----------------------------------------------------------------------------


def questions_in(user: User | AnonymousUser, parent: Page) -> QuerySet[QuestionPage]:
    """The questions of a space or community that `user` may read, newest first, with
    their answer counts and askers (one query)."""
    return (
        QuestionPage.objects.live()
        .child_of(parent)
        .filter(readable_by(user))
        .with_answer_counts()
        .select_related("asked_by__profile")
        .order_by("-first_published_at", "-pk")
    )


def listing_context(user: User | AnonymousUser, parent: Page, limit: int) -> dict:
    """For a space or community page: recent questions and the overdue unanswered ones."""
    readable = questions_in(user, parent)
    overdue = readable.unanswered().filter(
        first_published_at__lte=timezone.now() - unanswered_after()
    )
    return {
        "recent_questions": list(readable[:limit]),
        "unanswered_questions": list(overdue[:limit]),
        "can_ask": can_ask(user, parent),
        "questions_parent": parent,
    }


@dataclass
class AnswerState:
    votes: int = 0
    voted: bool = False
    accepted: bool = False


def question_context(user: User | AnonymousUser, question: QuestionPage, discussion) -> dict:
    """Votes, the accepted answer and what the reader may do: a fixed number of queries."""
    thread_ids = [node.pk for node in discussion.threads] if discussion else []
    states = {pk: AnswerState() for pk in thread_ids}
    if thread_ids:
        user_pk = user.pk if user.is_authenticated else None
        rows = (
            AnswerVote.objects.filter(answer_id__in=thread_ids)
            .values("answer_id")
            .annotate(votes=Count("pk"), mine=Count("pk", filter=Q(user_id=user_pk)))
        )
        for row in rows:
            states[row["answer_id"]] = AnswerState(votes=row["votes"], voted=row["mine"] > 0)
    if question.accepted_answer_id in states:
        states[question.accepted_answer_id].accepted = True
    accepted = None
    if question.accepted_answer_id:
        accepted = (
            Comment.objects.filter(pk=question.accepted_answer_id, status=Status.VISIBLE)
            .select_related("author__profile")
            .first()
        )
    spaces = list(promotion_spaces(user, question)[:50]) if accepted else []
    promoted = None
    if question.promoted_page_id:
        promoted = KnowledgePage.objects.filter(pk=question.promoted_page_id).first()
    if discussion:
        for node in discussion.threads:
            node.answer = states.get(node.pk, AnswerState())
    home = home_of(question)
    return {
        "answer_states": states,
        "accepted": accepted,
        "accepted_author": comments.person_name(accepted.author) if accepted else "",
        "asker_name": comments.person_name(question.asked_by) if question.asked_by_id else "",
        "question_tags": list(question.tags.all()),
        "can_accept": can_accept(user, question),
        "promotion_spaces": spaces,
        "can_promote": bool(spaces) and not question.promoted_page_id,
        "promoted": promoted,
        "question_home": home,
        "asked_in_space": isinstance(home, SpacePage),
    }
