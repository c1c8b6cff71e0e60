"""Every word a template shows is marked for translation.

The site will speak several European languages, so a word written straight into a
template (a heading, a button, an `alt` or `aria-label`) would stay English on every
one of them. This walks every template the site renders, reads it with Django's own
template lexer, and fails naming file:line and the text of each run of letters that is
not inside `{% translate %}`, `{% blocktranslate %}`, a comment or `{% verbatim %}`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]

# Where the site's templates live: the project's `templates/` and each app's own
# `templates/` folders. `reporting/` (the engine's MRRT report templates are data, not
# Django templates) and `tests/` (fixtures of the same) are not the site's.
APP_PACKAGES = ("config", "content", "courses", "members", "outbox")

# Words no language translates. Each is a name or a symbol, never a sentence.
ALLOWLIST = {
    "DICOM",  # the standard's name (Digital Imaging and Communications in Medicine)
    "MRRT",  # IHE Management of Radiology Report Templates, a profile's name
    "SR",  # DICOM Structured Report, the standard's abbreviation
    "CME",  # Continuing Medical Education credits, the accreditation's name
    "FHIR",  # HL7's standard's name
    "IHE",  # Integrating the Healthcare Enterprise, an organisation's name
    "HL",  # HL7, an organisation's name (the digit is not a letter)
    "UCUM",  # the unit code system's name
    "Wagtail",  # the CMS's product name, in the admin
    "ECMEC",  # European CME Credit, the EACCME's unit (a column heading of credits)
    "EACCME",  # European Accreditation Council for CME, an organisation's name
    "PDF",  # a file format's name, the same in every language (a download link)
}

# Text a user reads that HTML carries in attributes.
TEXT_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description"}
# `value` is shown only on buttons made of <input>.
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}

# Blocks whose contents are already translated, or are not shown, or are not template
# text: their TEXT tokens are skipped up to the matching end tag.
SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}


WORD = re.compile(r"[A-Za-z]{2,}")
# A CSS custom property's name (`--step-1` on the design system's pattern page) is code.
CSS_PROPERTY = re.compile(r"--[A-Za-z][\w-]*")
# A per-visitor marker in a cached fragment (`\x02badge:12\x03`, courses.outline) is code.
FRAGMENT_MARKER = re.compile("\x02[^\x03]*\x03")
# A literal a filter shows when the value is empty: `{{ title|default:"Note" }}`. Machine
# values given this way (a form's method, a CSS class, a language code) are one lowercase
# word; words for a reader start with a capital or hold a space, and need `_("...")`.
SHOWN_DEFAULT = re.compile(r"""\|default(?:_if_none)?:(["'])([^"']*)\1""")
# Where a template tag or variable stood: no letters, so it is never flagged itself.
PLACEHOLDER = "\u2063"


def site_templates() -> list[Path]:
    folders = [ROOT / "templates"]
    for package in APP_PACKAGES:
        folders.extend(p for p in (ROOT / package).rglob("templates") if p.is_dir())
    # Pages are .html; emails' bodies are .txt templates (read the same way: no tags).
    found = {
        path for folder in folders for ext in ("*.html", "*.txt") for path in folder.rglob(ext)
    }
    return sorted(found)


def _untranslated_defaults(token_contents: str) -> list[str]:
    return [
        text
        for _quote, text in SHOWN_DEFAULT.findall(token_contents)
        if WORD.search(text) and (" " in text.strip() or text[:1].isupper())
    ]


def _untranslated_source(source: str, defaults: list[tuple[int, str]]) -> str:
    """The template with every tag, variable and skipped block replaced by a letterless
    placeholder (newlines kept, so line numbers stay true). Untranslated filter defaults
    go to `defaults`."""
    pieces: list[str] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        if closing is not None:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            pieces.append(PLACEHOLDER + "\n" * token.contents.count("\n"))
            continue
        if token.token_type == TokenType.TEXT:
            pieces.append(token.contents)
            continue
        if token.token_type in (TokenType.VAR, TokenType.BLOCK):
            defaults.extend((token.lineno, text) for text in _untranslated_defaults(token.contents))
        if token.token_type == TokenType.BLOCK:
            closing = SKIPPED_BLOCKS.get(token.contents.split()[0]) if token.contents else None
        pieces.append(PLACEHOLDER)
    return "".join(pieces)


class _VisibleText(HTMLParser):
    """Collects (line, text) of what a reader sees: text outside <script> and <style>,
    and the attributes read out or shown. Text inside <code> is a name the software
    reads (a CSS property, a CSV column), which no translation may change."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.code_depth = 0

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self.code_depth:
            self.code_depth -= 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "code":
            self.code_depth += 1
        values = dict(attrs)
        shown = set(TEXT_ATTRIBUTES)
        if tag == "input" and (values.get("type") or "").lower() in BUTTON_INPUT_TYPES:
            shown.add("value")
        for name, value in attrs:
            if name in shown and value:
                self.found.append((self.getpos()[0], value))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        # HTMLParser hands <script> and <style> contents here too, as CDATA.
        if self.cdata_elem is not None or self.code_depth:  # type: ignore[attr-defined]
            return
        line = self.getpos()[0]
        self.found.append((line, data))


def untranslated_words(source: str) -> list[tuple[int, str]]:
    """(line, text) of each piece of visible text with a word no translation marks."""
    flagged: list[tuple[int, str]] = []
    parser = _VisibleText()
    parser.feed(_untranslated_source(source, flagged))
    parser.close()
    for line, text in parser.found:
        words = [
            w
            for w in WORD.findall(CSS_PROPERTY.sub("", FRAGMENT_MARKER.sub("", text)))
            if w not in ALLOWLIST
        ]
        if words:
            # Line of the first flagged word, not of the start of the text run.
            first = text.find(words[0])
            flagged.append((line + text.count("\n", 0, first), " ".join(text.split())))
    return sorted(flagged)


def test_the_walk_finds_the_site_templates():
    names = {p.relative_to(ROOT).as_posix() for p in site_templates()}
    assert "templates/base.html" in names
    assert "courses/templates/courses/course_page.html" in names
    assert "templates/account/email/base_message.txt" in names
    assert not any(n.startswith(("reporting/", "tests/", ".venv/")) for n in names)


def test_an_unmarked_word_is_found_and_marked_ones_are_not():
    source = (
        "{% load i18n %}\n"
        '<h1>{% translate "Courses" %}</h1>\n'
        "{% blocktranslate trimmed %}\n  Hello {{ name }}\n{% endblocktranslate %}\n"
        "{# a note #}{% comment %}Draft words{% endcomment %}\n"
        "<script>let words = 1;</script><style>.card { color: red }</style>\n"
        '<img src="{{ url }}" alt="{% translate "Logo" %}">&nbsp;&times;\n'
        "<p>Forgotten</p>\n"
        '<img alt="A chart">\n'
        '<input type="submit" value="Send"><input type="text" value="kept">\n'
        "<abbr>DICOM</abbr> <code>--color-ink</code> <span>--step-{{ step }}</span>\n"
        '<aside aria-label="{{ title|default:"Note" }}" class="{{ tone|default:"info" }}">\n'
        '<aside aria-label="{{ title|default:_("Note") }}"></aside>\n'
    )
    assert untranslated_words(source) == [
        (9, "Forgotten"),
        (10, "A chart"),
        (11, "Send"),
        (13, "Note"),
    ]


@pytest.mark.parametrize(
    "template",
    site_templates(),
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_every_word_a_template_shows_is_marked_for_translation(template: Path):
    name = template.relative_to(ROOT).as_posix()
    flagged = untranslated_words(template.read_text(encoding="utf-8"))
    assert not flagged, "Unmarked text (wrap it in {% translate %}):\n" + "\n".join(
        f"{name}:{line}: {text}" for line, text in flagged
    )
