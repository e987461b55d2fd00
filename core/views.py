import asyncio

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from health_check.views import HealthCheckView

from core.forms import SignInForm
from core.health import READINESS_CHECKS, readiness


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "core/accounts/login.html"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            if self.get_redirect_url():
                # A signed-in person sent here by a page their account may not open (a
                # reader at /admin/, say): say so, instead of bouncing between the two.
                return permission_denied(request)
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().get(request, *args, **kwargs)


class ReadinessView(HealthCheckView):
    """Readiness, for load balancers and orchestrators: can this process serve requests?

    JSON whatever the Accept header: {"status": "ok", "database": "ok", ...}, 503 with
    "unavailable" against each dependency that is down, 200 with "degraded" against one
    the site serves without (the cache); core/health.py says which are checked. The
    reason goes to the log, never to the answer.
    """

    http_method_names = ["get", "head"]

    def get_checks(self):
        return (check() for check in READINESS_CHECKS.values())

    async def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        body, ready = readiness(
            {name for name, result in zip(READINESS_CHECKS, results, strict=True) if result.error}
        )
        return JsonResponse(body, status=200 if ready else 503)


healthz = login_not_required(ReadinessView.as_view())


@login_not_required
@never_cache
@require_GET
def healthz_live(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. No dependency is touched, so a database outage does
    not get every web process restarted (that is what readiness is for)."""
    return JsonResponse({"status": "ok"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: whatever broke (the database, a setting) must not break this too.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
