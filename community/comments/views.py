"""Comments over HTTP: post, reply, edit, delete, permalink, and people to mention.

Without JavaScript every form posts and redirects back to the comment with a message;
with htmx (`HX-Request`) the answer is the fragment to put in place, plus a line for the
discussion's live region. Refusals answer 4xx with the reason, and the text the person
wrote is handed back so nothing is lost.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Page

from community.comments import services as comments
from community.groups.models import CommunityPage
from community.limits import RateLimited
from community.models import Comment
from community.reactions import services as reactions
from community.refusals import status_for
from core.htmx import is_htmx
from core.ids import id_or_404
from core.models import User
from core.permissions import users_who_can_view, viewable_pages

PEOPLE_LIMIT = 8


def discussion_page(request: HttpRequest, page_id: object) -> Page:
    """A live page with a discussion that `request.user` may see; 404 for everything else
    (missing and private alike, so a private page's existence is never revealed)."""
    page = viewable_pages(request.user).filter(pk=id_or_404(page_id)).first()
    if page is None or not comments.takes_discussion(page):
        raise Http404
    return page


def readable_comment(request: HttpRequest, comment_id: object) -> Comment:
    """A comment, whatever its status, on a page `request.user` may see; else 404."""
    comment = (
        Comment.objects.filter(pk=id_or_404(comment_id))
        .select_related("page", "author__profile")
        .first()
    )
    if comment is None or not viewable_pages(request.user).filter(pk=comment.page_id).exists():
        raise Http404
    return comment


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error) or _("You cannot do that.")


def refuse(
    request: HttpRequest,
    error: Exception,
    *,
    page: Page | None = None,
    action: str = "",
    text: str = "",
    parent: str = "",
) -> HttpResponse:
    """The reason something was refused, with its status: a fragment for htmx, else a page
    holding the form again (with what the person wrote) when there is one to retry."""
    status = status_for(error)
    context = {
        "message": _error_text(error),
        "page": page,
        "action": action,
        "text": text,
        "parent": parent,
    }
    if is_htmx(request):
        return render(request, "community/comments/error.html", context, status=status)
    return render(request, "community/comments/refused.html", context, status=status)


def _new_node(request: HttpRequest, comment: Comment) -> comments.CommentNode:
    """The node a freshly posted or changed comment shows as, for the htmx fragment."""
    node = comments.single_node(comment, request.user)
    node.reactions = reactions.bar_for(comment.page, request.user, comment)
    return node


def _done(
    request: HttpRequest,
    comment: Comment,
    message: str,
    template: str,
    status: int = 200,
    *,
    recount: bool = False,
) -> HttpResponse:
    """`recount`: the answer changes how many threads the discussion's heading counts
    (a new thread, or its opening comment deleted), so it carries the heading again."""
    report = getattr(comment, "mention_report", None)
    warning = report.message if report else ""
    if is_htmx(request):
        context = {
            "node": _new_node(request, comment),
            "page": comment.page,
            "announcement": " ".join(filter(None, [message, warning])),
            "warning": warning,
            "thread_count": comments.thread_count(comment.page) if recount else None,
            "feed": issubclass(comment.page.specific_class or Page, CommunityPage),
        }
        return render(request, template, context, status=status)
    messages.success(request, message)
    if warning:
        messages.warning(request, warning)
    return redirect(comments.permalink(comment, request))


@require_POST
def post(request: HttpRequest, page_id: int) -> HttpResponse:
    page = discussion_page(request, page_id)
    text = request.POST.get("text", "")
    parent_id = request.POST.get("parent", "").strip()
    parent = readable_comment(request, parent_id) if parent_id else None
    refused = {"page": page, "action": "post", "text": text, "parent": parent_id}
    try:
        comment = comments.post_comment(request.user, page, text, parent)
    except (ValidationError, RateLimited) as error:
        return refuse(request, error, **refused)
    except PermissionDenied as error:
        return refuse(request, error, page=page)
    message = _("Your reply is posted.") if parent else _("Your comment is posted.")
    return _done(
        request, comment, message, "community/comments/posted.html", recount=parent is None
    )


def _form(request: HttpRequest, comment: Comment, template: str, heading: str) -> HttpResponse:
    """A reply or edit form: in place for htmx, else on a page of its own."""
    context = {
        "node": comments.single_node(comment, request.user),
        "page": comment.page,
        "post_url": comments.url_for("comment_post", comment.page_id),
        "max_chars": settings.HEARTH_POST_MAX_CHARS,
        "inline": is_htmx(request),
    }
    if is_htmx(request):
        return render(request, template, context)
    context.update(
        form_template=template,
        heading=heading,
        people_url=comments.url_for("mention_people", comment.page_id),
    )
    return render(request, "community/comments/form_page.html", context)


@require_GET
def reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The form to reply to a comment (posting goes to `post`)."""
    comment = readable_comment(request, comment_id)
    try:
        comments.check_can_reply(request.user, comment)
    except (ValidationError, PermissionDenied) as error:
        return refuse(request, error, page=comment.page)
    return _form(request, comment, "community/comments/reply_form.html", _("Reply"))


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = readable_comment(request, comment_id)
    if request.method == "GET":
        try:
            comments.check_can_edit(request.user, comment)
        except (PermissionDenied, ValidationError) as error:
            return refuse(request, error, page=comment.page)
        return _form(request, comment, "community/comments/edit_form.html", _("Edit your comment"))
    text = request.POST.get("text", "")
    refused = {"page": comment.page, "action": "edit", "text": text, "parent": str(comment.pk)}
    try:
        comments.edit_comment(request.user, comment, text)
    except PermissionDenied as error:
        return refuse(request, error, page=comment.page)
    except (ValidationError, RateLimited) as error:
        return refuse(request, error, **refused)
    return _done(request, comment, _("Your comment is updated."), "community/comments/changed.html")


@require_POST
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = readable_comment(request, comment_id)
    try:
        comments.delete_comment(request.user, comment)
    except (PermissionDenied, ValidationError) as error:
        return refuse(request, error, page=comment.page)
    return _done(
        request,
        comment,
        _("Your comment is deleted."),
        "community/comments/changed.html",
        recount=comment.parent_id is None,
    )


@require_GET
def permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Link to one comment: the page, on the discussion page that holds it."""
    comment = comments.visible_comment(request.user, id_or_404(comment_id))
    if comment is None:
        raise Http404
    return redirect(comments.permalink(comment, request))


@require_GET
def people(request: HttpRequest, page_id: int) -> JsonResponse:
    """Up to eight people matching `q` who may see the page, for @mention autocomplete."""
    page = discussion_page(request, page_id)
    query = request.GET.get("q", "").replace("\x00", "").strip().lstrip("@")[:50]
    if not query:
        return JsonResponse({"results": []})
    matches = User.objects.filter(
        Q(username__istartswith=query)
        | Q(first_name__istartswith=query)
        | Q(last_name__istartswith=query)
        | Q(profile__display_name__icontains=query)
    )
    found = (
        users_who_can_view(page, matches)
        .select_related("profile")
        .order_by("username")
        .distinct()[:PEOPLE_LIMIT]
    )
    results = [
        {"username": person.username, "name": comments.person_name(person)} for person in found
    ]
    return JsonResponse({"results": results})
