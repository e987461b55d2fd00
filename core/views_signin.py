"""Sign-in locks in Wagtail's admin, for administrators: who is paused from where, and a
button that lifts one pause (core.signin decides who may and does it)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core import signin
from core.permissions import can_manage_sign_in_locks
from core.views import permission_denied

LOCKS_PER_PAGE = 50


class SignInLocksView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/signin_locks.html"
    page_title = gettext_lazy("Sign-in locks")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        # A plain 403 with a message (Wagtail's admin would redirect to the dashboard).
        if not can_manage_sign_in_locks(request.user):
            error = PermissionDenied(_("Only administrators can see and lift sign-in locks."))
            return permission_denied(request, error)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(signin.current_locks(), LOCKS_PER_PAGE)
        page_obj = paginator.get_page(self.request.GET.get("p"))
        context.update(
            {
                "locks": page_obj.object_list,
                "page_obj": page_obj,
                "paginator": paginator,
                "elided_page_range": paginator.get_elided_page_range(page_obj.number),
                "failure_limit": signin.get_failure_limit(None, None),
            }
        )
        return context


@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    username = request.POST.get("username", "")
    ip_address = request.POST.get("ip_address", "")
    try:
        signin.unlock(request.user, username, ip_address)
    except PermissionDenied as error:
        return permission_denied(request, error)
    except signin.NotLocked as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(username)s can sign in again from %(address)s.")
            % {"username": username, "address": ip_address},
        )
    return redirect("hearth_signin_locks")
