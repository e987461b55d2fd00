"""The partner portal opened to the guest login, as guests.yaml says."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.models import User
from demo.content import read_yaml
from demo.loaders.knowledge import add_space
from knowledge.models import KnowledgeIndexPage, SpacePage
from people.models import GuestAccess


def seed(log, password: str) -> None:
    data = read_yaml("guests.yaml")
    spec = data["space"]
    index = KnowledgeIndexPage.objects.first()
    users = {user.username: user for user in User.objects.filter(is_active=True)}
    if index is None or not set(spec["owners"]) <= set(users):
        log("partner portal: skipped (no knowledge index or no space owner)")
        return
    space = SpacePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if space is None:
        space = add_space(index, spec, users)
    now = timezone.now()
    with transaction.atomic():
        for access in data["access"]:
            guest = users.get(access["user"])
            if (
                guest is None
                or GuestAccess.objects.active(now).filter(user=guest, space=space).exists()
            ):
                continue
            GuestAccess.objects.create(
                user=guest,
                space=space,
                can_comment=access["can_comment"],
                expires_at=now + timedelta(days=access["days"]),
                granted_by=users[access["granted_by"]],
            )
    log(f"partner portal: {space.get_children().count()} pages, opened to the guest login")
