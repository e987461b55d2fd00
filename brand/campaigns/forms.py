"""The campaign page's form in Wagtail's editor."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from brand.audience.forms import AudiencePageForm
from core.permissions import may_govern


class CampaignPageForm(AudiencePageForm):
    """A campaign's must-read channel needs a page whose must-read its editor governs."""

    def clean(self):
        cleaned = super().clean()
        page = cleaned.get("must_read_page")
        user = self.for_user
        if page is not None and user is not None and not may_govern(user, page):
            self.add_error(
                "must_read_page",
                _(
                    "Only the page's space owners, communications and administrators can make "
                    "it a must-read. Ask its space owner."
                ),
            )
        if cleaned.get("send_email") and not (cleaned.get("email_subject") or "").strip():
            cleaned["email_subject"] = cleaned.get("title") or ""
        return cleaned
