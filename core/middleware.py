"""Two of Django's middleware, doing the same work only when a request needs it (issue 19).

- `LoginRequiredMiddleware` asks about the view before the person. Django's asks
  `request.user.is_authenticated` first, which reads the session and loads the user (two
  queries) even for views open to all (`login_not_required`: sign-in, health checks, CSP
  reports). The answer is the same either way; only the order differs.
- `MessageMiddleware` makes the message storage (a signed cookie's and the session's)
  when a message is added or read, not on every request; one nobody touched has nothing
  to save, which is what Django's `update()` would find.
"""

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.contrib.messages.middleware import MessageMiddleware as DjangoMessageMiddleware
from django.contrib.messages.storage import default_storage
from django.utils.functional import SimpleLazyObject, empty


class LoginRequiredMiddleware(DjangoLoginRequired):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class MessageMiddleware(DjangoMessageMiddleware):
    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response  # never added to nor read: nothing to store
        return super().process_response(request, response)
