"""Communities over HTTP: the directory, start, join, leave, invite, members, events and
owners moderating posts. Views only speak HTTP; `community.groups.services` decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.groups import services as groups
from community.groups.forms import EventForm, InviteForm, ReasonForm, StartCommunityForm
from community.models import Comment
from community.moderation import services as moderation
from community.refusals import add_errors, messages_of, refused
from core.permissions import viewable_pages
from core.policy import Action, policy

MEMBERS_PER_PAGE = 50


def _community(request: HttpRequest, community_id: int):
    """The community if the reader may see it; 404 for missing and invisible alike."""
    try:
        return groups.visible_community(request.user, community_id)
    except ObjectDoesNotExist:
        raise Http404 from None


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """/community/groups/ leads to the directory page."""
    index = groups.communities_index()
    if index is None:
        raise Http404
    return redirect(index.get_url(request) or "/")


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    if not policy.user_has_permission(request.user, Action.STAFF):
        return refused(request, _("Communities are for staff; guests cannot start them."))
    form = StartCommunityForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                community = groups.start_community(
                    request.user,
                    form.cleaned_data["name"],
                    form.cleaned_data["purpose"],
                    form.cleaned_data["access"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your community is open. Invite people to it!"))
                return redirect(community.get_url(request))
        status = 400
    return render(request, "community/groups/start.html", {"form": form}, status=status)


@login_required
@require_POST
def join(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(request, community_id)
    try:
        joined = groups.join(request.user, community)
    except PermissionDenied as error:
        return refused(request, str(error))
    if joined:
        messages.success(request, _("Welcome to %(name)s.") % {"name": community.title})
    return redirect(community.get_url(request))


@login_required
@require_POST
def leave(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(request, community_id)
    try:
        left = groups.leave(request.user, community)
    except ValidationError as error:
        messages.error(request, messages_of(error))
        return redirect(community.get_url(request))
    if left:
        messages.success(request, _("You left %(name)s.") % {"name": community.title})
    if community.is_invite_only:
        index = groups.communities_index()
        return redirect(index.get_url(request) if index else "/")
    return redirect(community.get_url(request))


@login_required
@require_POST
def invite(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(request, community_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            person = groups.invite(
                request.user, community, form.cleaned_data["username"].get_username()
            )
        except PermissionDenied as error:
            return refused(request, str(error))
        except ValidationError as error:
            form.add_error("username", messages_of(error))
        else:
            messages.success(
                request, _("%(name)s is now a member.") % {"name": person.display_name}
            )
            return redirect(community.get_url(request))
    return render(
        request,
        "community/groups/invite.html",
        {"community": community, "form": form},
        status=400,
    )


@login_required
@require_GET
def members(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(request, community_id)
    page_obj = Paginator(groups.members(community), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "community/groups/members.html",
        {"community": community, "page_obj": page_obj},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(request, community_id)
    if not groups.is_owner(request.user, community):
        return refused(request, _("Only the community's owners can add events."))
    form = EventForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in EventForm.Meta.fields}
            try:
                groups.add_event(request.user, community, **fields)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The event is on the community's page."))
                return redirect(community.get_url(request))
        status = 400
    return render(
        request,
        "community/groups/event_form.html",
        {"community": community, "form": form},
        status=status,
    )


@login_required
@require_GET
def event_ics(request: HttpRequest, event_id: int) -> HttpResponse:
    try:
        event = groups.visible_event(request.user, event_id)
    except ObjectDoesNotExist:
        raise Http404 from None
    url = request.build_absolute_uri(event.community.get_url(request) or "/")
    body = groups.ical(event, url, host=request.get_host().split(":")[0] or "hearth")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@login_required
@require_POST
def moderate_post(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    """A community owner hides or restores a post in their community."""
    comment = (
        Comment.objects.select_related("page")
        .filter(pk=comment_id, page__in=viewable_pages(request.user).values("pk"))
        .first()
    )
    if comment is None or action not in (moderation.Action.HIDE, moderation.Action.RESTORE):
        raise Http404
    back = f"{comment.page.get_url(request) or '/'}#comment-{comment.pk}"
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason: the author is told, and the log keeps it."))
        return redirect(back)
    try:
        moderation.ACTIONS[moderation.Action(action)](
            request.user, comment, form.cleaned_data["reason"]
        )
    except PermissionDenied:
        return refused(request, _("Only the community's owners and moderators can do this."))
    except ValidationError as error:
        messages.error(request, messages_of(error))
        return redirect(back)
    text = _("Post hidden.") if action == moderation.Action.HIDE else _("Post restored.")
    messages.success(request, text)
    return redirect(back)
