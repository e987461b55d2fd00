"""A person edits their own profile; HR fields stay with HR."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from core.roles import Role
from people.models import FieldVisibility, Level, Profile
from people.services import PHOTO_COLLECTION, PHOTO_MAX_BYTES
from tests.factories import DepartmentFactory, LocationFactory, UserFactory
from tests.people.factories_people import image_bytes, person

EDIT = "/people/me/edit/"


def form_data(**changes) -> dict:
    data = {
        "display_name": "",
        "pronouns": "they/them",
        "job_title": "Payroll lead",
        "expertise": "payroll, Tax , payroll",
        "ask_me_about": "Payslips",
        "bio": "Ten years in payroll.",
        "phone": "+44 20 7946 0000",
        "phone_visibility": FieldVisibility.TEAM,
        "time_zone": "Europe/London",
        "in_leaderboards": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def me(db):
    boss = person("bruno.bauer")
    return person(
        "kemi.mensah",
        department="Finance",
        location="Berlin",
        manager=boss,
        level=Level.INDIVIDUAL_CONTRIBUTOR,
    )


@pytest.fixture
def client(signed_in, me):
    return signed_in(me.user)


def test_the_form_shows_my_details_and_no_hr_fields(client, me):
    me.expertise.set(["payroll", "tax"])
    html = client.get(EDIT).content.decode()
    assert 'value="payroll, tax"' in html
    for hr_field in ('name="department"', 'name="level"', 'name="location"', 'name="manager"'):
        assert hr_field not in html
    assert "come from HR" in html


def test_i_edit_my_profile(client, me):
    response = client.post(EDIT, form_data(display_name="Kemi M."))
    assert response.status_code == 302
    assert response["Location"] == "/people/kemi.mensah/"
    me.refresh_from_db()
    assert me.display_name == "Kemi M."
    assert me.pronouns == "they/them"
    assert me.job_title == "Payroll lead"
    assert sorted(me.expertise.names()) == ["Tax", "payroll"]
    assert me.ask_me_about == "Payslips"
    assert me.phone_visibility == FieldVisibility.TEAM
    assert me.time_zone == "Europe/London"
    assert me.in_leaderboards is False
    # The change is in Wagtail's audit log, with what changed.
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.get(action="hearth.people.profile_edit")
    assert entry.user == me.user
    assert "display_name" in entry.data["fields"]
    page = client.get("/people/kemi.mensah/").content.decode()
    assert "Your profile is saved." in page
    assert "Kemi M." in page


def test_existing_tags_keep_their_spelling(client, me):
    person("ada.andersen", expertise=["Kubernetes"])
    client.post(EDIT, form_data(expertise="kubernetes"))
    assert list(me.expertise.names()) == ["Kubernetes"]


def test_a_crafted_post_cannot_change_hr_fields(client, me):
    sales = DepartmentFactory(name="Sales")
    paris = LocationFactory(name="Paris")
    other = person("pablo.patel")
    before = Profile.objects.values("department", "level", "location", "manager").get(pk=me.pk)
    response = client.post(
        EDIT,
        form_data(
            department=sales.pk, level=Level.EXECUTIVE, location=paris.pk, manager=other.pk,
            employee_id="HACK", user=other.user.pk,
        ),
    )  # fmt: skip
    assert response.status_code == 302
    after = Profile.objects.values("department", "level", "location", "manager").get(pk=me.pk)
    assert after == before
    me.refresh_from_db()
    assert me.employee_id == ""
    assert me.user.username == "kemi.mensah"


def test_i_upload_and_remove_a_photo(client, me):
    upload = SimpleUploadedFile("me.png", image_bytes(), content_type="image/png")
    response = client.post(EDIT, {**form_data(), "photo_upload": upload})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.photo is not None
    assert me.photo.collection.name == PHOTO_COLLECTION
    assert me.photo.uploaded_by_user == me.user
    assert 'class="avatar avatar--lg"' in client.get("/people/kemi.mensah/").content.decode()

    client.post(EDIT, form_data(remove_photo="on"))
    me.refresh_from_db()
    assert me.photo is None


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("me.png", b"not an image at all", content_type="image/png"), "image"),
        (
            SimpleUploadedFile("big.png", b"x" * (PHOTO_MAX_BYTES + 1), content_type="image/png"),
            "too large",
        ),
        (
            SimpleUploadedFile("me.tiff", image_bytes("TIFF"), content_type="image/tiff"),
            "JPEG, PNG, WebP or GIF",
        ),
    ],
)
def test_a_bad_photo_is_refused_and_nothing_is_stored(client, me, upload, message):
    response = client.post(EDIT, {**form_data(job_title="Changed"), "photo_upload": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    me.refresh_from_db()
    assert me.photo is None
    assert me.job_title == ""
    assert get_image_model().objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "not a known time zone"),
        ({"phone_visibility": "everyone-on-earth"}, "Select a valid choice"),
        ({"expertise": ", ".join(f"topic {n}" for n in range(25))}, "at most 20 topics"),
        ({"expertise": "x" * 80}, "under 60 characters"),
        ({"bio": "b" * 1001}, "at most 1000 characters"),
    ],
)
def test_bad_input_is_a_400_with_the_reason_and_nothing_changes(client, me, changes, message):
    response = client.post(EDIT, form_data(job_title="Changed", **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    me.refresh_from_db()
    assert me.job_title == ""
    assert list(me.expertise.names()) == []


def test_guests_cannot_edit_a_profile(signed_in, db):
    guest = UserFactory(roles=[Role.GUESTS])
    client = signed_in(guest)
    assert client.get(EDIT).status_code == 404
    assert client.post(EDIT, form_data(job_title="Vendor")).status_code == 404
    guest.profile.refresh_from_db()
    assert guest.profile.job_title == ""


def two_halves() -> bytes:
    """A 200 x 100 PNG: red on the left half, blue on the right."""
    drawing = PILImage.new("RGB", (200, 100), (0, 0, 255))
    drawing.paste((255, 0, 0), (0, 0, 100, 100))
    buffer = io.BytesIO()
    drawing.save(buffer, format="PNG")
    return buffer.getvalue()


def test_i_choose_the_square_my_avatar_shows(client, me):
    upload = SimpleUploadedFile("me.png", two_halves(), content_type="image/png")
    assert client.post(EDIT, {**form_data(), "photo_upload": upload}).status_code == 302
    me.refresh_from_db()
    page = client.get(EDIT).content.decode()
    assert 'data-testid="photo-crop"' in page
    assert 'name="crop_size" value="100"' in page  # the whole photo until I choose
    # The left half's centre, a square of 60 % of the height (no JavaScript needed).
    response = client.post(EDIT, form_data(crop_x="25", crop_y="50", crop_size="60"))
    assert response.status_code == 302
    photo = get_image_model().objects.get(pk=me.photo_id)
    assert (photo.focal_point_x, photo.focal_point_y) == (50, 50)
    assert (photo.focal_point_width, photo.focal_point_height) == (60, 60)
    # The avatar's rendition is that square: the red left half only, none of the blue.
    rendition = photo.get_rendition("fill-48x48-c100")
    assert (rendition.width, rendition.height) == (48, 48)
    with rendition.file.open("rb") as handle, PILImage.open(handle) as drawn:
        colours = {colour for _, colour in drawn.convert("RGB").getcolors()}
    assert colours == {(255, 0, 0)}
    assert 'name="crop_x" value="25"' in client.get(EDIT).content.decode()


def test_a_square_past_the_edge_is_kept_inside_the_photo(client, me):
    upload = SimpleUploadedFile("me.png", image_bytes(size=(200, 100)), content_type="image/png")
    client.post(EDIT, {**form_data(), "photo_upload": upload})
    client.post(EDIT, form_data(crop_x="100", crop_y="0", crop_size="100"))
    photo = get_image_model().objects.get(pk=Profile.objects.get(pk=me.pk).photo_id)
    assert (photo.focal_point_x, photo.focal_point_y, photo.focal_point_width) == (150, 50, 100)


@pytest.mark.parametrize(
    "crop", [{"crop_x": "-5"}, {"crop_size": "5"}, {"crop_y": "101"}, {"crop_x": "left"}]
)
def test_a_bad_crop_is_a_400_and_keeps_the_crop(client, me, crop):
    upload = SimpleUploadedFile("me.png", image_bytes(size=(200, 100)), content_type="image/png")
    client.post(EDIT, {**form_data(), "photo_upload": upload})
    data = form_data(crop_x="50", crop_y="50", crop_size="50", job_title="Changed")
    response = client.post(EDIT, {**data, **crop})
    assert response.status_code == 400
    photo = get_image_model().objects.get(pk=Profile.objects.get(pk=me.pk).photo_id)
    assert photo.focal_point_x is None
    assert Profile.objects.get(pk=me.pk).job_title == "Payroll lead"  # as before
