import uuid

from django.contrib import messages
from django.db import DatabaseError, transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Site

from core.htmx import is_htmx
from core.permissions import viewable_pages
from search import engine, tasks, vocabulary
from search.models import searcher_fingerprint
from search.outage import UNAVAILABLE_MESSAGE, SearchUnavailable
from search.query import MAX_QUERY_LENGTH, parse

AUTOCOMPLETE_MAX_CHARS = 100


def _log(request: HttpRequest, text: str, results: int) -> str:
    """Queue the log row (no person: the query, count, department, day, a fingerprint of
    person and query) and the ledger's event that this person searched (no query text),
    both written by the task once the request's transaction commits; returns the token
    that clicks and feedback refer to."""
    searcher = request.user if request.user.is_authenticated else None
    site = Site.find_for_request(request) or _any_site()
    token = str(uuid.uuid4())
    now = timezone.now()
    day = timezone.localdate(now).isoformat()
    query = text.lower()
    fingerprint = searcher_fingerprint(searcher.pk, query) if searcher else ""
    searcher_id = searcher.pk if searcher else None
    transaction.on_commit(
        lambda: tasks.log_search.enqueue(
            token,
            query,
            results,
            None if searcher else "",
            day,
            fingerprint,
            searcher_id=searcher_id,
            site_id=site.pk,
            searched_at=now.isoformat(),
        )
    )
    return token


def _any_site() -> Site:
    return Site.objects.get(is_default_site=True)


def _notices(raw: str, parsed) -> list[str]:
    notices = []
    if parsed.trimmed:
        notices.append(
            _("Your search was longer than %(max)s characters: only its start was used.")
            % {"max": MAX_QUERY_LENGTH}
        )
    if parsed.dropped_words:
        notices.append(_("Only the first words of your search were used."))
    if raw.strip() and parsed.is_empty:
        if parsed.only_common_words:
            notices.append(_("Your search only has very common words. Add a more specific word."))
        elif parsed.excluded:
            notices.append(_("Add a word to look for, not only words to leave out."))
        else:
            notices.append(
                _("Your search has no letters or digits to look for. Try a word or two.")
            )
    return notices


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over what the reader may see: pages with facets, people,
    discussions, promoted results and a "Did you mean" for misspellings."""
    raw = request.GET.get("q", "")
    parsed = parse(raw)
    notices = _notices(raw, parsed)
    filtered = any(request.GET.get(name) for name in engine.FACET_PARAMS)
    context = {"query": parsed.text, "notices": notices}
    if parsed.is_empty and not filtered:
        context["popular"], context["recent"] = engine.popular_pages(request.user)
        return render(request, "search/search.html", context)

    try:
        outcome = engine.search_pages(request, parsed)
        suggestion = corrected_from = None
        if not parsed.is_empty:
            corrections = vocabulary.suggestions(parsed.words)
            if corrections:
                fixed = parse(vocabulary.apply(parsed.text, corrections))
                # No page holds every word as typed (at most some, from the partial
                # fallback): search the corrected words instead when they all match.
                if outcome.whole == 0:
                    retry = engine.search_pages(request, fixed)
                    if retry.whole:
                        outcome, corrected_from, parsed = retry, parsed.text, fixed
                elif engine.count_matches(request.user, fixed) > outcome.whole:
                    suggestion = fixed.text
    except DatabaseError:
        notices.append(_("This search could not be run. Try other words."))
        return render(request, "search/search.html", context)
    except SearchUnavailable:
        # The engine is down or timed out (logged once in search.outage): the page and
        # its search box still work, and the status tells monitors and scripts so.
        context["unavailable"] = UNAVAILABLE_MESSAGE
        context["popular"], context["recent"] = engine.popular_pages(request.user)
        return render(request, "search/search.html", context, status=503)

    notices.extend(outcome.notices)
    first_page = outcome.results.number == 1
    # With pages found, the comments and annotations come on demand (search_discussions:
    # htmx when scrolled to, a link without JavaScript): two searches fewer per page view
    # (issue 19). Without pages they may be all there is, so they come at once.
    deferred = first_page and outcome.total > 0 and not parsed.is_empty
    try:
        discussions = (
            engine.search_discussions(request, parsed) if first_page and not deferred else []
        )
    except SearchUnavailable:
        discussions = []  # the engine failed after finding the pages: show those
    context.update(
        query=parsed.text,
        outcome=outcome,
        results=outcome.results,
        suggestion=suggestion,
        corrected_from=corrected_from,
        people=engine.search_people(request.user, parsed) if first_page else [],
        discussions=discussions,
        discussions_deferred=deferred,
        promoted=engine.promotions(request.user, parsed.text) if first_page else [],
    )
    if not parsed.is_empty and "page" not in request.GET and not filtered:
        context["token"] = _log(request, parsed.text, outcome.total)
    else:
        context["token"] = request.GET.get("s", "")
    return render(request, "search/search.html", context)


@require_GET
def discussions(request: HttpRequest) -> HttpResponse:
    """The comments and annotations matching a search, on their own: what the search page
    loads on demand when it found pages (htmx: the section alone; otherwise a page)."""
    parsed = parse(request.GET.get("q", ""))
    if parsed.is_empty:
        return HttpResponseBadRequest(_("Say what to look for in the discussions."))
    template = "search/includes/discussions.html" if is_htmx(request) else "search/discussions.html"
    context = {"query": parsed.text}
    try:
        context["discussions"] = engine.search_discussions(request, parsed)
    except SearchUnavailable:
        context["unavailable"] = UNAVAILABLE_MESSAGE
        return render(request, template, {**context, "discussions": []}, status=503)
    except DatabaseError:
        return HttpResponseBadRequest(_("This search could not be run. Try other words."))
    return render(request, template, context)


@require_GET
def autocomplete(request: HttpRequest) -> JsonResponse:
    text = request.GET.get("q", "")[:AUTOCOMPLETE_MAX_CHARS].replace("\x00", " ")
    try:
        items = engine.autocomplete(request.user, text)
    except SearchUnavailable:
        return JsonResponse({"items": [], "message": str(UNAVAILABLE_MESSAGE)}, status=503)
    search_url = reverse("search")
    for item in items:
        if item["kind"] == "tag":
            item["url"] = f"{search_url}{item['url']}"
    return JsonResponse({"items": items})


def _token(value: str) -> str | None:
    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError):
        return None


@require_GET
def click(request: HttpRequest) -> HttpResponse:
    """Count a result being opened, then go to it (only ever to a page the reader may
    see: this is not an open redirect)."""
    try:
        page_id = int(request.GET.get("p", ""))
        position = max(0, min(int(request.GET.get("n", "0") or 0), 10_000))
    except ValueError:
        return HttpResponseBadRequest(_("This link is malformed."))
    page = viewable_pages(request.user).filter(pk=page_id).first()
    if page is None:
        raise Http404(_("No such page."))
    token = _token(request.GET.get("s", ""))
    if token:
        day = timezone.localdate().isoformat()
        transaction.on_commit(lambda: tasks.log_click.enqueue(token, page_id, position, day))
    return redirect(page.get_url(request) or "/")


@require_POST
def feedback(request: HttpRequest) -> HttpResponse:
    """'Was this helpful?': one answer per search, stored by a task."""
    token = _token(request.POST.get("s", ""))
    answer = request.POST.get("helpful")
    if token is None or answer not in ("yes", "no"):
        return HttpResponseBadRequest(_("Answer yes or no for a search you made."))
    day = timezone.localdate().isoformat()
    helpful = answer == "yes"
    transaction.on_commit(lambda: tasks.record_feedback.enqueue(token, helpful, day))
    if request.headers.get("HX-Request"):
        return render(request, "search/includes/feedback_thanks.html")
    messages.success(request, _("Thank you: your answer helps us improve search."))
    back = request.POST.get("next", "")
    if not (back.startswith("/search/") and url_has_allowed_host_and_scheme(back, None)):
        back = reverse("search")
    return redirect(back)
