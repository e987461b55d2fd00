"""Factories for campaigns and announcements: index pages, pages with an audience, people."""

from __future__ import annotations

import factory
import wagtail_factories

from brand.models import (
    AnnouncementIndexPage,
    AnnouncementPage,
    CampaignIndexPage,
    CampaignPage,
)
from people.models import Level
from tests.factories import UserFactory, home_page, index_page_factory, publish

CampaignIndexPageFactory = index_page_factory(CampaignIndexPage, "Campaigns", "campaigns")
AnnouncementIndexPageFactory = index_page_factory(
    AnnouncementIndexPage, "Announcements", "announcements"
)


class CampaignPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CampaignPage

    title = factory.Sequence(lambda n: f"Campaign {n}")
    goal = "Everyone knows why customers come first."
    pulse_question = "I know what this campaign asks of me."
    live = False


class AnnouncementPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AnnouncementPage

    title = factory.Sequence(lambda n: f"Announcement {n}")
    listing_summary = factory.Faker("sentence")
    live = False


def person(
    username: str,
    department=None,
    *,
    level: str = Level.INDIVIDUAL_CONTRIBUTOR,
    location=None,
    roles=("Employees",),
    **kwargs,
):
    """A user with a profile in `department` at `level` (and `location`)."""
    user = UserFactory(username=username, roles=list(roles), **kwargs)
    profile = user.profile
    profile.department, profile.level, profile.location = department, level, location
    profile.save()
    return user


def campaign_index():
    return CampaignIndexPage.objects.first() or CampaignIndexPageFactory(parent=home_page())


def announcement_index():
    return AnnouncementIndexPage.objects.first() or AnnouncementIndexPageFactory(parent=home_page())


def _for_audience(
    page_factory,
    parent,
    author,
    *,
    everyone: bool,
    groups=(),
    departments=(),
    locations=(),
    levels=(),
    published: bool = True,
    **fields,
):
    """A page of `page_factory` under `parent` for this audience, published by `author`
    (so its channels open) or only saved as a draft."""
    page = page_factory(parent=parent, **fields)
    page.audience_everyone = everyone
    page.audience_groups = list(groups)
    page.audience_departments = list(departments)
    page.audience_locations = list(locations)
    page.audience_levels = list(levels)
    if published:
        publish(page, author)
    else:
        page.save_revision(user=author)
    return type(page).objects.get(pk=page.pk)


def make_campaign(author, *, everyone: bool = False, **kwargs) -> CampaignPage:
    """A campaign for this audience, published by `author` (so its channels open)."""
    return _for_audience(CampaignPageFactory, campaign_index(), author, everyone=everyone, **kwargs)


def make_announcement(author, *, everyone: bool = True, **kwargs) -> AnnouncementPage:
    return _for_audience(
        AnnouncementPageFactory, announcement_index(), author, everyone=everyone, **kwargs
    )
