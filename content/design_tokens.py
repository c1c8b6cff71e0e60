"""The design system's colour roles, read from static/css/academy.css, and their contrast.

The stylesheet is the one place the colours are set; the pattern page shows each role
with its contrast ratio computed here (WCAG 2.2 relative luminance), and
tests/content/test_design_tokens.py holds every text role to 4.5:1 and every control
and focus colour to 3:1 against the backgrounds they are used on.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.conf import settings

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "academy.css"
_ROOT = re.compile(r":root\s*\{(?P<body>[^}]*)\}", re.S)
_COLOUR = re.compile(r"--(?P<name>color-[a-z-]+)\s*:\s*(?P<value>#[0-9a-fA-F]{6})\s*;")


@cache
def colour_tokens() -> dict[str, str]:
    """`{"color-text": "#1b2430", ...}`: the six-digit colours the :root block sets."""
    match = _ROOT.search(STYLESHEET.read_text(encoding="utf-8"))
    if match is None:
        return {}
    return {m["name"]: m["value"].lower() for m in _COLOUR.finditer(match["body"])}


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# (foreground role, background role, minimum): text needs 4.5:1 (WCAG 1.4.3), control
# boundaries and the focus ring 3:1 (1.4.11).
PAIRS = [
    ("color-text", "color-bg", 4.5),
    ("color-text", "color-surface", 4.5),
    ("color-text-muted", "color-bg", 4.5),
    ("color-text-muted", "color-surface", 4.5),
    ("color-link", "color-bg", 4.5),
    ("color-link", "color-surface", 4.5),
    ("color-primary", "color-bg", 4.5),
    ("color-on-primary", "color-primary", 4.5),
    ("color-on-primary", "color-primary-hover", 4.5),
    ("color-on-primary", "color-danger", 4.5),
    ("color-on-primary", "color-danger-hover", 4.5),
    ("color-on-primary", "color-success", 4.5),
    ("color-danger", "color-bg", 4.5),
    ("color-danger", "color-danger-bg", 4.5),
    ("color-success-text", "color-success-bg", 4.5),
    ("color-warning-text", "color-warning-bg", 4.5),
    ("color-info-text", "color-info-bg", 4.5),
    ("color-border-strong", "color-bg", 3.0),
    ("color-primary", "color-surface", 3.0),
    ("color-focus", "color-primary", 3.0),
    ("color-focus-inner", "color-bg", 3.0),
]


def contrast_report() -> list[dict]:
    tokens = colour_tokens()
    return [
        {
            "foreground": fg,
            "background": bg,
            "minimum": minimum,
            "ratio": round(contrast_ratio(tokens[fg], tokens[bg]), 1),
        }
        for fg, bg, minimum in PAIRS
        if fg in tokens and bg in tokens
    ]
