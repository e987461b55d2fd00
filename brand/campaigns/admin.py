"""Wagtail admin for the campaigns area (imported by brand/wagtail_hooks.py).

- Reports → Campaigns: every campaign with its schedule and channels, linking to its
  report (communications and administrators only);
- a "Campaign report" button in the campaign's editor header and page listing;
- the audit log's labels for what campaigns do on their own (go live, set a must-read,
  send the email).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from brand.campaigns import services as service
from brand.campaigns.models import CampaignPage
from core.reports import RestrictedReportView, WhenColumn, register_log_labels, register_report


class StatusColumn(Column):
    def get_value(self, instance):
        if instance.live and not (instance.expire_at and instance.expire_at <= _now()):
            return _("Live")
        if instance.expired or (instance.expire_at and instance.expire_at <= _now()):
            return _("Expired")
        if instance.go_live_at and instance.go_live_at > _now():
            return _("Scheduled")
        return _("Draft")


class ChannelsColumn(Column):
    def get_value(self, instance):
        channels = []
        if instance.show_banner:
            channels.append(str(_("banner")))
        if instance.must_read_page_id:
            channels.append(str(_("must-read")))
        if instance.send_email:
            channels.append(str(_("email sent") if instance.email_sent_at else _("email")))
        return ", ".join(channels) or "—"


def _now():
    return timezone.now()


class CampaignsReportView(RestrictedReportView):
    page_title = _("Campaigns")
    header_icon = "pick"
    index_url_name = "brand_campaigns_report"
    index_results_url_name = "brand_campaigns_report_results"
    export_filename = "campaigns"
    may_see = staticmethod(service.can_run_campaigns)
    list_export = ["title", "go_live_at", "expire_at", "live", "email_sent_at"]
    columns = [
        TitleColumn(
            "title",
            label=_("Campaign"),
            url_name="brand:campaign_report",
        ),
        StatusColumn("status", label=_("Status")),
        WhenColumn("go_live_at", label=_("Goes live")),
        DateColumn("first_published_at", label=_("First live")),
        WhenColumn("expire_at", label=_("Expires")),
        ChannelsColumn("channels", label=_("Channels")),
    ]

    def get_queryset(self):
        return CampaignPage.objects.order_by("-latest_revision_created_at", "-pk")


register_report(
    CampaignsReportView, "campaigns", label=_("Campaigns"), name="brand-campaigns", order=1250
)


def _report_button(page, user):
    """A "Campaign report" button on a campaign, for communications and administrators."""
    if issubclass(page.specific_class or type(page), CampaignPage) and service.can_run_campaigns(
        user
    ):
        yield PageMenuItem(
            _("Campaign report"),
            reverse("brand:campaign_report", args=[page.pk]),
            icon_name="pick",
            priority=60,
            page=page,
        )


@hooks.register("register_page_header_buttons")
def campaign_report_header_button(page, user, view_name=None, next_url=None):
    yield from _report_button(page, user)


@hooks.register("register_page_listing_more_buttons")
def campaign_report_listing_button(page, user, next_url=None):
    yield from _report_button(page, user)


# The audit log ----------------------------------------------------------------------------
LOG_ACTIONS = {
    service.LOG_WENT_LIVE: (
        _("Campaign channels"),
        _("Published live: opened the campaign's channels for its audience"),
    ),
    service.LOG_MUST_READ: (
        _("Campaign must-read"),
        _("Made the campaign's page a must-read for its audience"),
    ),
    service.LOG_MUST_READ_SKIPPED: (
        _("Campaign must-read skipped"),
        _("Could not make the must-read: the publisher cannot edit that page"),
    ),
    service.LOG_EMAIL_SENT: (_("Campaign email"), _("Sent the campaign's email")),
}


register_log_labels(LOG_ACTIONS)
