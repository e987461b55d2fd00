"""Background work of the review cycle: the owner's review digest email
(`governance.review.services.send_review_reminders` schedules it once per person per run)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from community.notifications.services import absolute, unsubscribe_url
from core.models import User
from core.permissions import viewable_pages
from core.schedule import cron
from governance.review import services  # imports this module back: used at call time only
from knowledge.models import KnowledgePage


def _items(user: User, page_ids: list[int], now: datetime) -> list[dict]:
    """The pages `user` may still see, in the order given, with what the email shows."""
    if not page_ids:
        return []
    readable = viewable_pages(user).filter(pk__in=page_ids).values("pk")
    pages = {page.pk: page for page in services.review_pages(now).filter(pk__in=readable)}
    return [
        {
            "title": pages[pk].title,
            "url": absolute(pages[pk].url or "/"),
            "due": pages[pk].next_review_at,
            "state": pages[pk].review_state,
        }
        for pk in page_ids
        if pk in pages
    ]


@task()
def send_review_digest(
    user_id: int, overdue: list[int], due_soon: list[int], stale: list[int], at: str
) -> bool:
    """One email to `user_id`: their pages overdue and due soon, and pages newly stale in
    the spaces they own. Nothing is sent when none of them is readable any more."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    now = datetime.fromisoformat(at)
    context = {
        "recipient_name": user.display_name,
        "overdue": _items(user, overdue, now),
        "due_soon": _items(user, due_soon, now),
        "stale": _items(user, stale, now),
        "days": settings.HEARTH_STALE_NOTIFY_DAYS,
        "list_url": absolute(reverse("knowledge:my_reviews")),
        "settings_url": absolute(reverse("community:notification_settings")),
        "unsubscribe_url": unsubscribe_url(user.pk),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    context["count"] = len(context["overdue"]) + len(context["due_soon"])
    if not (context["count"] or context["stale"]):
        return False
    template = "knowledge/review/email/digest"
    message = EmailMultiAlternatives(
        subject=" ".join(render_to_string(f"{template}_subject.txt", context).split()),
        body=render_to_string(f"{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()
    return True


@task()
def refresh_due_dates_under(path: str) -> int:
    """Recompute the stored review dates of the knowledge pages at or below `path` (after
    a space's interval changed or a subtree moved); returns how many were written."""
    return services.refresh_due_dates(KnowledgePage.objects.filter(path__startswith=path))


@cron("5 * * * *")
@task()
def advance_review_statuses() -> int:
    """Move the stored review status of pages whose date passed (space pages count it).

    Verified to "review due" or "stale", "review due" to "stale": what the rule says now."""
    return services.advance_review_statuses()


@cron("30 6 * * *")
@task()
def review_reminders() -> dict[str, int]:
    """Owners' review digest, stale pages to space owners, the spaces' stale policies."""
    services.refresh_due_dates()
    reminders = services.send_review_reminders()
    policies = services.apply_stale_policies()
    return {
        "digests": len(reminders.digests),
        "stale": len(reminders.stale_pages),
        "hidden": len(policies.hidden),
        "archived": len(policies.archived),
    }
