"""Wagtail admin for the vision area (imported by brand/wagtail_hooks.py).

Reports → Vision feedback: every statement with its respondents and mean answers
(latest answers; statements with fewer respondents than the threshold show no means),
linking to each statement's full results. Communications and administrators only.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn

from brand.vision import services as service
from brand.vision.suppression import min_group
from core.reports import RestrictedReportView, register_report

SUPPRESSED = _("suppressed")


class MeanColumn(Column):
    def get_value(self, instance):
        value = getattr(instance, self.accessor, None)
        if instance.means_suppressed:
            return SUPPRESSED if instance.respondents else "—"
        return "—" if value is None else f"{value:.2f}"


class SponsorColumn(Column):
    def get_value(self, instance):
        return instance.sponsor.display_name if instance.sponsor else "—"


class VisionFeedbackReportView(RestrictedReportView):
    page_title = _("Vision feedback")
    header_icon = "openquote"
    index_url_name = "brand_vision_report"
    index_results_url_name = "brand_vision_report_results"
    export_filename = "vision-feedback"
    may_see = staticmethod(service.can_see_any_results)
    list_export = [
        "title",
        "kind",
        "respondents",
        "shown_understand",
        "shown_agree",
        "shown_contribute",
    ]
    export_headings = {
        "shown_understand": _("I understand this (mean)"),
        "shown_agree": _("I agree with this (mean)"),
        "shown_contribute": _("I know how my work contributes (mean)"),
    }
    columns = [
        TitleColumn("title", label=_("Statement"), url_name="brand:statement_results"),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        SponsorColumn("sponsor", label=_("Sponsor")),
        Column("respondents", label=_("Respondents")),
        MeanColumn("avg_understand", label=_("I understand this")),
        MeanColumn("avg_agree", label=_("I agree with this")),
        MeanColumn("avg_contribute", label=_("I know how my work contributes")),
    ]

    def get_queryset(self):
        return service.statements_report(self.request.user)

    def decorate_paginated_queryset(self, object_list):
        threshold = min_group()
        for statement in object_list:
            statement.means_suppressed = statement.respondents < threshold
            for name in service.QUESTION_NAMES:
                value = getattr(statement, f"avg_{name}")
                shown = "" if value is None else round(value, 2)
                setattr(
                    statement,
                    f"shown_{name}",
                    str(SUPPRESSED) if statement.means_suppressed else shown,
                )
        return object_list


register_report(
    VisionFeedbackReportView,
    "vision-feedback",
    label=_("Vision feedback"),
    name="brand-vision-feedback",
    order=1240,
)
