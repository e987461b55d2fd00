"""What community's views share: a service's refusal as a page, a message or form errors."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from community.limits import RateLimited


def status_for(error: Exception) -> int:
    """A refusal's status: 403 not allowed, 429 too many at once, 400 not valid."""
    if isinstance(error, PermissionDenied):
        return 403
    if isinstance(error, RateLimited):
        return 429
    return 400


def messages_of(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def add_errors(form: BaseForm, error: ValidationError) -> None:
    """A service's ValidationError on `form`: errors about its fields on them, the rest on
    the form itself."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, messages_of(error))


def refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return render(request, "community/groups/refused.html", {"message": message}, status=status)
