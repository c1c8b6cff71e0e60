"""MRRT HTML -> Template, collecting every problem met on the way.

``read_template`` never raises for a document it can read at all: anything wrong
becomes a Problem, so the validator and the parser share one pass over the document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

import lxml.etree as etree
import lxml.html

from reporting.codes import Code
from reporting.mrrt.attributes import Node
from reporting.mrrt.model import (
    Field,
    Problem,
    Section,
    Template,
    TemplateParseError,
)
from reporting.mrrt.parse_fields import CHOICES, FieldReader, text_of
from reporting.mrrt.parse_head import HeadReader
from reporting.mrrt.source import to_text

_LEVEL = re.compile(r"\blevel(\d+)\b", re.I)


@dataclass
class ParseResult:
    template: Template
    problems: list[Problem]
    # (location, count) of every template_attributes block found: "script", "comment"...
    attribute_blocks: list[str] = field(default_factory=list)
    script_blocks: int = 0
    coded_content_count: int = 0


class _Reader(HeadReader, FieldReader):
    def __init__(self, text: str) -> None:
        self.problems: list[Problem] = []
        try:
            self.doc = lxml.html.document_fromstring(text)
        except (etree.ParserError, etree.LxmlError, ValueError) as error:
            raise TemplateParseError(f"cannot parse as HTML: {error}") from None
        self.codes_by_id: dict[str, list[Code]] = {}
        self.labels: dict[str, str] = {}
        self.declared_schemes: set[str] = set()
        self.blocks: list[str] = []
        self.script_blocks = 0
        self.groups: dict[str, dict] = {}
        self.block_roots: list[Node] = []
        self.coded_content_count = 0
        self.unnamed = 0
        self.wrapped: set[etree._Element] = set()  # inputs that are options of a wrapper

    def problem(self, code: str, message: str, where: str = "") -> None:
        self.problems.append(Problem(code, message, where))

    def section(self, el: etree._Element) -> Section:
        section_id = (el.get("id") or "").strip()
        header = el.find("header")
        title = (el.get("data-section-name") or "").strip() or (
            text_of(header) if header is not None else ""
        )
        if not section_id:
            self.problem("section-id-missing", f"section {title!r} has no id", title)
        match = _LEVEL.search(el.get("class") or "")
        return Section(
            id=section_id,
            title=" ".join(title.split()),
            level=int(match.group(1)) if match else None,
            codes=tuple(self.codes_by_id.get(section_id, ())) if section_id else (),
            children=tuple(self.walk(el)),
        )

    def walk(self, parent: etree._Element) -> list[Section | Field]:
        out: list[Section | Field] = []
        for el in parent:
            tag = el.tag
            if not isinstance(tag, str) or tag in ("script", "style", "template", "head"):
                continue
            item: Section | Field | None = None
            if tag == "section":
                item = self.section(el)
            elif tag in ("select", "textarea") or (
                tag != "input" and (el.get("data-field-type") or "").upper() == "SELECTION_LIST"
            ):
                if tag == "textarea":
                    item = self.textarea(el)
                else:
                    field_id = (el.get("id") or el.get("name") or "").strip()
                    if not field_id:
                        field_id = self.generated_id(el, f"a <{tag}> selection")
                    if tag == "select":
                        item = self.select(el, field_id)
                    else:
                        inputs = [
                            i
                            for i in el.iter("input")
                            if (i.get("type") or "").lower() in ("radio", "checkbox")
                        ]
                        item = self.choice_group(el, field_id, inputs)
            elif self.is_choice_wrapper(el):
                out.extend(self.wrapper_group(el))
                continue
            elif tag == "input":
                if el in self.wrapped:
                    continue
                kind = (el.get("type") or "").strip().lower()
                grouped = kind == "radio" or (
                    kind == "checkbox"
                    and (el.get("data-field-type") or "").upper() == "SELECTION_LIST"
                )
                item = self.group_member(el) if grouped and el.get("name") else self.input_field(el)
            else:
                out.extend(self.walk(el))
                continue
            if item is not None:
                out.append(item)
        return out

    @staticmethod
    def choices_in(el: etree._Element) -> list[etree._Element]:
        return [i for i in el.iter("input") if (i.get("type") or "").lower() in CHOICES]

    def is_choice_wrapper(self, el: etree._Element) -> bool:
        """RSNA's editor writes a checkbox or radio group as <span data-field-type=
        "CHECKBOX"|"RADIO" id=...> around the inputs: one field with options."""
        kind = (el.get("data-field-type") or "").strip().upper()
        return el.tag != "input" and kind in ("CHECKBOX", "RADIO") and bool(self.choices_in(el))

    def wrapper_group(self, el: etree._Element) -> list[Section | Field]:
        inputs = self.choices_in(el)
        names = {(i.get("name") or "").strip() for i in inputs} - {""}
        field_id = (el.get("id") or el.get("name") or "").strip()
        if not field_id:
            field_id = names.pop() if len(names) == 1 else self.generated_id(el, "a choice group")
        self.wrapped.update(inputs)
        for name in names:
            self.groups.setdefault(name, {"first": inputs[0], "inputs": inputs, "wrapped": True})
        group = self.choice_group(el, field_id, inputs)
        # Other controls inside (a free-text "other" box) stay fields of their own.
        rest = [
            item
            for item in self.walk(el)
            if not isinstance(item, _Placeholder) or item.name not in names
        ]
        return [group, *rest]

    def group_member(self, el: etree._Element) -> Field | None:
        """Radios (or SELECTION_LIST checkboxes) sharing a name form one field, placed
        where the first of them stands; later members only add options."""
        name = el.get("name", "").strip()
        group = self.groups.get(name)
        if group is not None and group.get("wrapped"):
            return None  # already a field of its wrapper
        if group is None:
            group = self.groups[name] = {"first": el, "inputs": [el]}
            return _Placeholder(name)  # type: ignore[return-value]
        group["inputs"].append(el)
        return None

    def labelled_by_section(self, item: Section | Field, title: str) -> Section | Field:
        """A field with no label text anywhere near it (a textarea alone in a table row
        under "Beurteilung") is called by its section's name, with a warning."""
        if not isinstance(item, Field) or item.label or not title:
            return item
        self.problem(
            "field-label-from-section",
            f"field {item.id!r} has no label; it is called by its section, {title!r}",
            item.id,
        )
        return replace(item, label=title)

    def resolve_groups(self, items: list | tuple) -> tuple:
        resolved = []
        for item in items:
            if isinstance(item, _Placeholder):
                group = self.groups[item.name]
                resolved.append(self.choice_group(group["first"], item.name, group["inputs"]))
            elif isinstance(item, Section):
                children = tuple(
                    self.labelled_by_section(c, item.title)
                    for c in self.resolve_groups(item.children)
                )
                resolved.append(
                    Section(
                        id=item.id,
                        title=item.title,
                        level=item.level,
                        codes=item.codes,
                        children=children,
                    )
                )
            else:
                resolved.append(item)
        return tuple(resolved)

    def unique_ids(self, content: tuple) -> tuple:
        """Every field its own id: a report holds one value per id, so a second field
        with the same id (copy and paste in an editor) is renamed "<id>-2", "<id>-3"...
        with a warning, instead of silently sharing the first one's value."""
        taken = {f.id for f in _fields(content)}
        seen: set[str] = set()
        renamed: dict[str, list[str]] = {}

        def fix(items: tuple) -> tuple:
            out = []
            for item in items:
                if isinstance(item, Section):
                    out.append(replace(item, children=fix(item.children)))
                    continue
                if item.id in seen:
                    n = 2
                    while f"{item.id}-{n}" in taken:
                        n += 1
                    new_id = f"{item.id}-{n}"
                    taken.add(new_id)
                    renamed.setdefault(item.id, []).append(new_id)
                    item = replace(item, id=new_id)
                seen.add(item.id)
                out.append(item)
            return tuple(out)

        fixed = fix(content)
        for field_id, new_ids in renamed.items():
            self.problem(
                "field-id-renamed",
                f"{len(new_ids) + 1} fields have the id {field_id!r}; the later ones are "
                f"called {', '.join(new_ids)}",
                field_id,
            )
        return fixed

    # -- whole document --------------------------------------------------------------
    def read(self) -> ParseResult:
        metadata = self.metadata()
        title_el = self.doc.find(".//title")
        title = text_of(title_el) if title_el is not None else ""
        blocks = self.attribute_blocks()
        status, top_level, schemes, template_codes = self.read_attributes(self.merged_block(blocks))
        self.collect_labels()
        body = self.doc.find("body")
        content = self.unique_ids(self.resolve_groups(self.walk(body) if body is not None else []))
        template = Template(
            title=title,
            metadata=metadata,
            status=status,
            top_level=top_level,
            coding_schemes=tuple(schemes),
            codes=tuple(template_codes),
            content=content,
        )
        self.check_ids(template)
        return ParseResult(
            template, self.problems, self.blocks, self.script_blocks, self.coded_content_count
        )

    def check_ids(self, template: Template) -> None:
        ids = Counter(
            el.get("id").strip()
            for el in self.doc.iter()
            if isinstance(el.tag, str) and el.get("id") and el.get("id").strip()
        )
        for element_id, count in ids.items():
            if count > 1:
                self.problem("duplicate-id", f"id {element_id!r} is used {count} times", element_id)
        group_ids = set(self.groups)
        for origtxt in self.codes_by_id:
            if origtxt not in ids and origtxt not in group_ids:
                self.problem(
                    "coded-content-dangling",
                    f"coded_content entry points to {origtxt!r}, but no element has that id",
                    f"coded_content/{origtxt}",
                )


def _fields(items: tuple):
    for item in items:
        if isinstance(item, Section):
            yield from _fields(item.children)
        else:
            yield item


@dataclass(frozen=True)
class _Placeholder:
    name: str


def read_template(html: str | bytes) -> ParseResult:
    """Parse and collect problems met while parsing (see ``validate_template``)."""
    text = to_text(html)
    try:
        return _Reader(text).read()
    except RecursionError:
        raise TemplateParseError("document is nested too deeply") from None


def parse_template(html: str | bytes) -> Template:
    """Parse MRRT HTML (str or bytes) into a Template.

    Lenient: real-world quirks are accepted and problems are left to
    ``validate_template``. Raises TemplateParseError only for input that is not an HTML
    document at all (empty, binary, larger than 2 MB).
    """
    return read_template(html).template
