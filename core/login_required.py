"""Django's LoginRequiredMiddleware, asking about the view before the person (issue 19).

Django's asks `request.user.is_authenticated` first, which reads the session and loads
the user (two queries) even for views open to all (`login_not_required`: sign-in, health
checks, CSP reports). The answer is the same either way; only the order differs.
"""

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired


class LoginRequiredMiddleware(DjangoLoginRequired):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
