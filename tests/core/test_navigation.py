"""The header's main navigation follows the reader: staff-only sections and the people
directory are not offered to guests (vendors, customers)."""

from brand.models import VisionHubPage
from tests.factories import UserFactory


def test_guests_are_not_offered_staff_only_sections_or_the_directory(home, signed_in):
    hub = home.add_child(instance=VisionHubPage(title="Our vision", slug="vision"))
    hub.show_in_menus = True
    hub.save()
    staff = UserFactory(username="sam", roles=["Employees"])
    guest = UserFactory(username="gus", roles=["Guests"])

    staff_html = signed_in(staff).get(home.url).content.decode()
    assert 'data-testid="nav-people"' in staff_html and ">Our vision</a>" in staff_html

    guest_html = signed_in(guest).get(home.url).content.decode()
    assert 'data-testid="nav-people"' not in guest_html
    assert "Our vision" not in guest_html
