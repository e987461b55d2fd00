"""The partner portal opened to the guest login, as guests.yaml says."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.models import User
from demo.content import read_yaml
from demo.loaders.knowledge import ensure_space
from people.models import GuestAccess


def seed(log, password: str) -> None:
    data = read_yaml("guests.yaml")
    space, _new = ensure_space(data["space"])
    if space is None:
        log("partner portal: skipped (no knowledge index or no space owner)")
        return
    users = {user.username: user for user in User.objects.filter(is_active=True)}
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
