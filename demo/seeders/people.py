"""The demo organisation: deterministic people for `manage.py seed_demo`."""

import datetime as dt
import io
import random
from dataclasses import dataclass

from people.models import Level

DEPARTMENTS = {
    "Engineering": [
        "python",
        "kubernetes",
        "security",
        "databases",
        "frontend",
        "incident response",
    ],
    "People & HR": [
        "onboarding",
        "benefits",
        "payroll",
        "recruiting",
        "wellbeing",
        "parental leave",
    ],
    "Sales": ["negotiation", "crm", "enterprise deals", "pricing", "partnerships", "forecasting"],
    "Marketing & Communications": [
        "brand",
        "copywriting",
        "events",
        "social media",
        "design",
        "campaigns",
    ],
    "Finance": ["budgeting", "expenses", "procurement", "audit", "tax", "invoicing"],
    "Operations": [
        "facilities",
        "it support",
        "travel",
        "vendor management",
        "laptops",
        "office moves",
    ],
}
LOCATIONS = ["Berlin", "London", "Remote"]
FIRST_NAMES = [
    "Ada", "Ben", "Chiara", "Dmitri", "Efua", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemi",
    "Lars", "Maya", "Nikhil", "Olga", "Pablo", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor",
    "Wen", "Ximena", "Yusuf", "Zofia", "Amira", "Bruno", "Carmen", "Deniz",
]  # fmt: skip
LAST_NAMES = [
    "Andersen", "Bauer", "Costa", "Dubois", "Eze", "Fischer", "García", "Hansen", "Ibrahim",
    "Jensen", "Kowalski", "Lindqvist", "Mensah", "Novak", "Okafor", "Patel", "Quaresma", "Rossi",
    "Schmidt", "Tanaka", "Umarov", "Varga", "Weber", "Xu", "Yilmaz", "Zhang",
]  # fmt: skip
ICS_PER_DEPARTMENT = 7


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    job_title: str
    department: str | None
    level: str
    location: str
    manager: str | None
    expertise: tuple[str, ...]


def demo_people(seed: int = 2026) -> list[DemoPerson]:
    """57 staff: 3 executives, then per department a director, a manager and 7 ICs."""
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data, not security
    names = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    used: set[str] = set()

    def person(title, department, level, manager, expertise) -> DemoPerson:
        first, last = names.pop()
        username = f"{first}.{last}".lower().replace("í", "i")
        while username in used:  # pragma: no cover - the shuffled pairs are unique
            first, last = names.pop()
            username = f"{first}.{last}".lower()
        used.add(username)
        return DemoPerson(
            username, first, last, title, department, level, rng.choice(LOCATIONS), manager,
            tuple(expertise),
        )  # fmt: skip

    ceo = person("Chief Executive Officer", "Operations", Level.EXECUTIVE, None, ["strategy"])
    cto = person(
        "Chief Technology Officer", "Engineering", Level.EXECUTIVE, ceo.username, ["architecture"]
    )
    cfo = person("Chief Financial Officer", "Finance", Level.EXECUTIVE, ceo.username, ["budgeting"])
    people = [ceo, cto, cfo]
    for department, topics in DEPARTMENTS.items():
        boss = cto.username if department == "Engineering" else ceo.username
        director = person(f"Director, {department}", department, Level.DIRECTOR, boss, topics[:2])
        manager = person(
            f"{department} Manager", department, Level.MANAGER, director.username, topics[2:4]
        )
        people += [director, manager]
        for _ in range(ICS_PER_DEPARTMENT):
            expertise = rng.sample(topics, 2)
            people.append(
                person(f"{department} Specialist", department, Level.INDIVIDUAL_CONTRIBUTOR,
                       manager.username, expertise)
            )  # fmt: skip
    return people


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    job_title: str
    department: str | None
    level: str
    roles: tuple[str, ...]  # group names, see core.roles.Role
    superuser: bool = False


# The demo sign-ins that README and `make run` print.
DEMO_LOGINS = [
    DemoLogin("admin", "Alex", "Admin", "Platform administrator", "Operations", Level.MANAGER, ("Administrators", "Employees"), superuser=True),
    DemoLogin("editor", "Eden", "Editor", "Technical writer", "Engineering", Level.INDIVIDUAL_CONTRIBUTOR, ("Editors", "Employees")),
    DemoLogin("owner", "Oona", "Owner", "Engineering Manager", "Engineering", Level.MANAGER, ("Space owners", "Editors", "Employees")),
    DemoLogin("comms", "Cam", "Comms", "Internal Communications Lead", "Marketing & Communications", Level.MANAGER, ("Communications", "Editors", "Employees")),
    DemoLogin("moderator", "Morgan", "Moderator", "Community Manager", "People & HR", Level.INDIVIDUAL_CONTRIBUTOR, ("Moderators", "Employees")),
    DemoLogin("employee", "Emma", "Employee", "Sales Specialist", "Sales", Level.INDIVIDUAL_CONTRIBUTOR, ("Employees",)),
    DemoLogin("guest", "Gus", "Guest", "Partner consultant (Acme Supplies)", None, Level.INDIVIDUAL_CONTRIBUTOR, ("Guests",)),
]  # fmt: skip


# Rich profiles ---------------------------------------------------------------------------
PRONOUNS = ["she/her", "he/him", "they/them", "", "", ""]
TIME_ZONES = {
    "Berlin": ["Europe/Berlin"],
    "London": ["Europe/London"],
    "Remote": ["Europe/Lisbon", "America/New_York", "Asia/Singapore", "Africa/Lagos"],
}
BIO_OPENINGS = [
    "Joined us {years} ago from a scale-up where I did much the same, only with fewer docs.",
    "I have been here {years} and still learn something new about {topic} every week.",
    "Before this I spent a few years consulting; {years} here now.",
    "Here for {years}. I like turning tribal knowledge about {topic} into pages people find.",
]
BIO_CLOSINGS = [
    "Outside work: cycling, bad puns and an over-ambitious vegetable patch.",
    "Happy to pair on anything gnarly; book a slot in my calendar.",
    "I answer questions faster in the wiki than in chat, so ask there.",
    "Ask me for the history behind a decision, I was probably in the room.",
]
AVATAR_COLOURS = ["#1f5f8b", "#b5482b", "#2e6b3f", "#6b3fa0", "#8a5a00", "#24595e", "#7a2e4d"]

# The demo logins sit in the org chart too: (manager's job title in demo_people(), expertise).
LOGIN_DETAILS = {
    "admin": ("Chief Executive Officer", ("it support", "laptops", "security")),
    "editor": ("Engineering Manager", ("technical writing", "python", "documentation")),
    "owner": ("Director, Engineering", ("kubernetes", "incident response", "architecture")),
    "comms": ("Director, Marketing & Communications", ("brand", "campaigns", "copywriting")),
    "moderator": ("People & HR Manager", ("community", "wellbeing", "onboarding")),
    "employee": ("Sales Manager", ("crm", "negotiation", "pricing")),
}


def profile_details(username: str, location: str, expertise: tuple[str, ...]) -> dict:
    """Pronouns, time zone, phone, bio and "ask me about" for one person: the same every run
    (seeded by the username, so adding people never reshuffles the others)."""
    rng = random.Random(f"hearth-profile-{username}")  # noqa: S311 - repeatable demo data
    topics = list(expertise) or ["how things work here"]
    years = rng.choice(["two years", "three years", "five years", "eight months", "a decade"])
    bio = " ".join(
        [
            rng.choice(BIO_OPENINGS).format(years=years, topic=topics[0]),
            rng.choice(BIO_CLOSINGS),
        ]
    )
    asks = ", ".join(topics[:-1]) + (" and " if len(topics) > 1 else "") + topics[-1]
    number = rng.randint(1000, 9999)
    return {
        "pronouns": rng.choice(PRONOUNS),
        "time_zone": rng.choice(TIME_ZONES.get(location, ["UTC"])),
        "phone": f"+44 20 7946 {number}" if location == "London" else f"+49 30 5550 {number}",
        "phone_visibility": rng.choice(["staff", "staff", "team", "me"]),
        "ask_me_about": f"Anything about {asks}; if I do not know, I know who does.",
        "bio": bio,
        "employee_id": f"E{sum(map(ord, username)) * 7 % 90000 + 10000}",
        "start_date": _start_date(rng),
    }


def _start_date(rng: random.Random) -> dt.date:
    return dt.date(2016, 1, 4) + dt.timedelta(days=rng.randint(0, 3400))


def initials_avatar(name: str, colour: str, size: int = 256) -> bytes:
    """A square with the person's initials: a photo without a photographer."""
    from PIL import Image, ImageDraw, ImageFont

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
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

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
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction

    from core.models import User
    from people.models import Department, Location, Profile
    from people.services import profile_photos_collection

    # One hash for every demo account: hashing is slow by design, and ~60 of them made a
    # first `make run` wait 20 seconds for nothing.
    password_hash = make_password(password)
    with transaction.atomic():
        departments = {name: Department.objects.get_or_create(name=name)[0] for name in DEPARTMENTS}
        locations = {name: Location.objects.get_or_create(name=name)[0] for name in LOCATIONS}
        log(f"{len(departments)} departments, {len(locations)} locations")

        staff = demo_people()
        profiles: dict[str, Profile] = {}
        photo_collection = profile_photos_collection()
        photos = 0
        for number, person in enumerate(staff, start=1):
            user, created = User.objects.get_or_create(
                username=person.username,
                defaults={
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                    "email": f"{person.username}@example.com",
                },
            )
            if created:
                user.password = password_hash
                user.save(update_fields=["password"])
                user.groups.add(Group.objects.get(name="Employees"))
            profile = user.profile
            profile.job_title = person.job_title
            profile.department = departments.get(person.department)
            profile.level = person.level
            profile.location = locations[person.location]
            profile.manager = profiles.get(person.manager) if person.manager else None
            for name, value in profile_details(
                person.username, person.location, person.expertise
            ).items():
                setattr(profile, name, value)
            photos += _give_photo(profile, photo_collection)
            profile.save()
            profile.expertise.set(list(person.expertise))
            profiles[person.username] = profile
            if number % 20 == 0 or number == len(staff):
                log(f"staff: {number}/{len(staff)}")

        titles = {person.job_title: person.username for person in staff}
        by_title = {title: profiles[username] for title, username in titles.items()}
        for login in DEMO_LOGINS:
            user, created = User.objects.get_or_create(
                username=login.username,
                defaults={
                    "first_name": login.first_name,
                    "last_name": login.last_name,
                    "email": f"{login.username}@example.com",
                    "is_superuser": login.superuser,
                    "is_staff": login.superuser,
                },
            )
            if created:
                user.password = password_hash
                user.save(update_fields=["password"])
            user.groups.add(*Group.objects.filter(name__in=login.roles))
            profile = user.profile
            profile.job_title = login.job_title
            profile.department = departments.get(login.department)
            profile.level = login.level
            profile.location = locations["London"]
            if login.username in LOGIN_DETAILS:
                manager_title, expertise = LOGIN_DETAILS[login.username]
                profile.manager = by_title.get(manager_title)
                for name, value in profile_details(login.username, "London", expertise).items():
                    setattr(profile, name, value)
                photos += _give_photo(profile, photo_collection)
                profile.save()
                profile.expertise.set(list(expertise))
            else:
                profile.save()
        log(f"demo logins: {', '.join(login.username for login in DEMO_LOGINS)}")
        log(f"profiles: expertise, bios and org chart; {photos} new photos")
