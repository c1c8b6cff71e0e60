"""The generated default image of a course or webinar card.

A card without an authored image gets an SVG drawn here from a key that says everything
the drawing depends on: the curriculum domain's letter (its colour) and eight hex digits
of the title's CRC-32 (where the rings and scan lines sit). The key is in the URL, so the
image needs no database and never changes: it is served with a year-long cache lifetime.
It is decorative (the card's title sits beside it), so it carries no text.
"""

from __future__ import annotations

import re
import zlib
from xml.sax.saxutils import quoteattr

# One colour per curriculum domain (A to J), dark enough for the white motif; "x" is a
# card with no domain, whose colour comes from the title instead.
DOMAIN_COLOURS = {
    "A": ("#0d3b66", "#1b6ca8"),
    "B": ("#0b5351", "#12877f"),
    "C": ("#3d2c6b", "#6a4fb3"),
    "D": ("#7a2e0e", "#b5541c"),
    "E": ("#1f4e3d", "#2f7d5b"),
    "F": ("#6b1d3a", "#a8335f"),
    "G": ("#2b3a55", "#4d6a9a"),
    "H": ("#4a3b00", "#8a6d00"),
    "I": ("#143d59", "#2a7ab0"),
    "J": ("#3b3b3b", "#6b6b6b"),
}
NO_DOMAIN = "x"
KEY_PATTERN = re.compile(r"^(?P<letter>[A-J]|x)-(?P<seed>[0-9a-f]{8})$")
WIDTH, HEIGHT = 640, 360


def card_image_key(*, title: str, domain_letter: str = "") -> str:
    letter = domain_letter.upper() if domain_letter.upper() in DOMAIN_COLOURS else NO_DOMAIN
    seed = zlib.crc32(title.strip().casefold().encode("utf-8"))
    return f"{letter}-{seed:08x}"


def parse_key(key: str) -> tuple[str, int] | None:
    match = KEY_PATTERN.match(key)
    if match is None:
        return None
    return match["letter"], int(match["seed"], 16)


def _colours(letter: str, seed: int) -> tuple[str, str]:
    if letter in DOMAIN_COLOURS:
        return DOMAIN_COLOURS[letter]
    return list(DOMAIN_COLOURS.values())[seed % len(DOMAIN_COLOURS)]


def card_svg(*, key: str) -> str | None:
    """The SVG for a key, or None when the key is not one `card_image_key` makes."""
    parsed = parse_key(key)
    if parsed is None:
        return None
    letter, seed = parsed
    dark, light = _colours(letter, seed)
    # The motif: a cross-section of a scanner bore (rings around a centre the seed
    # places) over a few scan lines, like a CT localiser.
    cx = 360 + (seed & 0xFF)
    cy = 90 + ((seed >> 8) & 0xB4)
    rings = "".join(
        f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="#ffffff" '
        f'stroke-opacity="{0.10 + 0.05 * (i % 3):.2f}" stroke-width="{6 + 4 * (i % 2)}"/>'
        for i, r in enumerate(range(40 + ((seed >> 16) & 0x1F), 420, 46))
    )
    step = 24 + ((seed >> 21) & 0x0F)
    lines = "".join(
        f'<line x1="0" y1="{y}" x2="{WIDTH}" y2="{y}" stroke="#ffffff" '
        f'stroke-opacity="0.07" stroke-width="2"/>'
        for y in range(step, HEIGHT, step)
    )
    badge = ""
    if letter != NO_DOMAIN:
        badge = (
            '<circle cx="64" cy="64" r="36" fill="#ffffff" fill-opacity="0.92"/>'
            f'<text x="64" y="77" text-anchor="middle" font-family="system-ui, sans-serif" '
            f'font-size="38" font-weight="700" fill={quoteattr(dark)}>{letter}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" aria-hidden="true" focusable="false">'
        f'<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="{dark}"/><stop offset="1" stop-color="{light}"/>'
        f"</linearGradient></defs>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="url(#g)"/>'
        f"{lines}{rings}{badge}</svg>"
    )
