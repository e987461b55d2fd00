"""The start page's words and the information pages under it, and what communications
feature on it, from home.yaml."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from core.models import BrandSettings, User
from core.site_pages import publish_as
from demo.content import read_yaml
from home.models import FeaturedItem, HomePage, StandardPage


def seed(log, password: str) -> None:
    data = read_yaml("home.yaml")
    with transaction.atomic():
        home = HomePage.objects.get()
        if home.live_revision_id is None:  # still as the migration made it
            home.heading = data["heading"]
            home.intro = data["intro"]
            home.save_revision().publish()
        BrandSettings.for_site(home.get_site())  # creates the brand defaults once
        for spec in data["pages"]:
            if StandardPage.objects.child_of(home).filter(slug=spec["slug"]).exists():
                continue
            author = User.objects.get(username=spec["owner"])
            page = StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                listing_summary=spec["summary"],
                content_owner=author,
                owner=author,
                body=[(block["type"], block["value"]) for block in spec["body"]],
            )
            home.add_child(instance=page)
            publish_as(page, author)  # seeding, not a person
    log(f"home page and {len(data['pages'])} information pages")


def seed_featured(log, password: str) -> None:
    """A hero and featured pages (once: communications curate them after that). Runs after
    the pages it features exist."""
    if FeaturedItem.objects.exists():
        log("featured pages already chosen")
        return
    home = HomePage.objects.get()
    now = timezone.now()
    chosen = 0
    with transaction.atomic():
        for order, spec in enumerate(read_yaml("home.yaml").get("featured", [])):
            page = Page.objects.filter(url_path=home.url_path + spec["path"]).first()
            if page is None:
                log(f"featured page {spec['path']} not found: skipped")
                continue
            days = spec.get("expires_in_days")
            FeaturedItem.objects.create(
                page=page,
                headline=spec.get("headline", ""),
                teaser=spec.get("teaser", ""),
                hero=spec.get("hero", False),
                starts_at=now,
                expires_at=now + timedelta(days=days) if days else None,
                sort_order=order,
            )
            chosen += 1
    log(f"{chosen} featured pages on home")
