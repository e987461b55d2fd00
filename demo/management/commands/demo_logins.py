from django.conf import settings
from django.core.management.base import BaseCommand

from core.models import User
from demo.loaders.people import demo_logins


class Command(BaseCommand):
    help = "Print the local URL and the demo sign-ins that exist in this database."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port: int, **options):
        url = f"http://127.0.0.1:{port}"
        logins = demo_logins()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Hearth is starting on {url}"))
        existing = set(
            User.objects.filter(username__in=[login.username for login in logins]).values_list(
                "username", flat=True
            )
        )
        if existing:
            self.stdout.write(f"Demo sign-ins (password: {settings.HEARTH_DEMO_PASSWORD}):")
            for login in logins:
                if login.username in existing:
                    self.stdout.write(f"  {login.username:<10} {', '.join(login.roles)}")
        self.stdout.write(f"Editor dashboard: {url}/admin/   Stop with Ctrl+C.")
        self.stdout.write("")
