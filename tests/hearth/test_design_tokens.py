"""Colours are design tokens: no stylesheet or template names a colour except the token
file (hearth/static/hearth/css/tokens.css) and the brand setting's own rendering
(templates/components/theme.html). Everything else says `var(--color-…)`, or
`{% token "…" %}` where custom properties cannot reach (e-mails, the PDF), so themes,
dark mode and high contrast reach every page."""

import re
from pathlib import Path

import pytest

from core import tokens

REPO = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "media", ".git", "tests", "build", "var", "docs"}
ALLOWED = {
    Path("hearth/static/hearth/css/tokens.css"),
    Path("templates/components/theme.html"),
}

# A hex colour (not an anchor such as href="#main" or href="#add"),
# a colour function, or a named colour given to a colour property.
HEX = re.compile(
    r"(?<![\w&/#])(?<!href=\")(?<!href=')"
    r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})(?![\w-])"
)
FUNCTION = re.compile(r"\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(", re.I)
NAMED = re.compile(
    r"(?:color|background(?:-color)?|border(?:-[a-z]+)*|outline(?:-color)?|fill|stroke|"
    r"text-decoration(?:-color)?|box-shadow)\s*[:=]\s*\"?[^;\"}]*?"
    r"(?<![\w-])(white|black|red|green|blue|yellow|orange|purple|gr[ae]y|silver|navy|maroon)(?![\w-])",
    re.I,
)


def project_files() -> list[Path]:
    """Every stylesheet and template of the project: the apps' own static and template
    folders, not the virtualenv, the collected /static/ or the tests."""
    found = []
    for suffix in ("*.css", "*.html"):
        for path in REPO.rglob(suffix):
            relative = path.relative_to(REPO)
            if SKIP & set(relative.parts) or relative.parts[0] == "static":
                continue
            found.append(relative)
    return sorted(found)


def colour_literals(text: str) -> list[str]:
    return (
        [m.group(0) for m in HEX.finditer(text)]
        + [m.group(0) for m in FUNCTION.finditer(text)]
        + [m.group(1) for m in NAMED.finditer(text)]
    )


FILES = project_files()


def test_the_walk_finds_stylesheets_and_templates():
    names = {path.as_posix() for path in FILES}
    assert "hearth/static/hearth/css/hearth.css" in names
    assert "brand/static/brand/vision.css" in names
    assert "templates/base.html" in names
    assert "community/templates/community/email/digest.html" in names
    assert not any(".venv" in path.parts for path in FILES)


def test_the_check_sees_each_kind_of_literal():
    assert colour_literals(".a { color: #1f5f8b; }") == ["#1f5f8b"]
    assert colour_literals('<p style="color: #555">') == ["#555"]
    assert colour_literals("box-shadow: 0 2px 6px rgba(0, 0, 0, .2);") == ["rgba("]
    assert colour_literals(".b { background: white; }") == ["white"]
    assert colour_literals('<a href="#main">') == []
    assert colour_literals('<a href="#add">') == []
    assert colour_literals(".c { color: var(--color-text); border: 1px solid currentColor; }") == []


@pytest.mark.parametrize("path", [p for p in FILES if p not in ALLOWED], ids=str)
def test_no_colour_outside_the_tokens(path):
    found = colour_literals((REPO / path).read_text())
    assert not found, f"{path} names colours {found}: use a token from tokens.css"


def test_the_dark_theme_is_written_once():
    """Each dark colour is written once, as light-dark(light, dark) beside its light value,
    and color-scheme chooses: the system's preference on the page, the person's choice on
    html[data-theme] (tests/browser/test_layout.py shows both in Chromium)."""
    text = tokens.TOKEN_FILE.read_text()
    assert "prefers-color-scheme" not in text
    blocks = tokens._blocks()
    assert blocks['[data-theme="dark"]'] == {}
    assert "color-scheme: dark;" in text.split('[data-theme="dark"] {', 1)[1].split("}", 1)[0]
    themed = [t.name for t in tokens.tokens() if "light-dark(" in t.value]
    assert "neutral-0" in themed and "color-primary-strong" in themed and "shadow-1" in themed
    light, dark = tokens.values("light"), tokens.values("dark")
    assert (light["color-surface"], dark["color-surface"]) == ("#ffffff", "#1c2127")
    assert light["shadow-1"] == "0 1px 2px rgba(0, 0, 0, .08)"
    assert dark["shadow-1"] == "0 1px 2px rgba(0, 0, 0, .5)"
    for name in themed:
        assert light[name] != dark[name], name


def test_the_system_contrast_is_the_chosen_contrast():
    """High contrast is still written for the choice and for the system's preference: the
    two copies say the same."""
    text = tokens.TOKEN_FILE.read_text()
    chosen = text.split(':root[data-contrast="more"] {', 1)[1].split("}", 1)[0]
    system = text.split(':root:not([data-contrast="normal"]) {', 1)[1].split("}", 1)[0]
    assert " ".join(chosen.split()) == " ".join(system.split())


def test_the_token_tag_gives_e_mails_the_token_value(rf):
    from django.template import Context, Template

    html = Template('{% load hearth_tokens %}<p style="color: {% token "color-text" %}">').render(
        Context()
    )
    assert html == f'<p style="color: {tokens.values()["color-text"]}">'
