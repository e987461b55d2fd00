"""Reporting a post (readers) and the moderation queue (moderators, in Wagtail's admin)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import ModelLogEntry

from community.models import Flag, Status
from community.moderation import services as moderation
from community.moderation.forms import FlagForm, ModerationForm
from core.policy import Action, policy
from core.views import permission_denied

QUEUE_PAGE_SIZE = 25


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def item_url(item, request: HttpRequest | None = None) -> str:
    """Where a reader finds the item: its page, scrolled to it."""
    kind = moderation.kind_of(item)
    return f"{item.page.get_url(request) or '/'}#{kind}-{item.pk}"


# Readers: report a post -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def flag(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    """The report form (GET; a fragment for htmx) and the report itself (POST)."""
    try:
        item = moderation.flaggable_item(request.user, kind, item_id)
    except ObjectDoesNotExist:
        raise Http404 from None
    htmx = bool(request.headers.get("HX-Request"))
    if item.author_id == request.user.pk:
        error = _("You cannot report your own post: edit or delete it instead.")
        if htmx:
            return _flag_fragment(request, item, kind, None, error, status=400)
        messages.error(request, error)
        return redirect(item_url(item, request))
    if request.method == "GET":
        form = FlagForm(auto_id=_auto_id(kind, item))
        if htmx:
            return _flag_fragment(request, item, kind, form)
        return _flag_page(request, item, kind, form)

    form = FlagForm(request.POST, auto_id=_auto_id(kind, item))
    if form.is_valid():
        try:
            _flag, created = moderation.flag_item(
                request.user, item, form.cleaned_data["reason"], form.cleaned_data["note"]
            )
        except PermissionDenied:
            raise Http404 from None  # it went out of sight between the two checks
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            text = (
                _("Thanks, a moderator will look at it.")
                if created
                else _("You already reported this.")
            )
            if htmx:
                return render(
                    request,
                    "community/moderation/flag_done.html",
                    {"message": text, "kind": kind, "item": item},
                )
            (messages.success if created else messages.info)(request, text)
            return redirect(item_url(item, request))
    if htmx:
        return _flag_fragment(request, item, kind, form, status=400)
    return _flag_page(request, item, kind, form, status=400)


def _auto_id(kind: str, item) -> str:
    """Field ids unique on a page where several report forms may be open."""
    return f"flag-{kind}-{item.pk}-%s"


def _flag_context(request, item, kind, form, error=None) -> dict:
    return {
        "item": item,
        "kind": kind,
        "form": form,
        "error": error,
        "action_url": reverse("community:flag", args=[kind, item.pk]),
        "item_url": item_url(item, request),
    }


def _flag_fragment(request, item, kind, form, error=None, status=200) -> HttpResponse:
    context = _flag_context(request, item, kind, form, error)
    return render(request, "community/moderation/flag_fragment.html", context, status=status)


def _flag_page(request, item, kind, form, status=200) -> HttpResponse:
    context = _flag_context(request, item, kind, form)
    context["page"] = item.page
    return render(request, "community/moderation/flag_page.html", context, status=status)


# Moderators: the queue in Wagtail's admin --------------------------------------------------


class ModeratorOnlyMixin:
    """Moderators and administrators only: everyone else gets a plain 403 (an editor who
    can open the admin is still not a moderator)."""

    def dispatch(self, request, *args, **kwargs):
        if not policy.user_has_permission(request.user, Action.MODERATE):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class QueueView(ModeratorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "community/moderation/queue.html"
    page_title = gettext_lazy("Moderation queue")
    header_icon = "warning"
    detail_url_name = "moderation:detail"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(moderation.open_reports(self.request.user), QUEUE_PAGE_SIZE)
        page_obj = paginator.get_page(self.request.GET.get("p"))
        rows = moderation.queue_rows(list(page_obj.object_list))
        for row in rows:
            row.detail_url = reverse(self.detail_url_name, args=[row.kind.value, row.item.pk])
        decisions = moderation.recent_decisions(self.request.user)
        for decision in decisions:
            decision.detail_url = reverse(
                self.detail_url_name, args=[decision.kind.value, decision.item.pk]
            )
        context.update(
            {
                "rows": rows,
                "decisions": decisions,
                "page_obj": page_obj,
                "paginator": paginator,
                "elided_page_range": paginator.get_elided_page_range(page_obj.number),
                "pending_status": Status.PENDING,
            }
        )
        return context


class DetailView(ModeratorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """One reported item in its context, with the decision form."""

    template_name = "community/moderation/detail.html"
    header_icon = "warning"
    queue_url_name = "moderation:queue"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.item = None

    def get_item(self):
        try:
            return moderation.moderatable_item(
                self.request.user, self.kwargs["kind"], self.kwargs["pk"]
            )
        except ObjectDoesNotExist:
            raise Http404 from None

    def get_page_title(self):
        return _("Reported %(kind)s") % {"kind": moderation.Kind(self.kwargs["kind"]).label}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.queue_url_name), "label": _("Moderation queue")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        self.item = self.get_item()
        form = ModerationForm(actions=moderation.allowed_actions(self.item))
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.item = self.get_item()
        form = ModerationForm(request.POST, actions=moderation.allowed_actions(self.item))
        if form.is_valid():
            action = moderation.Action(form.cleaned_data["action"])
            try:
                moderation.ACTIONS[action](request.user, self.item, form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _success_message(action))
                return redirect(self.queue_url_name)
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.item
        kind = moderation.kind_of(item)
        flags = Flag.objects.filter(**{kind.value: item}).select_related("flagged_by")
        history = ModelLogEntry.objects.for_instance(item).select_related("user")
        context.update(
            {
                "item": item,
                "kind": kind,
                "page": item.page,
                "page_url": item.page.get_url(self.request),
                "item_url": item_url(item, self.request),
                "flags": flags,
                "author_history": moderation.author_history(item),
                "history": history[:20],
                "statuses": Status,
                "queue_url": reverse(self.queue_url_name),
            }
        )
        return context


def _success_message(action: moderation.Action) -> str:
    return {
        moderation.Action.HIDE: _("Hidden. The author has been told why."),
        moderation.Action.RESTORE: _("Restored: readers see it again."),
        moderation.Action.REMOVE: _("Removed. The author has been told why."),
        moderation.Action.DISMISS: _("Reports dismissed; the post stays."),
    }[action]
