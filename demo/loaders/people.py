"""The demo organisation. people.csv is an HR export, imported with people.importing (the
importer behind `manage.py import_people`); its extra columns (username, pronouns, time
zone, phone, expertise, bio...) are what an HR export has not got, set here afterwards.
logins.yaml gives the demo sign-ins their roles. Accounts are made first, with the demo
password and the usernames the README names, so the import finds them by email."""

import csv
import io
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model

from core.models import User
from core.roles import Role
from demo.content import CONTENT, DemoContentError, read_yaml
from people.importing import import_people
from people.models import Location
from people.services import profile_photos_collection

PEOPLE_CSV = CONTENT / "people.csv"
PROFILE_COLUMNS = ("pronouns", "time_zone", "phone", "phone_visibility", "ask_me_about", "bio")
AVATAR_COLOURS = ["#1f5f8b", "#b5482b", "#2e6b3f", "#6b3fa0", "#8a5a00", "#24595e", "#7a2e4d"]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    roles: tuple[str, ...]  # group names, see core.roles.Role
    superuser: bool = False
    profile: dict | None = None  # for a login that is not in people.csv (the guest)


def demo_logins() -> list[DemoLogin]:
    """The demo sign-ins that README and `make run` print."""
    return [
        DemoLogin(
            entry["username"],
            tuple(entry["roles"]),
            entry.get("superuser", False),
            entry.get("profile"),
        )
        for entry in read_yaml("logins.yaml")
    ]


def _rows() -> list[dict[str, str]]:
    try:
        with PEOPLE_CSV.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except OSError as error:
        raise DemoContentError(f"{PEOPLE_CSV}: cannot be read ({error.strerror})") from error


def demo_people() -> list[dict[str, str]]:
    """The staff (people.csv without the demo sign-ins), in the file's order."""
    logins = {login.username for login in demo_logins()}
    return [row for row in _rows() if row["username"] not in logins]


def people_by_key(start: int = 0) -> dict[str, User]:
    """The demo sign-ins by username and the staff as "s<N>" (the N-th row of
    demo_people(), counted from `start`): how the YAML files name authors."""
    names = [login.username for login in demo_logins()]
    staff = [person["username"] for person in demo_people()]
    users = User.objects.in_bulk([*names, *staff], field_name="username")
    people = {name: users[name] for name in names if name in users}
    people.update({f"s{n}": users[name] for n, name in enumerate(staff, start) if name in users})
    return people


def initials_avatar(name: str, colour: str, size: int = 256) -> bytes:
    """A square with the person's initials: a photo without a photographer."""
    words = name.split()
    letters = (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size * 2 // 5)
    draw.text((size / 2, size / 2), letters, fill="#ffffff", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _give_photo(profile, collection) -> bool:
    """An initials avatar as the profile photo, unless the person has one already."""
    if profile.photo_id:
        return False
    name = profile.name
    colour = AVATAR_COLOURS[sum(map(ord, profile.user.username)) % len(AVATAR_COLOURS)]
    image = get_image_model()(
        title=f"Photo of {name}",
        collection=collection,
        file=ImageFile(
            io.BytesIO(initials_avatar(name, colour)), name=f"{profile.user.username}.png"
        ),
    )
    image.save()
    profile.photo = image
    return True


def seed(log, password: str) -> None:
    """Create or update the demo organisation and logins; changes nothing on a second run."""
    rows = _rows()
    logins = demo_logins()
    # One hash for every demo account: hashing is slow by design, and ~60 of them made a
    # first `make run` wait 20 seconds for nothing.
    password_hash = make_password(password)
    employees = Group.objects.get(name=Role.EMPLOYEES)
    with transaction.atomic():
        for row in rows:
            user, created = User.objects.get_or_create(
                username=row["username"],
                defaults={
                    "first_name": row["first_name"],
                    "last_name": row["last_name"],
                    "email": row["email"],
                    "password": password_hash,
                },
            )
            if created:
                user.groups.add(employees)
        report = import_people(PEOPLE_CSV.read_text(encoding="utf-8").splitlines(), progress=log)
        if report.errors:
            problems = "; ".join(f"line {error.line}: {error.message}" for error in report.errors)
            raise DemoContentError(f"{PEOPLE_CSV}: {problems}")
        collection = profile_photos_collection()
        photos = 0
        for row in rows:
            profile = User.objects.get(username=row["username"]).profile
            for name in PROFILE_COLUMNS:
                setattr(profile, name, row[name])
            photos += _give_photo(profile, collection)
            profile.save()
            profile.expertise.set([topic.strip() for topic in row["expertise"].split(";")])
        for login in logins:
            _login(login, password_hash)
    log(f"demo logins: {', '.join(login.username for login in logins)}")
    log(f"profiles: expertise, bios and org chart; {photos} new photos")


def _login(login: DemoLogin, password_hash: str) -> None:
    """Roles for a sign-in; the guest, who is not in people.csv, is made here."""
    details = login.profile or {}
    user, _created = User.objects.get_or_create(
        username=login.username,
        defaults={
            "first_name": details.get("first_name", ""),
            "last_name": details.get("last_name", ""),
            "email": f"{login.username}@example.com",
            "password": password_hash,
        },
    )
    if login.superuser and not user.is_superuser:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    user.groups.add(*Group.objects.filter(name__in=login.roles))
    if details:
        profile = user.profile
        profile.job_title = details["job_title"]
        profile.level = details["level"]
        profile.location = Location.objects.get(name=details["location"])
        profile.save()
