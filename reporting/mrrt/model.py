"""Typed model of an IHE MRRT report template.

Frozen dataclasses with tuples, so that two parses of the same document compare equal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from reporting.codes import Code
from reporting.mrrt.problems import Problem, Severity  # noqa: F401 - re-exported


class FieldType(StrEnum):
    """MRRT ``data-field-type`` values (a textarea is TEXT with ``multiline``)."""

    TEXT = "TEXT"
    NUMBER = "NUMBER"
    DATE = "DATE"
    TIME = "TIME"
    CHECKBOX = "CHECKBOX"
    SELECTION_LIST = "SELECTION_LIST"


class CompletionAction(StrEnum):
    """``data-field-completion-action``: what a reporting tool does if left empty."""

    NONE = "NONE"
    ALERT = "ALERT"
    PROHIBIT = "PROHIBIT"


# Dublin Core elements that appear once in a template's head (creator and contributor
# may repeat and are kept as lists).
DUBLIN_CORE_SINGLE = (
    "title",
    "identifier",
    "description",
    "type",
    "language",
    "publisher",
    "rights",
    "license",
    "date",
)


@dataclass(frozen=True, slots=True)
class CodingScheme:
    """``<coding_scheme name= designator=>``; ``name`` is normalised (RADLEX, LN, SCT...)."""

    name: str
    designator: str = ""


@dataclass(frozen=True, slots=True)
class Metadata:
    """Dublin Core ``dcterms.*`` metas of the template head."""

    title: str = ""
    identifier: str = ""
    description: str = ""
    type: str = ""  # noqa: A003 - the Dublin Core element is called "type"
    language: str = ""
    publisher: str = ""
    rights: str = ""
    license: str = ""  # noqa: A003
    date: str = ""
    creators: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    # Other dcterms.* metas (name without prefix, content), kept so nothing is lost.
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a selection list."""

    value: str
    label: str
    id: str | None = None  # noqa: A003 - MRRT element id (coded_content links to it)
    codes: tuple[Code, ...] = ()
    selected: bool = False


@dataclass(frozen=True, slots=True)
class Field:
    """A report field: input, textarea, select or a group of radios/checkboxes."""

    id: str  # noqa: A003
    label: str
    type: FieldType  # noqa: A003
    multiline: bool = False  # a <textarea> (MRRT types it TEXT)
    multiple: bool = False  # a multiple selection list
    units: str | None = None
    min: float | None = None  # noqa: A003
    max: float | None = None  # noqa: A003
    step: float | None = None
    default: str | None = None  # value attribute / textarea text / "true" for checked
    options: tuple[Option, ...] = ()
    completion_action: CompletionAction = CompletionAction.NONE
    merge_flag: bool = False
    verbal_trigger: str | None = None
    codes: tuple[Code, ...] = ()

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True, slots=True)
class Section:
    """A ``<section>``; ``children`` holds sections and fields in document order."""

    id: str  # noqa: A003
    title: str
    level: int | None = None
    codes: tuple[Code, ...] = ()
    children: tuple[Section | Field, ...] = ()

    def iter_fields(self) -> Iterator[Field]:
        for child in self.children:
            if isinstance(child, Field):
                yield child
            else:
                yield from child.iter_fields()


@dataclass(frozen=True, slots=True)
class Template:
    """A whole MRRT template. ``content`` holds top-level sections and stray fields."""

    title: str  # the <title> element
    metadata: Metadata = field(default_factory=Metadata)
    status: str = ""
    top_level: bool = True
    coding_schemes: tuple[CodingScheme, ...] = ()
    codes: tuple[Code, ...] = ()  # template-level terms (modality, body part...)
    content: tuple[Section | Field, ...] = ()

    @property
    def identifier(self) -> str:
        return self.metadata.identifier

    def iter_fields(self) -> Iterator[Field]:
        """Every field, flattened in document order."""
        for item in self.content:
            if isinstance(item, Field):
                yield item
            else:
                yield from item.iter_fields()

    def iter_sections(self) -> Iterator[Section]:
        """Every section, depth first in document order."""
        stack = [i for i in reversed(self.content) if isinstance(i, Section)]
        while stack:
            section = stack.pop()
            yield section
            stack.extend(c for c in reversed(section.children) if isinstance(c, Section))

    def field(self, field_id: str) -> Field | None:
        return next((f for f in self.iter_fields() if f.id == field_id), None)

    def section_of(self, field_id: str) -> list[Section]:
        """The chain of sections enclosing a field, outermost first (empty if none)."""

        def walk(items: tuple[Section | Field, ...], path: list[Section]) -> list[Section] | None:
            for item in items:
                if isinstance(item, Field):
                    if item.id == field_id:
                        return path
                else:
                    found = walk(item.children, [*path, item])
                    if found is not None:
                        return found
            return None

        return walk(self.content, []) or []


class TemplateParseError(Exception):
    """The input is not an MRRT template at all (empty, binary, not HTML, too large)."""
