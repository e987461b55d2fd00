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
from django.test import override_settings
from django.utils import timezone
from wagtail.rich_text import RichText

CAMPAIGN_INDEX_SLUG = "campaigns"
ANNOUNCEMENT_INDEX_SLUG = "announcements"
MUST_READ_SLUG = "renewals-playbook"

# The live campaign's audience, and its answers per department: (how many people, the
# values they lean to). Only the audience answers a campaign's pulse.
AUDIENCE_DEPARTMENTS = ("Sales", "Operations", "Finance", "People & HR")
PULSE_PLAN = {
    "Sales": (9, [4, 5, 5, 4, 3]),
    "Operations": (9, [4, 3, 4, 5, 2]),
    "Finance": (3, [2, 3, 4]),  # under the threshold: suppressed in the report
    "People & HR": (2, [4, 5]),  # under too; the two together are large enough to stay hidden
}

COMMENTS = [
    (
        "Sales",
        "Twenty-four hours feels tight for enterprise tickets. "
        "Can we agree on what counts as a first answer?",
    ),
    (
        "Operations",
        "We have set up a shared queue for anything older than a day. Ping us if you see one.",
    ),
    ("Sales", "The playbook's escalation path made this much clearer, thanks."),
    ("Engineering", "Could the status page link be added to the key messages?"),
    ("Operations", "Week one numbers: 87 percent of tickets answered within the day."),
]


def seed(log, password: str) -> None:
    from home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        log("campaigns: no home page, skipped")
        return
    # Notifications (the must-read's request to read) run at once, emails stay in memory.
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        HEARTH_POSTS_PER_MINUTE=1_000_000,
    ):
        _seed_campaigns(home, log)
        _seed_announcements(home, log)


def _users():
    from core.models import User

    comms = (
        User.objects.filter(username="comms").first()
        or User.objects.filter(is_superuser=True).first()
    )
    return comms, User


def _publish(page, user, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user, skip_permission_checks=True)
    return revision


def _seed_campaigns(home, log) -> None:
    from brand.models import CampaignIndexPage, CampaignPage

    comms, _User = _users()
    index = CampaignIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=CampaignIndexPage(
                title="Campaigns",
                slug=CAMPAIGN_INDEX_SLUG,
                show_in_menus=True,
                intro="<p>What we are working on together, and why it matters.</p>",
            )
        )
        _publish(index, comms)
    if CampaignPage.objects.filter(slug="customer-first").exists():
        log("campaigns already there")
        return
    live = _live_campaign(index, comms)
    _campaign_activity(live, log)
    _scheduled_campaign(index, comms)
    log("campaigns: 1 live (Customer first), 1 scheduled (Speak up week)")


def _departments(*names):
    from people.models import Department

    return list(Department.objects.filter(name__in=names))


def _live_campaign(index, comms):
    from brand.models import BrandAsset, CampaignPage
    from knowledge.models import KnowledgePage

    campaign = CampaignPage(
        title="Customer first",
        slug="customer-first",
        listing_summary="Every customer hears back from us within one working day.",
        goal=(
            "Every customer who contacts us hears back from a person within one working day, "
            "and knows who owns their problem."
        ),
        key_messages=[
            ("message", "Answer every customer within one working day."),
            ("message", "Whoever picks it up owns it until it is handed over by name."),
            ("message", "Tell the customer what happens next, and when."),
        ],
        body=[
            (
                "paragraph",
                RichText(
                    "<p>Our renewal surveys say customers value a quick, named answer more than "
                    "a perfect one. This quarter Sales and Operations try it together, with "
                    "Finance and People & HR for billing and job questions.</p>"
                ),
            )
        ],
        show_banner=True,
        banner_text="Customer first: answer every customer within one working day.",
        pulse_question="I know what “customer first” asks of me this quarter.",
        audience_everyone=False,
        content_owner=comms,
    )
    index.add_child(instance=campaign)
    campaign.audience_departments = _departments(*AUDIENCE_DEPARTMENTS)
    campaign.must_read_page = KnowledgePage.objects.filter(slug=MUST_READ_SLUG).first()
    campaign.assets = list(BrandAsset.objects.current().order_by("pk")[:2])
    _publish(campaign, comms)
    CampaignPage.objects.filter(pk=campaign.pk).update(
        first_published_at=timezone.now() - timedelta(days=12)
    )
    return CampaignPage.objects.get(pk=campaign.pk)


def _campaign_activity(campaign, log) -> None:
    """Views, acknowledgements, pulse answers, comments and reactions by demo staff."""
    from brand.models import PulseAnswer
    from community.models import Comment, Reaction, ReactionKind
    from community.services import comments as comment_service
    from core.models import User
    from insights.services import record_view
    from knowledge import mustread

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
    from brand.models import CampaignPage

    campaign = CampaignPage(
        title="Speak up week",
        slug="speak-up-week",
        listing_summary="Raise problems early: a week of small habits.",
        goal="Everyone raises a problem as soon as they see it, and knows it is welcome.",
        key_messages=[
            ("message", "If something looks wrong, say so early."),
            ("message", "Thank the person who raised it."),
        ],
        show_banner=True,
        banner_text="Speak up week starts today.",
        send_email=True,
        email_subject="Speak up week starts today",
        pulse_question="I feel safe to raise a problem in my team.",
        audience_everyone=True,
        content_owner=comms,
        live=False,
    )
    index.add_child(instance=campaign)
    # As the editor's "Schedule" does: a revision with a go-live in the future, published,
    # which Wagtail records as approved_go_live_at and keeps the page not live until then.
    _publish(campaign, comms, go_live_at=timezone.now() + timedelta(days=14))


ANNOUNCEMENTS = [
    # slug, title, summary, days ago, pinned, departments, expired
    (
        "new-office-hours",
        "New office hours from next month",
        "Both offices open at 7:30.",
        3,
        True,
        (),
        False,
    ),
    (
        "canteen-menu",
        "The canteen has a new menu",
        "More vegetarian choices, every day.",
        1,
        False,
        (),
        False,
    ),
    (
        "sales-kick-off",
        "Sales kick-off on the 14th",
        "The agenda and the travel details.",
        2,
        False,
        ("Sales",),
        False,
    ),
    (
        "benefits-portal",
        "The benefits portal has moved",
        "Bookmark the new address.",
        6,
        False,
        (),
        False,
    ),
    (
        "maintenance-weekend",
        "Maintenance last weekend",
        "Email was down on Saturday morning.",
        9,
        False,
        (),
        True,
    ),
]


def _seed_announcements(home, log) -> None:
    from brand.models import AnnouncementIndexPage, AnnouncementPage

    comms, _User = _users()
    index = AnnouncementIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=AnnouncementIndexPage(
                title="Announcements",
                slug=ANNOUNCEMENT_INDEX_SLUG,
                show_in_menus=True,
                intro="<p>News for the people it concerns.</p>",
            )
        )
        _publish(index, comms)
    if AnnouncementPage.objects.filter(slug=ANNOUNCEMENTS[0][0]).exists():
        log("announcements already there")
        return
    now = timezone.now()
    for slug, title, summary, days_ago, pinned, departments, expired in ANNOUNCEMENTS:
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
        _publish(page, comms)
        AnnouncementPage.objects.filter(pk=page.pk).update(
            first_published_at=now - timedelta(days=days_ago)
        )
        if expired:
            # What `publish_scheduled` does once the expiry has passed.
            page = AnnouncementPage.objects.get(pk=page.pk)
            page.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
    log(f"announcements: {len(ANNOUNCEMENTS)} (1 pinned, 1 for Sales, 1 expired)")
