"""`seed_demo` curates the start page: a hero and two featured pages, one expiring, that
an employee sees; seeding again adds none."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from core.models import User
from home.models import FeaturedItem


@pytest.fixture
def seeded(demo_module, db):
    """The demo, seeded once for this module (tests/conftest.py)."""


def test_the_demo_home_has_a_hero_and_featured_pages_one_expiring(seeded):
    items = list(FeaturedItem.objects.order_by("sort_order"))
    assert len(items) == 3
    assert [item.hero for item in items] == [True, False, False]
    assert sum(item.expires_at is not None for item in items) == 1
    employee = User.objects.filter(groups__name="Employees").exclude(is_superuser=True).first()
    client = Client()
    client.force_login(employee)
    html = client.get("/").content.decode()
    assert 'data-testid="home-hero"' in html
    assert items[0].headline in html.split('data-testid="home-hero"')[1]
    assert html.count('data-testid="featured-item"') == 2


def test_seeding_again_adds_no_featured_pages(seeded):
    before = FeaturedItem.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert FeaturedItem.objects.count() == before
