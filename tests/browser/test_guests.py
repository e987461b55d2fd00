"""A guest in real Chromium: opens the invitation link from the email, chooses a password
and lands in the partner space, with the guest banner; another space answers "not found"."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from governance.guests import services as guests
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    home_page,
)

PASSWORD = "a-long-guest-passphrase-42"


def test_a_guest_accepts_an_invite_and_sees_only_the_partner_space(page, site_data):
    owner = UserFactory(username="oona", roles=["Employees", "Space owners"])
    index = KnowledgeIndexPageFactory(parent=home_page())
    portal = SpacePageFactory(parent=index, title="Partner portal", owners=[owner])
    KnowledgePageFactory(parent=portal, title="Partner onboarding")
    finance = SpacePageFactory(parent=index, title="Finance")
    KnowledgePageFactory(parent=finance, title="Budget secrets")
    guests.invite(
        owner, "vic@vendor.example", [portal], True, timezone.now() + timedelta(days=30), "Vic"
    )
    link = re.search(r"https?://[^/\s]+(/guests/accept/\w+/)", mail.outbox[-1].body).group(1)

    page.goto(link)
    page.get_by_test_id("accept-heading").wait_for()
    assert "Partner portal" in page.get_by_test_id("accept-spaces").inner_text()
    page.get_by_test_id("accept-password").fill(PASSWORD)
    page.get_by_test_id("accept-password2").fill(PASSWORD)
    page.get_by_test_id("accept-submit").click()

    banner = page.get_by_test_id("guest-banner")
    banner.wait_for()
    assert page.url.endswith(portal.url)
    assert "guest" in banner.inner_text() and "Partner portal" in banner.inner_text()
    assert "Partner onboarding" in page.content()

    page.goto("/")
    assert page.get_by_test_id("guest-spaces").inner_text().count("Partner portal") == 1
    assert "Finance" not in page.locator("main").inner_text()
    response = page.goto(finance.url)
    assert response.status == 404
    assert "Budget secrets" not in page.content()
    assert page.goto("/people/").status == 404
