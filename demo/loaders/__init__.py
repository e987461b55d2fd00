"""One module per area of the demo: each reads its data files under demo/content/ and calls
the apps' importers and services (demo.loader runs them in order)."""

from django.test.utils import override_settings


def as_people_would():
    """While seeding through the services as people's own actions: tasks run at once, mail
    stays in memory (no demo person is sent an email) and the posting rate limit is lifted."""
    return override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        HEARTH_POSTS_PER_MINUTE=1_000_000,
    )
