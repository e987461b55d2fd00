"""The demo organisation: deterministic people for `manage.py seed_demo`."""

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


def seed(log, password: str) -> None:
    """Create or update the demo organisation and logins; changes nothing on a second run."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction

    from core.models import User
    from people.models import Department, Location, Profile

    # One hash for every demo account: hashing is slow by design, and ~60 of them made a
    # first `make run` wait 20 seconds for nothing.
    password_hash = make_password(password)
    with transaction.atomic():
        departments = {name: Department.objects.get_or_create(name=name)[0] for name in DEPARTMENTS}
        locations = {name: Location.objects.get_or_create(name=name)[0] for name in LOCATIONS}
        log(f"{len(departments)} departments, {len(locations)} locations")

        staff = demo_people()
        profiles: dict[str, Profile] = {}
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
            profile.save()
            profile.expertise.set(list(person.expertise))
            profiles[person.username] = profile
            if number % 20 == 0 or number == len(staff):
                log(f"staff: {number}/{len(staff)}")

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
            profile.save()
        log(f"demo logins: {', '.join(login.username for login in DEMO_LOGINS)}")
