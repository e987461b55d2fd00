"""Who may list, create, change and read pilots: every URL pattern of the feature, for
every role. People with the insights permission (Administrators, Communications, Sponsors)
read pilots; only those who may add and change pilots (Administrators) write them;
everyone else gets a 403, anonymous visitors the sign-in page."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import URLPattern, reverse

from core.roles import PILOTS, ROLE_PERMISSIONS, VIEW_INSIGHTS, Role
from insights.pilots import urls as pilot_urls
from insights.pilots.models import Pilot, PilotTarget
from tests.factories import UserFactory
from tests.insights.pilots.fixtures import dates

KWARGS = {"pk": None, "name": "targets", "format": "csv"}


def every_url(pilot: Pilot) -> list[str]:
    found = []
    for pattern in pilot_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        wanted = {name: KWARGS[name] for name in pattern.pattern.converters}
        if "pk" in wanted:
            wanted["pk"] = pilot.pk
        found.append(reverse(f"insights_pilots:{pattern.name}", kwargs=wanted))
    return found


@pytest.fixture
def pilot(db):
    pilot = Pilot.objects.create(name="Sales", goal="g", departments=["Sales"], **dates())
    PilotTarget.objects.create(pilot=pilot, measure="active_readers", comparison="gte", value=5)
    return pilot


def test_every_pattern_is_probed(pilot):
    assert len(every_url(pilot)) == len(pilot_urls.urlpatterns) == 6


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_each_role_on_each_url(role, pilot, client):
    granted = ROLE_PERMISSIONS[Role(role)]["model"]
    reads, writes = VIEW_INSIGHTS in granted, set(PILOTS) <= set(granted)
    client.force_login(UserFactory(roles=[role]))
    for url in every_url(pilot):
        writing = url.endswith(("/new/", "/edit/"))
        status = client.get(url).status_code
        assert status == (200 if (writes if writing else reads) else 403), (role, url)
        if writing:
            status = client.post(url, {"name": "x"}).status_code
            assert status == (400 if writes else 403), (role, url)
    assert Pilot.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(pilot, client):
    for url in every_url(pilot):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_a_person_given_the_insights_permission_alone_may_read_not_write(pilot, client):
    reader = UserFactory(roles=["Employees"])
    reader.user_permissions.add(Permission.objects.get(codename="view_insights"))
    client.force_login(reader)
    urls = every_url(pilot)
    for url in urls:
        expected = 403 if url.endswith(("/new/", "/edit/")) else 200
        assert client.get(url).status_code == expected, url


def test_an_unknown_table_or_format_is_a_404(pilot, client):
    client.force_login(UserFactory(roles=["Administrators"]))
    for name, format in (("nothing", "csv"), ("targets", "xml")):
        url = f"/insights/pilots/{pilot.pk}/tables/{name}.{format}"
        assert client.get(url).status_code == 404
