"""Demo content for the home app: the start page's words and a few information pages."""

from django.db import transaction

PAGES = [
    {
        "slug": "about-hearth",
        "title": "About Hearth",
        "summary": "What Hearth is for, and how knowledge, vision and brand live here together.",
        "owner": "comms",
        "body": [
            ("heading", {"text": "Why we have Hearth", "level": "h2"}),
            ("paragraph", "<p>Hearth gives what we know a tangible, searchable, annotated and "
             "permanent home. Anyone can read, search and talk back; editors keep pages "
             "right; every change is kept.</p>"),
            ("callout", {"tone": "info", "title": "Everyone can take part",
                         "body": "<p>Comment, ask questions and suggest edits on any page.</p>"}),
        ],
    },
    {
        "slug": "getting-help",
        "title": "Getting help with IT, HR and facilities",
        "summary": "Who to contact for laptops, payroll, building access and everything else.",
        "owner": "owner",
        "body": [
            ("heading", {"text": "IT support", "level": "h2"}),
            ("paragraph", "<p>For a broken laptop, a new account or VPN trouble, open a ticket "
             "with IT support. Urgent outages: call the on-call number.</p>"),
            ("heading", {"text": "People & HR", "level": "h2"}),
            ("paragraph", "<p>Payroll, benefits, parental leave and vacation questions go to "
             "People & HR.</p>"),
        ],
    },
    {
        "slug": "how-we-work",
        "title": "How we work here",
        "summary": "Our working agreements: meetings, writing things down, and remote work.",
        "owner": "editor",
        "body": [
            ("paragraph", "<p>We write things down so that the next person does not have to "
             "ask. Decisions live in Hearth, not in chat.</p>"),
            ("quote", {"quote": "If it isn't written down, it didn't happen.",
                       "attribution": "Our first engineering handbook"}),
        ],
    },
]  # fmt: skip


def seed(log, password: str) -> None:
    from core.models import BrandSettings, User
    from home.models import HomePage, StandardPage

    with transaction.atomic():
        home = HomePage.objects.get()
        if home.live_revision_id is None:  # still as the migration made it
            home.heading = "Welcome to Hearth"
            home.intro = (
                "<p>Our company's knowledge, vision and brand in one place: read, search, "
                "and talk back.</p>"
            )
            home.save_revision().publish()
        BrandSettings.for_site(home.get_site())  # creates the brand defaults once
        for spec in PAGES:
            page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
            if page is not None:
                continue
            author = User.objects.get(username=spec["owner"])
            page = StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                listing_summary=spec["summary"],
                content_owner=author,
                owner=author,
                body=spec["body"],
            )
            home.add_child(instance=page)
            revision = page.save_revision(user=author, log_action=True)
            revision.publish(user=author, skip_permission_checks=True)  # seeding, not a person
        log(f"home page and {len(PAGES)} information pages")
