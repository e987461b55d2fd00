"""Demo content: campaigns and announcements.

- a campaigns index with a live campaign ("Customer first": Sales, Operations, Finance and
  People & HR, a must-read channel to the renewals playbook, a pulse question answered by
  ~23 people of that audience, two departments under the suppression threshold, views (a
  few from Engineering, outside the audience: they do not count), comments and reactions
  over the past days) and a scheduled one (go-live in two weeks, saved as Wagtail
  saves a scheduled revision, so it shows as scheduled in the admin);
- an announcements index with five announcements: one pinned, one for a single department,
  one expired.

Idempotent: each page is looked up by slug and left alone when it exists; deterministic
(seeded random).
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.rich_text import RichText

from brand.models import (
    AnnouncementIndexPage,
    AnnouncementPage,
    BrandAsset,
    CampaignIndexPage,
    CampaignPage,
    PulseAnswer,
)
from community.comments import services as comment_service
from community.models import Comment, Reaction, ReactionKind
from core.models import User
from core.site_pages import publish_as
from demo.content import read_yaml
from demo.loaders import as_people_would
from home.models import HomePage
from insights.services import record_view
from knowledge import mustread
from knowledge.models import KnowledgePage
from people.models import Department

_DATA = read_yaml("brand_campaigns.yaml")
AUDIENCE_DEPARTMENTS, PULSE_PLAN, COMMENTS, ANNOUNCEMENTS = (
    _DATA[key] for key in ("audience_departments", "pulse_plan", "comments", "announcements")
)
LIVE, SCHEDULED = _DATA["live_campaign"], _DATA["scheduled_campaign"]


def seed(log, password: str) -> None:
    home = HomePage.objects.first()
    if home is None:
        log("campaigns: no home page, skipped")
        return
    # Notifications (the must-read's request to read) run at once, emails stay in memory.
    with as_people_would():
        _seed_campaigns(home, log)
        _seed_announcements(home, log)


def _users():
    comms = (
        User.objects.filter(username="comms").first()
        or User.objects.filter(is_superuser=True).first()
    )
    return comms, User


def _index(home, model, spec: dict, comms):
    index = model.objects.first()
    if index is None:
        index = home.add_child(instance=model(show_in_menus=True, **spec))
        publish_as(index, comms)
    return index


def _seed_campaigns(home, log) -> None:
    comms, _User = _users()
    index = _index(home, CampaignIndexPage, _DATA["campaign_index"], comms)
    if CampaignPage.objects.filter(slug=LIVE["slug"]).exists():
        log("campaigns already there")
        return
    live = _live_campaign(index, comms)
    _campaign_activity(live, log)
    _scheduled_campaign(index, comms)
    log(f"campaigns: 1 live ({LIVE['title']}), 1 scheduled ({SCHEDULED['title']})")


def _departments(*names):
    return list(Department.objects.filter(name__in=names))


def _campaign(spec: dict, comms, **fields) -> CampaignPage:
    """A campaign page as brand_campaigns.yaml describes it (not yet in the tree)."""
    page_fields = {
        name: value
        for name, value in spec.items()
        if name
        not in ("key_messages", "body", "must_read", "published_days_ago", "go_live_in_days")
    }
    return CampaignPage(
        **page_fields,
        key_messages=[("message", message) for message in spec["key_messages"]],
        body=[("paragraph", RichText(spec["body"]))] if spec.get("body") else [],
        content_owner=comms,
        **fields,
    )


def _live_campaign(index, comms):
    campaign = _campaign(LIVE, comms)
    index.add_child(instance=campaign)
    campaign.audience_departments = _departments(*AUDIENCE_DEPARTMENTS)
    campaign.must_read_page = KnowledgePage.objects.filter(slug=LIVE["must_read"]).first()
    campaign.assets = list(BrandAsset.objects.current().order_by("pk")[:2])
    publish_as(campaign, comms)
    CampaignPage.objects.filter(pk=campaign.pk).update(
        first_published_at=timezone.now() - timedelta(days=LIVE["published_days_ago"])
    )
    return CampaignPage.objects.get(pk=campaign.pk)


def _campaign_activity(campaign, log) -> None:
    """Views, acknowledgements, pulse answers, comments and reactions by demo staff."""

    rng = random.Random(4242)  # noqa: S311 - demo data, not secrets
    now = timezone.now()
    staff = list(
        User.objects.filter(
            is_active=True, profile__department__name__in=[*AUDIENCE_DEPARTMENTS, "Engineering"]
        )
        .select_related("profile__department")
        .order_by("username")
    )
    by_department: dict[str, list] = {}
    for user in staff:
        by_department.setdefault(user.profile.department.name, []).append(user)

    answers = []
    for name, (count, values) in PULSE_PLAN.items():
        for number, user in enumerate(by_department.get(name, [])[:count]):
            profile = user.profile
            answers.append(
                PulseAnswer(
                    campaign=campaign,
                    user=user,
                    value=values[number % len(values)],
                    department_id=profile.department_id,
                    level=profile.level,
                    location_id=profile.location_id,
                    answered_at=now - timedelta(days=rng.randint(0, 10), hours=rng.randint(0, 8)),
                )
            )
    PulseAnswer.objects.bulk_create(answers, ignore_conflicts=True)

    audience = [user for name in AUDIENCE_DEPARTMENTS for user in by_department.get(name, [])]
    viewers = [user for user in audience if rng.random() < 0.75]
    for user in viewers + by_department.get("Engineering", [])[:3]:
        record_view(user, campaign)
    acknowledged = 0
    if campaign.must_read_page is not None:
        for user in viewers[: len(viewers) // 2]:
            try:
                mustread.acknowledge(user, campaign.must_read_page)
                acknowledged += 1
            except (PermissionDenied, ValidationError):
                continue  # a demo person who cannot read it

    for number, (department, text) in enumerate(COMMENTS):
        people = by_department.get(department) or audience
        if not people:
            continue
        comment = comment_service.post_comment(people[number % len(people)], campaign, text)
        Comment.objects.filter(pk=comment.pk).update(
            created_at=now - timedelta(days=10 - 2 * number, hours=rng.randint(0, 6))
        )
    kinds = [kind for kind, _label in ReactionKind.choices]
    reactions = [
        Reaction(
            page=campaign,
            user=user,
            kind=rng.choice(kinds),
            created_at=now - timedelta(days=rng.randint(0, 11), hours=rng.randint(0, 8)),
        )
        for user in viewers[:18]
    ]
    Reaction.objects.bulk_create(reactions, ignore_conflicts=True)
    log(
        f"campaign: {len(answers)} pulse answers, {len(viewers)} audience views, "
        f"{acknowledged} acknowledgements, {len(reactions)} reactions"
    )


def _scheduled_campaign(index, comms) -> None:
    campaign = _campaign(SCHEDULED, comms, live=False)
    index.add_child(instance=campaign)
    # As the editor's "Schedule" does: a revision with a go-live in the future, published,
    # which Wagtail records as approved_go_live_at and keeps the page not live until then.
    go_live_at = timezone.now() + timedelta(days=SCHEDULED["go_live_in_days"])
    publish_as(campaign, comms, go_live_at=go_live_at)


def _seed_announcements(home, log) -> None:
    comms, _User = _users()
    index = _index(home, AnnouncementIndexPage, _DATA["announcement_index"], comms)
    if AnnouncementPage.objects.filter(slug=ANNOUNCEMENTS[0]["slug"]).exists():
        log("announcements already there")
        return
    now = timezone.now()
    for spec in ANNOUNCEMENTS:
        slug, title, summary, days_ago = (
            spec[key] for key in ("slug", "title", "summary", "days_ago")
        )
        pinned, departments = spec.get("pinned", False), spec.get("departments", [])
        expired = spec.get("expired", False)
        page = AnnouncementPage(
            title=title,
            slug=slug,
            listing_summary=summary,
            body=[("paragraph", RichText(f"<p>{summary}</p>"))],
            pinned=pinned,
            audience_everyone=not departments,
            content_owner=comms,
        )
        index.add_child(instance=page)
        if departments:
            page.audience_departments = _departments(*departments)
        if expired:
            page.expire_at = now - timedelta(days=2)
        publish_as(page, comms)
        AnnouncementPage.objects.filter(pk=page.pk).update(
            first_published_at=now - timedelta(days=days_ago)
        )
        if expired:
            # What `publish_scheduled` does once the expiry has passed.
            page = AnnouncementPage.objects.get(pk=page.pk)
            page.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
    log(f"announcements: {len(ANNOUNCEMENTS)} (1 pinned, 1 for Sales, 1 expired)")
