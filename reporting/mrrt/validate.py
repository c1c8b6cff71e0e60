"""MRRT conformance checks: one Problem per violation, never an exception for a
document that can be read at all."""

from __future__ import annotations

import re

from reporting.mrrt.htmlscan import LenientHTMLParser
from reporting.mrrt.model import DUBLIN_CORE_SINGLE, Field, FieldType, Template
from reporting.mrrt.parse import ParseResult, read_template
from reporting.mrrt.problems import Problem
from reporting.mrrt.source import to_text

REQUIRED_DC = (*DUBLIN_CORE_SINGLE, "creator")
TEMPLATE_TYPE = "IMAGE_REPORT_TEMPLATE"


_DOCTYPE = re.compile(
    r"""^\s*(?:<!--.*?-->\s*)*<!doctype\s+html(?:\s+system\s+["']about:legacy-compat["'])?\s*>""",
    re.I | re.S,
)
_CHARSET_IN_CONTENT = re.compile(r"charset\s*=\s*([^\s;\"']+)", re.I)
STATUSES = ("DRAFT", "ACTIVE", "RETIRED")


class _TagCounter(LenientHTMLParser):
    """Counts start tags in the source itself: lxml silently merges a second <body>
    into the first and invents missing ones, so the tree cannot tell."""

    COUNTED = ("html", "head", "body", "title")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.counts = dict.fromkeys(self.COUNTED, 0)
        self.charsets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.counts:
            self.counts[tag] += 1
        if tag == "meta":
            values = {k.lower(): (v or "") for k, v in attrs}
            if "charset" in values:
                self.charsets.append(values["charset"].strip())
            elif values.get("http-equiv", "").lower() == "content-type":
                match = _CHARSET_IN_CONTENT.search(values.get("content", ""))
                if match:
                    self.charsets.append(match.group(1))

    handle_startendtag = handle_starttag


def _structure(text: str) -> list[Problem]:
    counter = _TagCounter()
    counter.feed(text)
    counter.close()
    problems = []
    if not _DOCTYPE.match(text.lstrip("\ufeff")):
        problems.append(
            Problem("doctype-missing", "the document does not begin with <!DOCTYPE html>")
        )
    for tag, count in counter.counts.items():
        if count != 1:
            problems.append(
                Problem(f"{tag}-count", f"expected exactly one <{tag}> element, found {count}")
            )
    charsets = counter.charsets
    if not charsets:
        problems.append(Problem("charset-missing", 'no <meta charset="UTF-8"> in the head'))
    elif len(charsets) > 1:
        problems.append(
            Problem(
                "charset-count",
                f"{len(charsets)} metas declare a charset ({', '.join(charsets)}); "
                "MRRT allows exactly one",
            )
        )
    for charset in charsets:
        if charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
            problems.append(
                Problem(
                    "charset-not-utf8",
                    f"the charset is {charset!r}; MRRT templates are UTF-8",
                    charset,
                )
            )
    return problems


def _dublin_core(template: Template) -> list[Problem]:
    meta = template.metadata
    problems = []
    for key in REQUIRED_DC:
        present = bool(meta.creators) if key == "creator" else bool(getattr(meta, key))
        if not present:
            problems.append(
                Problem("dc-missing", f'missing <meta name="dcterms.{key}">', f"dcterms.{key}")
            )
    if (
        meta.title
        and template.title
        and " ".join(meta.title.split()) != " ".join(template.title.split())
    ):
        problems.append(
            Problem(
                "dc-title-mismatch",
                f"dcterms.title {meta.title!r} differs from <title> {template.title!r}",
                "dcterms.title",
            )
        )
    if meta.type and meta.type.upper() != TEMPLATE_TYPE:
        problems.append(
            Problem("dc-type", f"dcterms.type is {meta.type!r}, expected {TEMPLATE_TYPE}")
        )
    return problems


def _attribute_blocks(result: ParseResult, template: Template) -> list[Problem]:
    # One message per broken rule: several scripts is one problem (script-count), one
    # container holding several blocks is another (template-attributes-count).
    blocks = result.attribute_blocks
    if not blocks:
        return [Problem("template-attributes-missing", "no <template_attributes> block")]
    problems = []
    if result.script_blocks <= 1 and len(blocks) > 1:
        problems.append(
            Problem(
                "template-attributes-count",
                f"expected exactly one <template_attributes>, found {len(blocks)}",
            )
        )
    if result.coded_content_count > 1:
        problems.append(
            Problem(
                "coded-content-count",
                f"template_attributes holds {result.coded_content_count} coded_content "
                "elements; MRRT allows exactly one",
                "coded_content",
            )
        )
    elif result.coded_content_count == 0:
        problems.append(
            Problem(
                "coded-content-missing",
                "template_attributes has no coded_content: no section or field is coded",
                "coded_content",
            )
        )
    status = template.status.strip()
    if not status:
        problems.append(Problem("status-missing", "template_attributes has no <status>", "status"))
    elif status.upper() not in STATUSES:
        problems.append(
            Problem(
                "status-invalid",
                f"status {status!r} is not one of {', '.join(STATUSES)}",
                "status",
            )
        )
    elif status != status.upper():
        problems.append(
            Problem("status-case", f"status {status!r} is written in lower case", "status")
        )
    for where in sorted(set(blocks) - {"script"}):
        problems.append(
            Problem(
                "template-attributes-not-in-script",
                f'template_attributes found in an HTML {where}, not in <script type="text/xml">',
                where,
            )
        )
    return problems


def _field(field: Field) -> list[Problem]:
    problems = []
    if not field.label:
        problems.append(
            Problem("field-label-missing", f"field {field.id!r} has no label", field.id)
        )
    if field.min is not None and field.max is not None and field.min > field.max:
        problems.append(
            Problem(
                "min-greater-than-max",
                f"field {field.id!r} has min {field.min:g} greater than max {field.max:g}",
                field.id,
            )
        )
    if field.step is not None and field.step <= 0:
        problems.append(Problem("step-invalid", f"field {field.id!r} has step <= 0", field.id))
    if field.type is FieldType.SELECTION_LIST:
        if not field.options:
            problems.append(
                Problem("selection-no-options", f"selection {field.id!r} has no options", field.id)
            )
        values = [o.value for o in field.options]
        for value in sorted({v for v in values if values.count(v) > 1}):
            problems.append(
                Problem(
                    "option-duplicate",
                    f"selection {field.id!r} offers value {value!r} twice",
                    field.id,
                )
            )
    if field.units and field.type is not FieldType.NUMBER:
        problems.append(
            Problem(
                "units-on-non-number",
                f"field {field.id!r} has units but is not a NUMBER",
                field.id,
            )
        )
    return problems


def validate_template(html: str | bytes) -> list[Problem]:
    """Every MRRT problem in the document, one Problem each; ``Problem.severity`` says
    which are errors (shall-rules, see ``reporting.mrrt.problems``) and which warnings.

    Raises TemplateParseError (like ``parse_template``) only for input that is not an
    HTML document at all.
    """
    text = to_text(html)
    result = read_template(text)
    template = result.template
    problems = _structure(text) + _dublin_core(template) + _attribute_blocks(result, template)
    problems += result.problems
    for field in template.iter_fields():
        problems += _field(field)
    for section in template.iter_sections():
        if not section.title:
            problems.append(
                Problem("section-name-missing", f"section {section.id!r} has no name", section.id)
            )
    return problems
