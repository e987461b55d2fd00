"""Sign-in throttling.

Failures are counted per account and per client address in the cache. Once either count
reaches HEARTH_LOGIN_MAX_FAILURES, every attempt for it is refused, even with the right
password, until HEARTH_LOGIN_LOCK_SECONDS have passed since the last failure. The check
sits in the authentication backend so the admin and the site share one lock.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return "unknown"
    return request.META.get("REMOTE_ADDR", "unknown")


def _keys(username: str, request: HttpRequest | None) -> list[str]:
    return [
        f"login-failures:user:{(username or '').strip().lower()}",
        f"login-failures:addr:{client_address(request)}",
    ]


def is_locked(username: str, request: HttpRequest | None) -> bool:
    limit = settings.HEARTH_LOGIN_MAX_FAILURES
    return any((cache.get(key) or 0) >= limit for key in _keys(username, request))


def record_failure(username: str, request: HttpRequest | None) -> None:
    for key in _keys(username, request):
        cache.add(key, 0, timeout=settings.HEARTH_LOGIN_LOCK_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.HEARTH_LOGIN_LOCK_SECONDS)
        cache.touch(key, timeout=settings.HEARTH_LOGIN_LOCK_SECONDS)


def clear_failures(username: str, request: HttpRequest | None) -> None:
    cache.delete_many(_keys(username, request))


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if is_locked(username or "", request):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs):
    record_failure(credentials.get("username", ""), request)


@receiver(user_logged_in)
def _forget_failures(sender, request, user, **kwargs):
    clear_failures(user.get_username(), request)
