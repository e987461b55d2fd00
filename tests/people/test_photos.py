"""Profile photos: shown to colleagues, never to guests (initials instead), and kept out of
editors' image library (their own collection, seen in the admin by administrators only)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory

from people.models import Kudos, Profile
from people.services import PHOTO_COLLECTION
from tests.factories import UserFactory
from tests.people.factories_people import image_bytes, person


@pytest.fixture
def kemi(db, signed_in):
    me = person("kemi.mensah", first_name="Kemi", last_name="Mensah")
    upload = SimpleUploadedFile("me.png", image_bytes(), content_type="image/png")
    response = signed_in(me.user).post(
        "/people/me/edit/",
        {"photo_upload": upload, "time_zone": "UTC", "phone_visibility": "staff"},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    return Profile.objects.select_related("photo").get(pk=me.pk)


def avatar_for(viewer, profile) -> str:
    request = RequestFactory().get("/")
    request.user = viewer
    return render_to_string(
        "components/avatar.html", {"person": profile, "size": "xs"}, request=request
    )


def test_colleagues_see_the_photo_and_guests_the_initials(kemi):
    colleague = UserFactory(roles=["Employees"])
    guest = UserFactory(roles=["Guests"])
    seen = avatar_for(colleague, kemi)
    assert "<img" in seen and ".fill-32x32-c100" in seen
    hidden = avatar_for(guest, kemi)
    assert "<img" not in hidden and ">KM</span>" in hidden


def test_a_guest_cannot_fetch_the_photo_file_either(kemi, signed_in):
    url = kemi.photo.get_rendition("fill-48x48-c100").url
    assert signed_in(UserFactory(roles=["Employees"])).get(url).status_code == 200
    assert signed_in(UserFactory(roles=["Guests"])).get(url).status_code == 404


def test_profile_photos_are_not_in_editors_image_library(kemi, signed_in):
    assert kemi.photo.collection.name == PHOTO_COLLECTION
    editor = signed_in(UserFactory(roles=["Editors"]))
    listing = editor.get("/admin/images/")
    assert listing.status_code == 200
    assert "Photo of Kemi Mensah" not in listing.content.decode()
    assert editor.get(f"/admin/images/{kemi.photo.pk}/").status_code in (302, 403, 404)
    chooser = editor.get("/admin/images/chooser/")
    assert "Photo of Kemi Mensah" not in chooser.content.decode()
    # Administrators keep the collection in view (to remove an unfit photo).
    admin = signed_in(UserFactory(roles=["Administrators"]))
    assert "Photo of Kemi Mensah" in admin.get("/admin/images/").content.decode()


def test_the_kudos_wall_shows_givers_photos_in_constant_queries(kudos_with_photos, employee_client):
    def wall_queries(count: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        kudos_with_photos(count)
        employee_client.get("/people/recognition/")  # renditions are made on the first view
        with CaptureQueriesContext(connection) as captured:
            html = employee_client.get("/people/recognition/").content.decode()
        items = html.count('data-testid="kudos-item"')
        assert items == Kudos.objects.count()
        assert html.count('class="avatar avatar--sm"') == items  # every giver's photo
        return len(captured.captured_queries)

    assert wall_queries(2) == wall_queries(10)


@pytest.fixture
def kudos_with_photos(db, home):
    from tests.people.factories_people import photo
    from tests.people.factories_recognition import KudosFactory

    def make(count):
        for _ in range(count):
            giver = UserFactory(roles=["Employees"])
            giver.profile.photo = photo("giver")
            giver.profile.save()
            KudosFactory(giver=giver)

    return make
