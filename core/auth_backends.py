"""Django's model backend, with the signed-in person loaded for a page view in fewer
queries (issue 19).

Every signed-in page reads the user, Wagtail's user profile (the userbar's theme) and
the user's permissions (the userbar's "may open the admin"). Django loads them in four
queries; this backend loads the user with the profile joined and the permissions in one
query, kept in the cache until permissions change (`core.fragments.PERMISSIONS`).
Sessions made by Django's own backend (older sign-ins, guests' sign-in) still
work: it stays in AUTHENTICATION_BACKENDS after this one, and both share the user's
permission cache.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.users.models import UserProfile

from core import fragments

UserModel = get_user_model()


class ModelBackendWithProfile(ModelBackend):
    def get_user(self, user_id):
        user = (
            UserModel._default_manager.select_related("wagtail_userprofile")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """The user's own and their groups' permissions in one query (Django's backend
        asks twice); superusers and the rest as Django does."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser or hasattr(user_obj, "_perm_cache"):
            return super().get_all_permissions(user_obj, obj)

        def load() -> set[str]:
            rows = (
                Permission.objects.filter(Q(user=user_obj) | Q(group__user=user_obj))
                .values_list("content_type__app_label", "codename")
                .distinct()
            )
            return {f"{app_label}.{codename}" for app_label, codename in rows}

        # Kept until someone's groups or a group's or a person's permissions change
        # (core.fragments.PERMISSIONS, bumped by their m2m signals): the next request
        # after a change reads them afresh.
        # Outside a request (a task) read directly: a version read would cost as much.
        user_obj._perm_cache = (
            fragments.cached(
                "permissions", (user_obj.pk,), load, depends_on=(fragments.PERMISSIONS,)
            )
            if fragments.in_request()
            else load()
        )
        return user_obj._perm_cache


_get_for_user = UserProfile.get_for_user.__func__


def _profile_loaded_with_user(cls, user):
    """Wagtail's `UserProfile.get_for_user` (the userbar asks for it on every page), without
    its `get_or_create` query when the profile came with the user (`get_user` above)."""
    state = getattr(user, "_state", None)
    loaded = state.fields_cache.get("wagtail_userprofile") if state is not None else None
    if isinstance(loaded, UserProfile) and loaded.user_id == user.pk:
        return loaded
    return _get_for_user(cls, user)


def connect() -> None:
    """Reuse the profile the sign-in loaded (CoreConfig.ready)."""
    UserProfile.get_for_user = classmethod(_profile_loaded_with_user)
