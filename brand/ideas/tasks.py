"""Background work of the idea board: telling people an idea moved or was merged.

Scheduled on commit by `brand.ideas.services`; each task reads the saved rows, so it says
what is true now, and `community.notifications.services.deliver` keeps to people who may
see the idea.
"""

from django.utils.translation import gettext as _
from django_tasks import task

from brand.ideas.models import ACCEPTED, IdeaPage, IdeaStatus, IdeaVote
from community.models import NotificationVerb
from community.notifications.services import Event, deliver
from core.models import User


def _status_detail(idea: IdeaPage) -> str:
    detail = idea.get_status_display()
    if idea.status_reason:
        detail = f"{detail}: {idea.status_reason}"
    if idea.about_page_id and idea.about_page is not None:
        detail = _("%(detail)s (about “%(page)s”)") % {
            "detail": detail,
            "page": idea.about_page.title,
        }
    return detail


@task()
def notify_idea_status(idea_id: int, actor_id: int | None) -> int:
    """The idea's author and voters hear of its new status; when an idea about a page is
    planned or done, so does that page's owner."""
    idea = IdeaPage.objects.select_related("about_page").filter(pk=idea_id).first()
    if idea is None or not idea.live:
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    plan = [
        (NotificationVerb.IDEA, [idea.author_id]),
        (NotificationVerb.IDEA, IdeaVote.objects.filter(idea=idea).values("user_id")),
    ]
    if idea.status in ACCEPTED and idea.about_page is not None:
        owner_id = getattr(idea.about_page.specific, "content_owner_id", None)
        plan.append((NotificationVerb.IDEA, [owner_id]))
    event = Event(page=idea, actor=actor, plan=plan, detail=_status_detail(idea))
    return len(deliver(event))


@task()
def notify_idea_merged(
    idea_id: int, into_id: int, actor_id: int | None, voter_ids: list[int]
) -> int:
    """The merged idea's author and voters, and the author of the idea it went into, hear
    where the conversation continues."""
    idea = IdeaPage.objects.filter(pk=idea_id, status=IdeaStatus.MERGED).first()
    into = IdeaPage.objects.filter(pk=into_id).first()
    if idea is None or into is None or not idea.live:
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    event = Event(
        page=idea,
        actor=actor,
        plan=[(NotificationVerb.IDEA, [idea.author_id, into.author_id, *voter_ids])],
        detail=_("Merged into “%(title)s”: its votes count there now.") % {"title": into.title},
        link=into.url or "",
    )
    return len(deliver(event))
