"""Annotations over HTTP: create (JSON from annotations.js), edit, delete, resolve, the
owners' open questions, and the W3C Web Annotation export.

Creating needs the browser (the selection is computed from the DOM); everything else also
works as a plain form that redirects back with a message. Refusals answer 4xx with the
reason: JSON `{"error": ...}` to fetch calls, a message and a redirect to forms.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Page

from community.annotations import anchoring, services
from community.limits import RateLimited
from community.models import Annotation, Visibility
from community.refusals import status_for
from core.htmx import is_htmx
from core.ids import id_or_404
from core.permissions import viewable_pages

TRUE_VALUES = {True, "true", "on", "1"}  # 1 == True
FALSE_VALUES = {False, "false", "off", "0", "", None}  # 0 == False


def _page(request: HttpRequest, page_id: object) -> Page:
    """A live page `request.user` may see (404 otherwise: a private page stays unknown)."""
    page = viewable_pages(request.user).filter(pk=id_or_404(page_id)).first()
    if page is None:
        raise Http404
    page = page.specific
    if not services.annotatable(page):
        raise Http404
    return page


def _annotation(request: HttpRequest, annotation_id: object) -> Annotation:
    """An annotation `request.user` may know of: 404 for unknown ids, pages they cannot
    see and other people's private annotations (whose existence is nobody's business)."""
    annotation = (
        Annotation.objects.filter(pk=id_or_404(annotation_id))
        .select_related("page", "author")
        .first()
    )
    if annotation is None:
        raise Http404
    if annotation.visibility == Visibility.PRIVATE and annotation.author_id != request.user.pk:
        raise Http404
    if not viewable_pages(request.user).filter(pk=annotation.page_id).exists():
        raise Http404
    return annotation


def _wants_json(request: HttpRequest) -> bool:
    return request.content_type == "application/json" or "application/json" in request.headers.get(
        "Accept", ""
    )


def _payload(request: HttpRequest) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ValidationError(_("The request is not valid JSON.")) from None
        if not isinstance(data, dict):
            raise ValidationError(_("The request is malformed."))
        return data
    return request.POST.dict()


def _flag(data: dict, name: str) -> bool:
    value = data.get(name)
    if isinstance(value, str):
        value = value.strip().lower()
    elif not isinstance(value, bool | int | None):
        value = "malformed"  # a list or an object: unhashable, and never a yes or no
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ValidationError(_("The request is malformed (%(field)s).") % {"field": name})


def _text(data: dict, name: str, *, required: bool = False) -> str:
    value = data.get(name)
    if value is None:
        if required:
            raise ValidationError(_("The request is missing %(field)s.") % {"field": name})
        return ""
    if not isinstance(value, str):
        raise ValidationError(_("The request is malformed (%(field)s).") % {"field": name})
    return value


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error) or _("You cannot do that.")


def _back(request: HttpRequest, page: Page) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return (page.url or "/") + "#annotations"


def _refuse(request: HttpRequest, error: Exception, page: Page) -> HttpResponse:
    """The reason, with its 4xx status: JSON to fetch calls, text to htmx, a small page
    to a plain form."""
    status = status_for(error)
    text = _error_text(error)
    if _wants_json(request):
        return JsonResponse({"error": text}, status=status)
    if is_htmx(request):
        return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    return render(
        request,
        "community/annotations/refused.html",
        {"message": text, "annotated_page": page},
        status=status,
    )


@require_POST
def create(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page(request, page_id)
    try:
        data = _payload(request)
        selector = anchoring.parse_selector(data)
        annotation = services.create_annotation(
            request.user,
            page,
            selector,
            note=_text(data, "note"),
            visibility=_text(data, "visibility", required=True),
            is_question=_flag(data, "is_question"),
        )
    except (ValidationError, PermissionDenied, RateLimited) as error:
        # Creating always comes from annotations.js, so the answer is always JSON.
        return JsonResponse({"error": _error_text(error)}, status=status_for(error))
    notices = [
        _("%(name)s cannot see this page, so was not told.")
        % {"name": services.person_name(person)}
        for person in annotation.unreachable_mentions
    ]
    view = services.AnnotationView(
        annotation=annotation, author_name=services.person_name(request.user), is_mine=True
    )
    return JsonResponse(
        {"annotation": services.annotation_json(view, request.user), "notices": notices},
        status=201,
    )


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, annotation_id: int) -> HttpResponse:
    annotation = _annotation(request, annotation_id)
    page = annotation.page.specific
    if annotation.author_id != request.user.pk:
        error = PermissionDenied(_("You can only change your own annotations."))
        if request.method == "GET":
            raise error
        return _refuse(request, error, page)
    note, visibility = annotation.body, annotation.visibility
    error_text = ""
    if request.method == "POST":
        try:
            data = _payload(request)
            note = _text(data, "note")
            visibility = _text(data, "visibility", required=True)
            services.edit_annotation(request.user, annotation, note, visibility)
        except (ValidationError, PermissionDenied) as error:
            if _wants_json(request):
                return JsonResponse({"error": _error_text(error)}, status=status_for(error))
            error_text = _error_text(error)
        else:
            if _wants_json(request):
                view = services.AnnotationView(
                    annotation, services.person_name(request.user), is_mine=True
                )
                return JsonResponse({"annotation": services.annotation_json(view, request.user)})
            messages.success(request, _("Your annotation was saved."))
            return redirect(_back(request, page))
    return render(
        request,
        "community/annotations/edit.html",
        {
            "annotation": annotation,
            "annotated_page": page,
            "note": note,
            "visibility": visibility,
            "visibility_choices": Visibility.choices,
            "error": error_text,
        },
        status=400 if error_text else 200,
    )


@require_POST
def delete(request: HttpRequest, annotation_id: int) -> HttpResponse:
    annotation = _annotation(request, annotation_id)
    page = annotation.page.specific
    try:
        services.delete_annotation(request.user, annotation)
    except (ValidationError, PermissionDenied) as error:
        return _refuse(request, error, page)
    if _wants_json(request):
        return JsonResponse({"deleted": annotation.pk})
    messages.success(request, _("Your annotation was deleted."))
    return redirect(_back(request, page))


@require_POST
def resolve(request: HttpRequest, annotation_id: int) -> HttpResponse:
    annotation = _annotation(request, annotation_id)
    page = annotation.page.specific
    try:
        services.resolve_question(request.user, annotation)
    except (ValidationError, PermissionDenied) as error:
        return _refuse(request, error, page)
    if is_htmx(request):
        return render(
            request, "community/annotations/resolved_fragment.html", {"annotation": annotation}
        )
    if _wants_json(request):
        return JsonResponse({"resolved": annotation.pk})
    messages.success(request, _("The question is marked resolved."))
    return redirect(_back(request, page))


@require_GET
def questions(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    paginator = Paginator(services.open_questions_for(request.user), services.QUESTIONS_PER_PAGE)
    listing = paginator.get_page(request.GET.get("page"))
    return render(request, "community/annotations/questions.html", {"questions": listing})


@require_GET
def export_page(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page(request, page_id)
    number = request.GET.get("page")
    document = services.export_document(request.user, page, number, request.build_absolute_uri)
    if document is None:
        raise Http404
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type='application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
    )
