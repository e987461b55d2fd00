"""Onboarding over HTTP: my paths, ticking a step, assigning a path, my team's progress."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.ids import parse_id
from home.models import OnboardingPath
from home.onboarding import services as onboarding


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        profile = getattr(obj, "profile", None)
        name = profile.name if profile is not None else obj.display_name
        title = profile.job_title if profile is not None else ""
        return f"{name} ({title})" if title else name


class AssignForm(forms.Form):
    path = forms.ModelChoiceField(
        label=gettext_lazy("Onboarding path"),
        queryset=OnboardingPath.objects.all(),
        empty_label=gettext_lazy("Choose a path"),
        error_messages={"invalid_choice": gettext_lazy("Choose one of the paths in the list.")},
    )
    person = PersonChoiceField(
        label=gettext_lazy("New colleague"),
        queryset=None,
        empty_label=gettext_lazy("Choose a person"),
        error_messages={"invalid_choice": gettext_lazy("Choose one of the people in the list.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = onboarding.assignable_people(user)


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    context = {
        "checklists": onboarding.checklists(request.user, include_completed=True),
        "can_assign": onboarding.can_assign_anyone(request.user),
    }
    return render(request, "home/onboarding/mine.html", context)


@login_required
@require_POST
def tick(request: HttpRequest, assignment_id: int, step_id: int) -> HttpResponse:
    try:
        assignment = onboarding.tick_step(request.user, assignment_id, step_id)
    except ValidationError as error:
        message = _error_text(error)
        return render(request, "home/onboarding/error.html", {"message": message}, status=400)
    if assignment.completed_at:
        messages.success(request, _("Well done: you have finished “%s”.") % assignment.path.title)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = ""
    return redirect(target or "onboarding:mine")


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest) -> HttpResponse:
    if not onboarding.can_assign_anyone(request.user):
        raise PermissionDenied(
            _("Only communications and managers can give someone an onboarding path.")
        )
    status = 200
    if request.method == "POST":
        person_id = parse_id(request.POST.get("person", ""))
        if (
            person_id
            and onboarding.staff().filter(pk=person_id).exists()
            and not onboarding.assignable_people(request.user).filter(pk=person_id).exists()
        ):
            raise PermissionDenied(_("You can give an onboarding path only to your own reports."))
        form = AssignForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                assignment = onboarding.assign_path(
                    request.user, form.cleaned_data["path"], form.cleaned_data["person"]
                )
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(
                    request,
                    _("%(name)s now has the path “%(path)s” and has been told.")
                    % {"name": assignment.user.display_name, "path": assignment.path.title},
                )
                return redirect("onboarding:team")
        status = 400
    else:
        form = AssignForm(user=request.user, initial={"path": request.GET.get("path")})
    context = {"form": form, "has_paths": OnboardingPath.objects.exists()}
    return render(request, "home/onboarding/assign.html", context, status=status)


@login_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    assignments = onboarding.team_progress(request.user)
    page_obj = Paginator(assignments, onboarding.TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "is_communications": onboarding.is_communications(request.user),
    }
    return render(request, "home/onboarding/team.html", context)
