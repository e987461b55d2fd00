"""Prepare a seeded Hearth for the load test: staff accounts and what they will visit.

Run by bench/load/run.py after `seed_demo`, with the load settings in the environment:
`python -m bench.load.prepare USERS PASSWORD OUT.json`. Accounts are made the way the demo
makes people (the Employees group, a profile), so every request takes the real paths.
"""

import json
import sys

import django


def main(users: int, password: str, out: str) -> None:
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from core.permissions import viewable_pages
    from core.roles import Role
    from knowledge.models import KnowledgePage
    from knowledge.mustread import open_must_reads

    User = get_user_model()
    employees = Group.objects.get(name=Role.EMPLOYEES)
    hashed = make_password(password)
    names = [f"load{number:03d}" for number in range(1, users + 1)]
    User.objects.bulk_create(
        [
            User(
                username=name,
                email=f"{name}@example.com",
                first_name="Load",
                last_name=name,
                password=hashed,
            )
            for name in names
        ],
        ignore_conflicts=True,
    )
    accounts = list(User.objects.filter(username__in=names))
    employees.user_set.add(*accounts)

    reader = accounts[0]
    readable = viewable_pages(reader).type(KnowledgePage).live().order_by("path")
    pages = [{"id": page.id, "url": page.url} for page in readable.specific()[:40]]
    must_reads = [{"id": page.id, "url": page.url} for page in open_must_reads(reader)]
    plan = {"users": names, "pages": pages, "must_reads": must_reads}
    with open(out, "w") as handle:
        json.dump(plan, handle)
    print(
        f"prepare: {len(names)} accounts, {len(pages)} pages, {len(must_reads)} must-reads",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3])
