"""The design tokens (hearth/static/hearth/css/tokens.css) read as values.

The stylesheet is the one source of the colours. Python reads it where CSS custom
properties cannot reach: e-mails (mail clients ignore `var()`), the style guide's contrast
ratios, and the tests that hold text and surfaces to WCAG's 4.5:1 in every theme.

Only what the token file uses is understood: hex colours, `var(--name)`,
`color-mix(in srgb, A p%, B)` and `light-dark(A, B)` (the one place a colour's dark value is
written: the browser picks by `color-scheme`, `values()` by the theme asked for).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from core.colour import contrast_ratio

TOKEN_FILE = Path(settings.BASE_DIR) / "hearth" / "static" / "hearth" / "css" / "tokens.css"

# The blocks of the token file: the brand's defaults, the tokens (every element with a
# theme of its own re-declares them) and high contrast, drawn over light or dark. A colour
# that differs in the dark is written once in BASE as `light-dark(light, dark)`.
BRAND = ":root"
BASE = ":root, [data-theme]"
CONTRAST = ':root[data-contrast="more"]'
THEMES = ("light", "dark", "contrast")

_DECLARATION = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_VAR = re.compile(r"^var\((--[\w-]+)\)$")
_MIX = re.compile(r"^color-mix\(in srgb,\s*(.+?)\s+(\d+(?:\.\d+)?)%,\s*(.+)\)$")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_LIGHT_DARK = "light-dark("


@dataclass(frozen=True)
class Token:
    name: str  # without the leading dashes
    value: str  # as written in the file
    group: str  # the comment heading it in the base block


@functools.cache
def _blocks() -> dict[str, dict[str, str]]:
    """Each top-level block's declarations (blocks inside @media repeat a top-level one)."""
    text = _COMMENT.sub("", TOKEN_FILE.read_text())
    found: dict[str, dict[str, str]] = {}
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char == "{":
            if depth == 0:
                start = index
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                selector = text[text.rfind("}", 0, start) + 1 : start].strip()
                body = text[start + 1 : index]
                if "{" not in body:
                    found.setdefault(selector, {}).update(_DECLARATION.findall(body))
    return found


@functools.cache
def tokens() -> list[Token]:
    """The brand's tokens and the base block's in file order, each under the comment that
    heads its group (values as written: a themed colour reads `light-dark(…, …)`)."""
    text = TOKEN_FILE.read_text()
    body = text[text.index(":root {") : text.index("\n}", text.index(BASE + " {"))]
    result, group = [], ""
    for match in re.finditer(r"/\*\s*(.+?)(?:[.:(]|\s*\*/)|" + _DECLARATION.pattern, body, re.S):
        if match.group(1):
            group = match.group(1).strip()
        else:
            value = " ".join(match.group(3).split()).replace("( ", "(").replace(" )", ")")
            result.append(Token(match.group(2)[2:], value, group))
    return result


def _split_arguments(text: str, start: int) -> tuple[list[str], int]:
    """The comma-separated arguments of the function whose "(" is at `start`, and the
    index after its ")"."""
    arguments, depth, begin = [], 0, start + 1
    for index in range(start, len(text)):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                arguments.append(text[begin:index].strip())
                return arguments, index + 1
        elif char == "," and depth == 1:
            arguments.append(text[begin:index].strip())
            begin = index + 1
    raise ValueError(f"unbalanced parentheses in {text!r}")


def _pick(value: str, dark: bool) -> str:
    """`value` with each `light-dark(a, b)` in it replaced by `a`, or `b` in the dark."""
    while (start := value.find(_LIGHT_DARK)) != -1:
        arguments, end = _split_arguments(value, start + len(_LIGHT_DARK) - 1)
        light, dark_value = arguments
        value = value[:start] + (dark_value if dark else light) + value[end:]
    return value


def _mix(first: str, percent: float, second: str) -> str:
    a = [int(first[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(second[i : i + 2], 16) for i in (1, 3, 5)]
    share = percent / 100
    return "#" + "".join(
        f"{round(x * share + y * (1 - share)):02x}" for x, y in zip(a, b, strict=True)
    )


def values(theme: str = "light", brand: dict[str, str] | None = None) -> dict[str, str]:
    """Every colour token of `theme` resolved to a hex colour (others as written),
    with the brand setting's colours (`{"brand-primary": "#…"}`) in place of the defaults."""
    blocks = _blocks()
    raw = {**blocks[BRAND], **blocks[BASE]}
    if theme == "contrast":
        raw.update(blocks[CONTRAST])
    elif theme not in THEMES:
        raise ValueError(f"no theme {theme!r}")
    for name, value in (brand or {}).items():
        raw[f"--{name}"] = value
    raw = {name: _pick(value, dark=theme == "dark") for name, value in raw.items()}

    resolved: dict[str, str] = {}

    def resolve(value: str, seen: tuple[str, ...] = ()) -> str:
        value = value.strip()
        var = _VAR.match(value)
        if var:
            name = var.group(1)
            if name in seen:
                raise ValueError(f"{name} refers to itself")
            return resolve(raw[name], (*seen, name))
        mix = _MIX.match(value)
        if mix:
            first, second = resolve(mix.group(1), seen), resolve(mix.group(3), seen)
            return _mix(first, float(mix.group(2)), second)
        return value.lower() if _HEX.match(value) else value

    for name, value in raw.items():
        resolved[name[2:]] = resolve(value, (name,))
    return resolved


def value(name: str) -> str:
    """A token's light value, for e-mails (`{% token "color-text" %}`)."""
    return values()[name]


# The text and surface pairs held to 4.5:1 in every theme (the style guide shows them).
TEXT_PAIRS = (
    ("color-text", "color-surface"),
    ("color-text", "color-canvas"),
    ("color-text-muted", "color-surface"),
    ("color-text-muted", "color-canvas"),
    ("color-link", "color-surface"),
    ("color-on-primary", "color-primary"),
    ("color-on-info-subtle", "color-info-subtle"),
    ("color-on-success-subtle", "color-success-subtle"),
    ("color-on-warning-subtle", "color-warning-subtle"),
    ("color-on-danger-subtle", "color-danger-subtle"),
    ("color-on-neutral-subtle", "color-neutral-subtle"),
    ("color-on-accent-subtle", "color-accent-subtle"),
    ("color-text", "color-highlight"),
    ("color-text", "color-highlight-subtle"),
    ("color-text", "color-surface-sunken"),
)


def contrast(theme: str, text: str, surface: str, brand: dict[str, str] | None = None) -> float:
    theme_values = values(theme, brand)
    return contrast_ratio(theme_values[text], theme_values[surface])
