"""Demo: a "Partner portal" space opened to the `guest` login (read and comment, 60 days).

Idempotent: the space and its pages are made once; the guest's pinhole is renewed when it
has ended, so the demo keeps working however long ago it was seeded.
"""

import json
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

SPACE = {
    "title": "Partner portal",
    "slug": "partner-portal",
    "summary": "What our suppliers and partners need from us: onboarding, ordering, support.",
    "description": "<p>Shared with our partners as guests. Keep it free of internal detail.</p>",
}
PAGES = [
    (
        "partner-onboarding",
        "Partner onboarding",
        "guide",
        "How a new supplier gets set up with us, step by step.",
        [
            ("heading", {"text": "Before you start", "level": "h2"}),
            (
                "paragraph",
                "<p>Send us your company details and a contact for invoices. Your partner "
                "manager opens a supplier record and this portal for you.</p>",
            ),
            ("heading", {"text": "Your first order", "level": "h2"}),
            ("paragraph", "<p>Orders arrive by email from procurement with a PO number.</p>"),
        ],
    ),
    (
        "ordering-and-invoices",
        "Ordering and invoices",
        "policy",
        "Purchase orders, invoice format and payment terms.",
        [
            ("heading", {"text": "Invoices", "level": "h2"}),
            (
                "paragraph",
                "<p>Quote the PO number on every invoice. We pay within 30 days of a valid "
                "invoice.</p>",
            ),
        ],
    ),
    (
        "partner-support",
        "Getting support",
        "reference",
        "Who to ask, and how fast we answer.",
        [
            ("heading", {"text": "Contacts", "level": "h2"}),
            (
                "paragraph",
                "<p>Ask in the comments of any page here, or email your partner manager. We "
                "answer within one working day.</p>",
            ),
        ],
    ),
]
ACCESS_DAYS = 60


def seed(log, password: str) -> None:
    from core.models import User
    from knowledge.models import KnowledgeIndexPage, KnowledgePage, SpacePage
    from people.models import GuestAccess

    owner = User.objects.filter(username="owner").first()
    guest = User.objects.filter(username="guest").first()
    index = KnowledgeIndexPage.objects.first()
    if owner is None or guest is None or index is None:
        log("partner portal: skipped (no owner, guest or knowledge index)")
        return
    with transaction.atomic():
        space = SpacePage.objects.child_of(index).filter(slug=SPACE["slug"]).first()
        if space is None:
            space = SpacePage(
                title=SPACE["title"],
                slug=SPACE["slug"],
                listing_summary=SPACE["summary"],
                description=SPACE["description"],
                content_owner=owner,
            )
            index.add_child(instance=space)
            space.owners.set([owner])
            space.save_revision(user=owner).publish(skip_permission_checks=True)
        for slug, title, kind, summary, body in PAGES:
            if KnowledgePage.objects.child_of(space).filter(slug=slug).exists():
                continue
            page = KnowledgePage(
                title=title,
                slug=slug,
                kind=kind,
                listing_summary=summary,
                content_owner=owner,
                body=json.dumps([{"type": kind_, "value": value} for kind_, value in body]),
                change_note="First version",
                live=False,
            )
            space.add_child(instance=page)
            page.save_revision(user=owner, log_action=True).publish(
                user=owner, skip_permission_checks=True
            )
        now = timezone.now()
        if not GuestAccess.objects.active(now).filter(user=guest, space=space).exists():
            GuestAccess.objects.create(
                user=guest,
                space=space,
                can_comment=True,
                expires_at=now + timedelta(days=ACCESS_DAYS),
                granted_by=owner,
            )
    log(f"partner portal: {len(PAGES)} pages, opened to the guest login for {ACCESS_DAYS} days")
