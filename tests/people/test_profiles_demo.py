"""The demo organisation's rich profiles: expertise, bios, photos and an org chart."""

from wagtail.images import get_image_model

from demo.loaders import people as demo
from people.models import Profile


def _seed():
    demo.seed(lambda message: None, "hearth-demo")


def test_demo_people_have_rich_profiles_and_an_org_chart(db):
    _seed()
    staff = Profile.objects.filter(user__username__in=[p["username"] for p in demo.demo_people()])
    assert staff.count() == len(demo.demo_people())
    for profile in staff.select_related("photo").prefetch_related("expertise"):
        assert profile.expertise.exists(), profile
        assert profile.ask_me_about and profile.bio and profile.employee_id, profile
        assert profile.photo is not None and profile.photo.collection.name == "Profile photos"
    assert staff.filter(manager__isnull=True).count() == 1  # the CEO
    employee = Profile.objects.get(user__username="employee")
    assert employee.manager.job_title == "Sales Manager"
    assert set(employee.expertise.names()) == {"crm", "negotiation", "pricing"}
    guest = Profile.objects.get(user__username="guest")
    assert guest.photo is None and not guest.expertise.exists()


def test_seeding_twice_changes_nothing(db):
    _seed()
    rows = list(
        Profile.objects.order_by("pk").values_list(
            "pk", "bio", "ask_me_about", "phone", "time_zone", "photo", "manager", "start_date"
        )
    )
    images = get_image_model().objects.count()
    _seed()
    assert get_image_model().objects.count() == images
    assert (
        list(
            Profile.objects.order_by("pk").values_list(
                "pk", "bio", "ask_me_about", "phone", "time_zone", "photo", "manager", "start_date"
            )
        )
        == rows
    )


def test_an_initials_avatar_is_a_png():
    data = demo.initials_avatar("Kemi Mensah", "#1f5f8b", size=64)
    assert data.startswith(b"\x89PNG")
