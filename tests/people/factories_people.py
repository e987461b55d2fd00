"""Helpers that build people for the people tests: a staff member with a profile set up."""

import io

from PIL import Image as PILImage

from core.roles import Role
from people.models import Profile
from tests.factories import DepartmentFactory, LocationFactory, UserFactory


def person(
    username: str,
    *,
    first_name: str = "",
    last_name: str = "",
    roles=(Role.EMPLOYEES,),
    department: str | None = None,
    location: str | None = None,
    manager: Profile | None = None,
    expertise=(),
    **fields,
) -> Profile:
    """A user (in `roles`) and their profile with the given organisation and details."""
    user = UserFactory(
        username=username,
        first_name=first_name or username.split(".")[0].title(),
        last_name=last_name or (username.split(".")[1].title() if "." in username else "Person"),
        roles=list(roles),
    )
    profile = user.profile
    if department:
        profile.department = DepartmentFactory(name=department)
    if location:
        profile.location = LocationFactory(name=location)
    profile.manager = manager
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    if expertise:
        profile.expertise.set(list(expertise))
    return profile


def photo(title: str = "photo", **kwargs):
    """A Wagtail image (a small PNG) for a profile photo."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(image_bytes(**kwargs)), name=f"{title}.png")
    )


def image_bytes(image_format: str = "PNG", size=(64, 64), colour=(31, 95, 139)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()
