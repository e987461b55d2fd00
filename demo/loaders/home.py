"""The start page's words and the information pages under it, from home.yaml."""

from django.db import transaction

from core.models import BrandSettings, User
from core.site_pages import publish_as
from demo.content import read_yaml
from home.models import HomePage, StandardPage


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
