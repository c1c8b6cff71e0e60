"""What a validator finds in a template, and how bad each finding is.

IHE MRRT (RAD TF-3 8.1) makes some things shall-rules that a consumer depends on: an
HTML5 document with one head, body and title, one UTF-8 charset, one block of template
attributes in one script with at most one coded_content, a known status, coding schemes
with designators, terms with exactly one complete code. Breaking one of those is an
**error**: the template cannot be used as it is, and the site refuses to import it.

Everything else is a **warning**: quality problems real templates have and that a
reader copes with (no section ids, fields labelled by nearby text instead of
``<label for>``, unknown field types, attribute blocks that are not well-formed XML,
codes that point nowhere, Dublin Core gaps). A template with warnings imports, and the
instructor is shown them.

Two Connectathon checks are warnings here on purpose, because real, sound templates
fail them and nothing downstream depends on them: ``dcterms.title`` different from
``<title>`` (the site shows ``<title>``) and a missing ``coded_content`` (then nothing
is coded). A second coded_content, a second charset or a second script in the head
stays an error: a reader would have to guess which one counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# The shall-rules: every other problem code is a warning.
ERROR_CODES = frozenset(
    {
        "doctype-missing",
        "html-count",
        "head-count",
        "body-count",
        "title-count",
        "charset-missing",
        "charset-count",
        "charset-not-utf8",
        "template-attributes-missing",
        "template-attributes-count",
        "script-count",
        "coded-content-count",
        "status-invalid",
        "coding-scheme-incomplete",
        "coding-schemes-empty",
        "term-code-count",
        "code-incomplete",
    }
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation finding: a stable ``code``, a readable message, and where
    (a field or section id, a Dublin Core name, ``coded_content/<id>``...)."""

    code: str
    message: str
    where: str = ""

    @property
    def field(self) -> str:
        """Where, under the name the engine's other structured errors use."""
        return self.where

    @property
    def severity(self) -> Severity:
        return Severity.ERROR if self.code in ERROR_CODES else Severity.WARNING

    @property
    def is_error(self) -> bool:
        return self.code in ERROR_CODES

    def as_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "where": self.where,
            "message": self.message,
        }


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_error]
