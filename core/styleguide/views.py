"""The style guide's one view: who may see it (staff: the policy's "staff" action, so
never a guest; anonymous visitors meet the sign-in wall first) and what it shows."""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Site

from core import tokens
from core.models import BrandSettings
from core.policy import Action, policy
from core.styleguide.forms import SampleForm

THEMES = (("light", _("Light")), ("dark", _("Dark")))


def _brand(request: HttpRequest) -> tuple[dict[str, str], BrandSettings]:
    brand = BrandSettings.for_request(request)
    return {
        "brand-primary": brand.primary_colour,
        "brand-on-primary": brand.on_primary_colour,
        "brand-secondary": brand.secondary_colour,
        "brand-on-secondary": brand.on_secondary_colour,
    }, brand


def _swatches(brand_values: dict[str, str]) -> list[dict]:
    """Each colour token with its value and its contrast against the surface, per theme."""
    themes = {theme: tokens.values(theme, brand_values) for theme, _label in THEMES}
    rows = []
    for token in tokens.tokens():
        light = themes["light"][token.name]
        if not light.startswith("#"):
            continue
        rows.append(
            {
                "name": token.name,
                "group": token.group,
                "themes": [
                    {
                        "theme": theme,
                        "value": themes[theme][token.name],
                        "contrast": tokens.contrast_ratio(
                            themes[theme][token.name], themes[theme]["color-surface"]
                        ),
                    }
                    for theme, _label in THEMES
                ],
            }
        )
    return rows


def _pairs(brand_values: dict[str, str]) -> list[dict]:
    return [
        {
            "text": text,
            "surface": surface,
            "ratios": [
                tokens.contrast(theme, text, surface, brand_values)
                for theme in ("light", "dark", "contrast")
            ],
        }
        for text, surface in tokens.TEXT_PAIRS
    ]


@require_GET
def styleguide(request: HttpRequest) -> HttpResponse:
    if not policy.user_has_permission(request.user, Action.STAFF):
        raise PermissionDenied(_("The style guide is for staff."))
    brand_values, brand = _brand(request)
    site = Site.find_for_request(request)
    home = site.root_page if site else None
    theme_forms = []
    for theme, label in THEMES:
        # One form a theme (its own ids), bound so a field shows its error and help text.
        form = SampleForm({f"{theme}-title": "", f"{theme}-kind": "guide"}, prefix=theme)
        form.is_valid()
        theme_forms.append((theme, label, form))
    samples = Paginator([f"Item {n}" for n in range(1, 10)], 3).page(2)
    other = [token for token in tokens.tokens() if not tokens.values()[token.name].startswith("#")]
    context = {
        "themes": THEMES,
        "swatches": _swatches(brand_values),
        "pairs": _pairs(brand_values),
        "scales": other,
        "theme_forms": theme_forms,
        "home": home,
        "pages": [home] if home else [],
        "page_obj": samples,
        "items": samples.object_list,
        "person": SimpleNamespace(name="Kemi Mensah", photo=None),
        "person_with_photo": SimpleNamespace(name=brand.organisation_name, photo=brand.logo)
        if brand.logo_id
        else None,
        "tabs": [
            {"label": _("Overview"), "url": "#tabs", "current": True},
            {"label": _("History"), "url": "#tabs"},
            {"label": _("Discussion"), "url": "#tabs"},
        ],
        "tree": [
            {
                "title": _("Getting started"),
                "url": "#layouts",
                "open": True,
                "children": [
                    {"title": _("Your first week"), "url": "#layouts", "current": True},
                    {"title": _("Tools and accounts"), "url": "#layouts"},
                ],
            },
            {
                "title": _("Policies"),
                "url": "#layouts",
                "children": [
                    {"title": _("Travel"), "url": "#layouts"},
                ],
            },
            {"title": _("Contacts"), "url": "#layouts"},
        ],
        "figures": [
            {"label": _("pages"), "value": 230, "href": "#layouts"},
            {"label": _("verified"), "value": "81%", "note": _("187 of 230")},
            {"label": _("review due"), "value": 31, "href": "#layouts"},
            {"label": _("stale"), "value": 12},
        ],
        "chart_rows": [
            {
                "label": label,
                "value": value,
                "x": 30 + 70 * n,
                "y": 90 - 4 * value,
                "height": 4 * value,
            }
            for n, (label, value) in enumerate([(_("Jan"), 12), (_("Feb"), 18), (_("Mar"), 9)])
        ],
    }
    return render(request, "core/styleguide/styleguide.html", context)
