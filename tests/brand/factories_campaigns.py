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
from tests.factories import UserFactory, home_page, publish


class CampaignIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CampaignIndexPage

    title = "Campaigns"
    slug = "campaigns"


class CampaignPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CampaignPage

    title = factory.Sequence(lambda n: f"Campaign {n}")
    goal = "Everyone knows why customers come first."
    pulse_question = "I know what this campaign asks of me."
    live = False


class AnnouncementIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AnnouncementIndexPage

    title = "Announcements"
    slug = "announcements"


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


def _audience(page, *, everyone, groups, departments, locations, levels):
    page.audience_everyone = everyone
    page.audience_groups = list(groups)
    page.audience_departments = list(departments)
    page.audience_locations = list(locations)
    page.audience_levels = list(levels)


def campaign_index():
    return CampaignIndexPage.objects.first() or CampaignIndexPageFactory(parent=home_page())


def announcement_index():
    return AnnouncementIndexPage.objects.first() or AnnouncementIndexPageFactory(parent=home_page())


def make_campaign(
    author,
    *,
    everyone: bool = False,
    groups=(),
    departments=(),
    locations=(),
    levels=(),
    published: bool = True,
    **fields,
) -> CampaignPage:
    """A campaign for this audience, published by `author` (so its channels open)."""
    page = CampaignPageFactory(parent=campaign_index(), **fields)
    _audience(
        page,
        everyone=everyone,
        groups=groups,
        departments=departments,
        locations=locations,
        levels=levels,
    )
    if published:
        publish(page, author)
    else:
        page.save_revision(user=author)
    return CampaignPage.objects.get(pk=page.pk)


def make_announcement(
    author,
    *,
    everyone: bool = True,
    groups=(),
    departments=(),
    locations=(),
    levels=(),
    **fields,
) -> AnnouncementPage:
    page = AnnouncementPageFactory(parent=announcement_index(), **fields)
    _audience(
        page,
        everyone=everyone,
        groups=groups,
        departments=departments,
        locations=locations,
        levels=levels,
    )
    publish(page, author)
    return AnnouncementPage.objects.get(pk=page.pk)
