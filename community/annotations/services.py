"""Annotations: highlight a passage with a note, edit, delete, ask and resolve, export.

Who sees what: a shared annotation is visible to everyone who may see the page; a private
one to its author alone, on every path (page, panel, highlights, export), administrators
included. Every function here checks that first (`visible_annotations`).

Who resolves a question: the page's content owner, or anyone who may publish the page
(its space's owners, editors with publish permission): they can change the text the
question is about.

The page shows annotations from one query (authors, revisions and resolvers joined), so
a page with 50 annotations costs what a page with none does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from community import limits, mentions, versions
from community.annotations import anchoring
from community.comments.services import person_name
from community.models import AnchorState, Annotation, Status, Visibility
from community.notifications import notify
from core import fragments
from core.models import User
from core.permissions import can_view_page, viewable_pages
from core.policy import READ_ONLY_PINHOLE, Action, policy
from core.sanitize import render_markdown
from insights.models import Verb
from insights.services import record_event
from knowledge.models import KnowledgePage, SpacePage

# The page lists at most this many (newest kept); the export pages through all of them.
PAGE_LIMIT = 200
QUESTIONS_PER_PAGE = 20
# The panel lists the newest PANEL_SHOWN anchored annotations until the reader asks for all
# of them (`?annotations=all`, in place with htmx); the highlights show every one.
PANEL_SHOWN = 5
ALL_PARAM = "annotations"


def annotatable(page: Page) -> bool:
    """Pages whose body readers can annotate (their template shows the panel)."""
    return isinstance(page, KnowledgePage)


# Queries ---------------------------------------------------------------------------------


def visible_annotations(user: User | AnonymousUser) -> QuerySet[Annotation]:
    """Annotations `user` may see, on pages `user` may see; private ones only their own."""
    return (
        Annotation.objects.filter(page__in=viewable_pages(user).values("pk"))
        .visible_to(user)
        .filter(status=Status.VISIBLE)
    )


def _with_people(annotations: QuerySet[Annotation]) -> QuerySet[Annotation]:
    return annotations.select_related("author__profile", "resolved_by__profile", "revision").defer(
        "revision__content"
    )


def can_resolve(user: User | AnonymousUser, page: Page) -> bool:
    """The page's content owner, or anyone who may publish it: its space's owners (whose
    group may publish the space's pages, see knowledge.services.sync_space_permissions),
    editors with publish permission, administrators. Reuses the permissions Wagtail has
    already loaded for the request, so it costs the page no query."""
    if not user.is_authenticated:
        return False
    if getattr(page, "content_owner_id", None) == user.pk:
        return True
    return page.permissions_for_user(user).can_publish()


def owned_pages_q(user: User) -> Q:
    """Pages `user` owns: content owner, or below a space they own (one query)."""
    owned = Q(page__in=_content_owned(user))
    for path in SpacePage.objects.filter(owners=user).values_list("path", flat=True):
        owned |= Q(page__path__startswith=path)
    return owned


def _content_owned(user: User) -> QuerySet[Page]:
    return KnowledgePage.objects.filter(content_owner=user).values("pk")


def open_questions_for(user: User) -> QuerySet[Annotation]:
    """Open questions on pages `user` owns and may see, oldest first."""
    return (
        _with_people(visible_annotations(user).open_questions().filter(owned_pages_q(user)))
        .select_related("page")
        .order_by("created_at", "pk")
    )


# The page ----------------------------------------------------------------------------------


@dataclass
class AnnotationView:
    """One annotation as the page shows it (built from the one query)."""

    annotation: Annotation
    author_name: str
    is_mine: bool
    diff_url: str = ""

    @property
    def pk(self) -> int:
        return self.annotation.pk


@dataclass
class PageAnnotations:
    anchored: list[AnnotationView] = field(default_factory=list)
    orphaned: list[AnnotationView] = field(default_factory=list)
    more: bool = False


def _diff_url(page: Page, annotation: Annotation) -> str:
    live = page.live_revision_id
    if not annotation.revision_id or not live or annotation.revision_id == live:
        return ""
    return reverse(
        "knowledge:compare",
        kwargs={"page_id": page.pk, "old": annotation.revision_id, "new": live},
    )


def annotation_json(view: AnnotationView, user) -> dict:
    annotation = view.annotation
    return {
        "id": annotation.pk,
        "block": annotation.current_block_id,
        "start": annotation.current_start,
        "end": annotation.current_end,
        "exact": annotation.exact,
        "note": annotation.body_html,
        "author": view.author_name,
        # What annotations.js reads, no more: this is in every reader's page (issue 19).
        "private": annotation.visibility == Visibility.PRIVATE,
        "question": annotation.is_question,
        "resolved": annotation.resolved_at is not None,
        "edit_url": reverse("community:annotation_edit", args=[annotation.pk])
        if view.is_mine
        else "",
    }


def page_annotations(user: User | AnonymousUser, page: Page) -> PageAnnotations:
    """What `user` may see of `page`'s annotations, in one query (newest PAGE_LIMIT)."""
    if not user.is_authenticated:
        return PageAnnotations()
    rows = list(
        _with_people(Annotation.objects.filter(page=page).visible_to(user))
        .filter(status=Status.VISIBLE)
        .order_by("-created_at", "-pk")[: PAGE_LIMIT + 1]
    )
    result = PageAnnotations(more=len(rows) > PAGE_LIMIT)
    for annotation in reversed(rows[:PAGE_LIMIT]):
        view = AnnotationView(
            annotation=annotation,
            author_name=person_name(annotation.author),
            is_mine=annotation.author_id == user.pk,
        )
        if annotation.anchor_state == AnchorState.ORPHANED or not annotation.current_block_id:
            view.diff_url = _diff_url(page, annotation)
            result.orphaned.append(view)
        else:
            result.anchored.append(view)
    return result


def js_strings() -> dict[str, str]:
    """What annotations.js says, translated here so the script holds no English."""
    return {
        "annotate": _("Annotate"),
        "select_first": _("Select some words in the page body first."),
        "too_long": _("That selection is too long: select at most %(limit)s characters.")
        % {"limit": anchoring.MAX_QUOTE_CHARS},
        "saved": _("Annotation saved."),
        "failed": _("Something went wrong; the annotation was not saved."),
        "network": _("The annotation could not be sent. Check your connection and try again."),
        "by": _("Annotation by %(name)s"),
        "only_you": _("only you"),
        "open_question": _("open question"),
        "resolved_question": _("resolved question"),
        "in_list": _("Show in the list"),
        "edit": _("Edit"),
        "margin_label": _("Annotations beside the text"),
    }


def page_context(page: Page, user: User | AnonymousUser, params: Mapping[str, str]) -> dict:
    """The annotations panel and the highlights' JSON: two queries, however many."""
    if not annotatable(page):
        return {}
    # What this reader sees (their private ones included), kept until the discussion
    # changes (every annotation change bumps it, community.versions) or the page is published.
    found = fragments.cached(
        "annotations",
        (page.pk, page.live_revision_id, user.pk),
        lambda: page_annotations(user, page),
        depends_on=[versions.name(page.pk)],
    )
    resolver = can_resolve(user, page)
    open_questions = sum(
        1
        for view in found.anchored + found.orphaned
        if view.annotation.is_question
        and view.annotation.resolved_at is None
        and view.annotation.visibility == Visibility.SHARED
    )
    listed = found.anchored if params.get(ALL_PARAM) == "all" else found.anchored[-PANEL_SHOWN:]
    return {
        "annotations": found,
        "annotations_listed": listed,
        "annotations_unlisted": len(found.anchored) - len(listed),
        "annotations_json": {
            "all_url": f"?{ALL_PARAM}=all",
            "create_url": reverse("community:annotation_create", args=[page.pk]),
            "items": [annotation_json(view, user) for view in found.anchored],
            "strings": js_strings(),
        },
        "annotations_can_resolve": resolver,
        "annotations_open_questions": open_questions if resolver else 0,
        "annotations_export_url": reverse("community:annotations_export", args=[page.pk]),
    }


# Taking part ---------------------------------------------------------------------------------


def _check_can_see(user: User | AnonymousUser, page: Page) -> None:
    if not user.is_authenticated or not can_view_page(user, page):
        raise PermissionDenied(_("You cannot see this page."))


def _clean_visibility(visibility: str, is_question: bool) -> str:
    if visibility not in Visibility.values:
        raise ValidationError(_("Choose who can see the annotation: only you, or everyone."))
    if is_question and visibility != Visibility.SHARED:
        raise ValidationError(_("A question to the owner must be shared, so they can see it."))
    return visibility


def _clean_note(note: str | None, is_question: bool) -> str:
    # A note is optional (a plain highlight); a question needs one.
    return limits.clean_text(note, required=is_question)


def _mentions(text: str, page: Page, author: User, visibility: str) -> mentions.Mentions:
    if visibility != Visibility.SHARED:
        return mentions.Mentions()  # a private note tells nobody
    return mentions.resolve(text, page, author=author)


def create_annotation(
    user: User,
    page: Page,
    selector: anchoring.Selector,
    note: str | None,
    visibility: str = Visibility.SHARED,
    is_question: bool = False,
) -> Annotation:
    """Annotate the live text of `page`. The selector must match what the page shows now.

    The result carries `unreachable_mentions`: people mentioned who cannot see the page
    (not told), for the writer to hear about.
    """
    _check_can_see(user, page)
    policy.check(user, Action.ANNOTATE, page, READ_ONLY_PINHOLE)  # a guest's read-only pinhole
    if not annotatable(page):
        raise ValidationError(_("This page cannot be annotated."))
    visibility = _clean_visibility(visibility, is_question)
    note = _clean_note(note, is_question)
    selector = anchoring.validated_selector(anchoring.live_texts(page), selector)
    limits.check_rate(user)
    found = _mentions(note, page, user, visibility)
    with transaction.atomic():
        annotation = Annotation.objects.create(
            page=page,
            author=user,
            visibility=visibility,
            is_question=is_question,
            body=note,
            body_html=str(render_markdown(note)) if note else "",
            block_id=selector.block_id,
            exact=selector.exact,
            prefix=selector.prefix,
            suffix=selector.suffix,
            start=selector.start,
            end=selector.end,
            revision_id=page.live_revision_id,
            anchor_state=AnchorState.ANCHORED,
            anchored_revision_id=page.live_revision_id,
            current_block_id=selector.block_id,
            current_start=selector.start,
            current_end=selector.end,
        )
        if found.reachable:
            annotation.mentioned.set(found.reachable)
        record_event(user, Verb.ANNOTATED, page)
        if visibility == Visibility.SHARED:
            notify.annotation_posted(annotation)
    annotation.unreachable_mentions = found.unreachable
    return annotation


def _own(user: User, annotation: Annotation) -> None:
    _check_can_see(user, annotation.page)
    if annotation.author_id != user.pk:
        raise PermissionDenied(_("You can only change your own annotations."))
    if annotation.status != Status.VISIBLE:
        raise ValidationError(_("This annotation was removed, so it cannot be changed."))


def edit_annotation(
    user: User, annotation: Annotation, note: str | None, visibility: str
) -> Annotation:
    """Change the note or who sees it; the anchor stays."""
    _own(user, annotation)
    visibility = _clean_visibility(visibility, annotation.is_question)
    note = _clean_note(note, annotation.is_question)
    found = _mentions(note, annotation.page, user, visibility)
    with transaction.atomic():
        annotation.body = note
        annotation.body_html = str(render_markdown(note)) if note else ""
        annotation.visibility = visibility
        annotation.save(update_fields=["body", "body_html", "visibility", "updated_at"])
        annotation.mentioned.set(found.reachable)
    annotation.unreachable_mentions = found.unreachable
    return annotation


def delete_annotation(user: User, annotation: Annotation) -> None:
    """The author removes their annotation (kept as deleted, for moderation's record)."""
    _own(user, annotation)
    annotation.status = Status.DELETED
    annotation.save(update_fields=["status", "updated_at"])


def resolve_question(user: User, annotation: Annotation) -> Annotation:
    """The page's owner marks a question answered; records who and when (idempotent)."""
    page = annotation.page.specific
    _check_can_see(user, page)
    if not can_resolve(user, page):
        raise PermissionDenied(_("Only the page's owners can resolve its questions."))
    if (
        not annotation.is_question
        or annotation.visibility != Visibility.SHARED
        or annotation.status != Status.VISIBLE
    ):
        raise ValidationError(_("This annotation is not an open question."))
    if annotation.resolved_at is None:
        annotation.resolved_at = timezone.now()
        annotation.resolved_by = user
        annotation.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
    return annotation


# Export ---------------------------------------------------------------------------------

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
EXPORT_PAGE_SIZE = 100


def _motivation(annotation: Annotation) -> str:
    if annotation.is_question:
        return "questioning"
    return "commenting" if annotation.body else "highlighting"


def _export_item(
    annotation: Annotation, page: Page, page_url: str, absolute: Callable[[str], str]
) -> dict:
    orphaned = annotation.anchor_state == AnchorState.ORPHANED or not annotation.current_block_id
    if orphaned:
        block_id, start, end = annotation.block_id, annotation.start, annotation.end
    else:
        block_id = annotation.current_block_id
        start, end = annotation.current_start, annotation.current_end
    source = page_url
    if orphaned and annotation.revision_id:
        # The text it was made on no longer exists: point at that version.
        source = absolute(
            reverse(
                "knowledge:version",
                kwargs={"page_id": page.pk, "revision_id": annotation.revision_id},
            )
        )
    position = {"type": "TextPositionSelector", "start": start, "end": end}
    item = {
        "id": f"{page_url}#annotation-{annotation.pk}",
        "type": "Annotation",
        "created": annotation.created_at.isoformat(),
        "modified": annotation.updated_at.isoformat(),
        "creator": {"type": "Person", "name": person_name(annotation.author)},
        "motivation": _motivation(annotation),
        "target": {
            "source": source,
            "selector": [
                # Positions count in the text of the block (its textContent).
                {
                    "type": "FragmentSelector",
                    "conformsTo": "http://tools.ietf.org/rfc/rfc3986",
                    "value": block_id,
                    "refinedBy": dict(position),
                },
                {
                    "type": "TextQuoteSelector",
                    "exact": annotation.exact,
                    "prefix": annotation.prefix,
                    "suffix": annotation.suffix,
                },
                position,
            ],
        },
    }
    if annotation.body:
        item["body"] = {
            "type": "TextualBody",
            "value": annotation.body,
            "format": "text/markdown",
            "purpose": _motivation(annotation),
        }
    if annotation.resolved_at is not None:
        item["hearth:resolved"] = annotation.resolved_at.isoformat()
    return item


def export_document(
    user: User | AnonymousUser,
    page: Page,
    number: str | None,
    absolute: Callable[[str], str],
) -> dict | None:
    """The annotations `user` may see on `page`, as W3C Web Annotation JSON-LD, with URLs
    made absolute by `absolute` (e.g. `request.build_absolute_uri`).

    Without `number`: the AnnotationCollection with its first AnnotationPage embedded;
    with it: that AnnotationPage. None for a page number out of range.
    """
    annotations = _with_people(visible_annotations(user).filter(page=page)).order_by(
        "created_at", "pk"
    )
    paginator = Paginator(annotations, EXPORT_PAGE_SIZE)
    try:
        chunk = paginator.page(number or 1)
    except (EmptyPage, PageNotAnInteger):
        return None
    base = absolute(reverse("community:annotations_export", args=[page.pk]))
    page_url = absolute(page.url or "/")

    def page_id(n: int) -> str:
        return f"{base}?page={n}"

    annotation_page = {
        "id": page_id(chunk.number),
        "type": "AnnotationPage",
        "partOf": {"id": base, "total": paginator.count},
        "startIndex": chunk.start_index() - 1 if paginator.count else 0,
        "items": [_export_item(a, page, page_url, absolute) for a in chunk.object_list],
    }
    if chunk.has_next():
        annotation_page["next"] = page_id(chunk.next_page_number())
    if chunk.has_previous():
        annotation_page["prev"] = page_id(chunk.previous_page_number())
    if number:
        return {"@context": ANNO_CONTEXT, **annotation_page}
    return {
        "@context": ANNO_CONTEXT,
        "id": base,
        "type": "AnnotationCollection",
        "label": _("Annotations on “%(title)s”") % {"title": page.title},
        "total": paginator.count,
        "first": annotation_page,
        "last": page_id(paginator.num_pages),
    }
