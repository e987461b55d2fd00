"""With HEARTH_LOGIN_REQUIRED off, the site serves anonymous readers without errors."""

from django.conf import settings
from django.test import Client, override_settings

from tests.factories import StandardPageFactory

OPEN_MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("LoginRequiredMiddleware")]


@override_settings(MIDDLEWARE=OPEN_MIDDLEWARE)
def test_anonymous_readers_see_public_pages_but_not_private_ones(home):
    from wagtail.models import PageViewRestriction

    public = StandardPageFactory(parent=home, title="Office opening hours")
    public.save_revision().publish(skip_permission_checks=True)
    private = StandardPageFactory(parent=home, title="Staff-only roadmap")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    client = Client()
    html = client.get("/").content.decode()
    assert "Office opening hours" in html
    assert "Staff-only roadmap" not in html
    assert "Sign in" in html
    assert client.get(public.url).status_code == 200
    assert client.get(private.url).status_code == 302  # Wagtail asks for sign-in
