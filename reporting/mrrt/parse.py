"""MRRT HTML -> Template, collecting every problem met on the way.

``read_template`` never raises for a document it can read at all: anything wrong
becomes a Problem, so the validator and the parser share one pass over the document.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import lxml.etree as etree
import lxml.html

from reporting.codes import Code
from reporting.mrrt.attributes import Node, parse_block
from reporting.mrrt.model import (
    DUBLIN_CORE_SINGLE,
    CodingScheme,
    CompletionAction,
    Field,
    FieldType,
    Metadata,
    Option,
    Problem,
    Section,
    Template,
    TemplateParseError,
)
from reporting.mrrt.schemes import make_code, normalise_scheme
from reporting.mrrt.source import to_text

_DC_PREFIXES = ("dcterms.", "dc.")
_LEVEL = re.compile(r"\blevel(\d+)\b", re.I)
_SKIPPED_INPUTS = {"hidden", "submit", "button", "reset", "image", "file"}
_INPUT_TYPES = {
    "number": FieldType.NUMBER,
    "range": FieldType.NUMBER,
    "date": FieldType.DATE,
    "time": FieldType.TIME,
    "checkbox": FieldType.CHECKBOX,
}


@dataclass
class ParseResult:
    template: Template
    problems: list[Problem]
    # (location, count) of every template_attributes block found: "script", "comment"...
    attribute_blocks: list[str] = field(default_factory=list)
    script_blocks: int = 0


def _text(element: etree._Element) -> str:
    return " ".join(element.text_content().split())


def _label_text(label: etree._Element) -> str:
    """Text of a label, leaving out any form control nested in it."""
    parts: list[str] = []

    def collect(el: etree._Element) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            if isinstance(child.tag, str) and child.tag not in ("select", "textarea", "option"):
                collect(child)
            if child.tail:
                parts.append(child.tail)

    collect(label)
    return " ".join("".join(parts).split())


def _number(raw: str | None, what: str, where: str, problems: list[Problem]) -> float | None:
    if raw is None or raw.strip() == "" or raw.strip().lower() == "any":
        return None
    try:
        value = float(raw.strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        problems.append(
            Problem("number-attribute-invalid", f"{what}={raw!r} is not a number", where)
        )
        return None
    return value


class _Reader:
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

    def problem(self, code: str, message: str, where: str = "") -> None:
        self.problems.append(Problem(code, message, where))

    # -- head ------------------------------------------------------------------------
    def metadata(self) -> Metadata:
        single: dict[str, str] = {}
        creators: list[str] = []
        contributors: list[str] = []
        extra: list[tuple[str, str]] = []
        for meta in self.doc.iter("meta"):
            name = (meta.get("name") or "").strip().lower()
            prefix = next((p for p in _DC_PREFIXES if name.startswith(p)), None)
            if prefix is None:
                continue
            key, content = name[len(prefix) :], (meta.get("content") or "").strip()
            if key == "creator":
                creators.append(content)
            elif key == "contributor":
                contributors.append(content)
            elif key in DUBLIN_CORE_SINGLE and key not in single:
                single[key] = content
            else:
                extra.append((key, content))
        return Metadata(
            **single,
            creators=tuple(creators),
            contributors=tuple(contributors),
            extra=tuple(extra),
        )

    # -- template_attributes ---------------------------------------------------------
    def attribute_blocks(self) -> list[Node]:
        blocks: list[Node] = []
        for el in self.doc.iter():
            if el.tag is etree.Comment:
                source, where = el.text or "", "comment"
            elif el.tag == "script":
                source, where = el.text or "", "script"
            elif el.tag == "template_attributes":
                # Not hidden in a script: the HTML parser made elements of it.
                source, where = etree.tostring(el, method="html", encoding="unicode"), "element"
            else:
                continue
            if "template_attributes" not in source.lower():
                continue
            found = parse_block(source).find_all("template_attributes")
            if where == "script":
                self.script_blocks += 1
                kind = (el.get("type") or "").strip().lower()
                if kind != "text/xml":
                    self.problem(
                        "script-type",
                        f'the script holding template_attributes has type="{kind}", '
                        'expected "text/xml"',
                        "script",
                    )
            blocks.extend(found)
            self.blocks.extend([where] * len(found))
        return blocks

    def code(self, node: Node, where: str) -> Code | None:
        attrs = node.attrs
        missing = [k for k in ("meaning", "value", "scheme") if not attrs.get(k, "").strip()]
        for key in missing:
            self.problem("code-incomplete", f"a code has no {key}", where)
        if not attrs.get("value", "").strip():
            return None
        code = make_code(attrs.get("value", ""), attrs.get("scheme", ""), attrs.get("meaning", ""))
        if code.scheme and self.declared_schemes and code.scheme not in self.declared_schemes:
            self.problem(
                "code-scheme-undeclared",
                f"code {code.value} uses scheme {attrs.get('scheme')!r}, "
                "which is not in coding_schemes",
                where,
            )
        return code

    def term_codes(self, term: Node, where: str) -> list[Code]:
        nodes = term.find_all("code")
        if len(nodes) != 1:
            self.problem(
                "term-code-count", f"a term has {len(nodes)} codes, expected exactly one", where
            )
        return [c for c in (self.code(n, where) for n in nodes) if c is not None]

    def read_attributes(self, block: Node | None) -> tuple[str, bool, list[CodingScheme], list]:
        if block is None:
            return "", True, [], []
        schemes: list[CodingScheme] = []
        for node in block.find_all("coding_scheme"):
            name, oid = node.attrs.get("name", "").strip(), node.attrs.get("designator", "")
            if not name:
                self.problem("coding-scheme-incomplete", "a coding_scheme has no name", "")
                continue
            schemes.append(CodingScheme(normalise_scheme(name, oid), oid.strip()))
        if not schemes:
            self.problem("coding-scheme-missing", "template_attributes declares no coding scheme")
        self.declared_schemes = {s.name for s in schemes}
        flag_text = (block.text_of("top-level-flag") or "true").lower()
        status = block.text_of("status") or ""
        # Template-level terms: terms not inside coded_content.
        in_content = {id(t) for e in block.find_all("coded_content") for t in e.find_all("term")}
        template_codes: list[Code] = []
        for term in block.find_all("term"):
            if id(term) not in in_content:
                template_codes.extend(self.term_codes(term, "template_attributes"))
        for entry in block.find_all("entry"):
            origtxt = entry.attrs.get("origtxt", "").strip()
            if not origtxt:
                self.problem("entry-origtxt-missing", "a coded_content entry has no ORIGTXT")
                continue
            where = f"coded_content/{origtxt}"
            terms = entry.find_all("term")
            self.codes_by_id.setdefault(origtxt, [])
            if not terms:
                self.problem("entry-term-missing", f"entry {origtxt!r} has no term", where)
            for term in terms:
                self.codes_by_id.setdefault(origtxt, []).extend(self.term_codes(term, where))
        return status, flag_text != "false", schemes, template_codes

    # -- body ------------------------------------------------------------------------
    def collect_labels(self) -> None:
        for label in self.doc.iter("label"):
            target = (label.get("for") or "").strip()
            if target and target not in self.labels:
                self.labels[target] = _label_text(label)

    def label_for(self, el: etree._Element, field_id: str) -> str:
        if field_id in self.labels:
            return self.labels[field_id]
        element_id = el.get("id") or ""
        if element_id in self.labels:
            return self.labels[element_id]
        for ancestor in el.iterancestors():
            if ancestor.tag == "label" and not ancestor.get("for"):
                return _label_text(ancestor)
            if ancestor.tag == "section":
                break
        return " ".join((el.get("title") or el.get("aria-label") or "").split())

    def field_type(self, el: etree._Element, fallback: FieldType, where: str) -> FieldType:
        raw = (el.get("data-field-type") or "").strip().upper()
        if not raw:
            return fallback
        if raw == "TEXTAREA":
            return FieldType.TEXT
        try:
            return FieldType(raw)
        except ValueError:
            self.problem("field-type-unknown", f"unknown data-field-type {raw!r}", where)
            return fallback

    def common(self, el: etree._Element, where: str) -> dict:
        action_raw = (el.get("data-field-completion-action") or "NONE").strip().upper()
        try:
            action = CompletionAction(action_raw)
        except ValueError:
            self.problem(
                "completion-action-invalid",
                f"data-field-completion-action {action_raw!r} is not NONE, ALERT or PROHIBIT",
                where,
            )
            action = CompletionAction.NONE
        trigger = el.get("data-field-verbal-trigger")
        units = el.get("data-field-units")
        return {
            "completion_action": action,
            "merge_flag": (el.get("data-field-merge-flag") or "").strip().lower() == "true",
            "verbal_trigger": trigger.strip() if trigger and trigger.strip() else None,
            "units": units.strip() if units and units.strip() else None,
        }

    def make_field(self, el: etree._Element, **kwargs) -> Field:
        field_id = kwargs.pop("id")
        where = field_id
        label = kwargs.pop("label", None)
        if label is None:
            label = self.label_for(el, field_id)
        info = self.common(el, where)
        info.update(kwargs)
        numbers = {
            key: _number(el.get(key), key, where, self.problems) for key in ("min", "max", "step")
        }
        return Field(
            id=field_id,
            label=label,
            codes=tuple(self.codes_by_id.get(field_id, ())),
            **numbers,
            **info,
        )

    def option(self, value: str, label: str, el: etree._Element, selected: bool) -> Option:
        option_id = el.get("id") or None
        codes = tuple(self.codes_by_id.get(option_id, ())) if option_id else ()
        return Option(value=value, label=label, id=option_id, codes=codes, selected=selected)

    def select(self, el: etree._Element, field_id: str) -> Field:
        options = []
        for opt in el.iter("option"):
            label = _text(opt)
            value = opt.get("value")
            value = label if value is None else value.strip()
            if value == "":
                continue  # the empty placeholder choice
            options.append(self.option(value, label, opt, opt.get("selected") is not None))
        self.expect_selection(el, field_id)
        return self.make_field(
            el,
            id=field_id,
            type=FieldType.SELECTION_LIST,
            multiple=el.get("multiple") is not None,
            options=tuple(options),
        )

    def expect_selection(self, el: etree._Element, field_id: str) -> None:
        declared = self.field_type(el, FieldType.SELECTION_LIST, field_id)
        if declared is not FieldType.SELECTION_LIST:
            self.problem(
                "field-type-mismatch",
                f"selection {field_id!r} declares data-field-type {declared.value}",
                field_id,
            )

    def group_label(self, wrapper: etree._Element, field_id: str) -> str:
        """A group's own label: never the label of its first radio (that is an option)."""
        if field_id in self.labels:
            return self.labels[field_id]
        if wrapper.tag != "input":
            legend = wrapper.find("legend")
            if legend is not None:
                return _text(legend)
        return " ".join((wrapper.get("title") or wrapper.get("aria-label") or "").split())

    def choice_group(self, wrapper: etree._Element, field_id: str, inputs: list) -> Field:
        options = []
        for inp in inputs:
            value = (inp.get("value") or "").strip() or inp.get("id") or ""
            label = self.label_for(inp, inp.get("id") or "") or value
            options.append(self.option(value, label, inp, inp.get("checked") is not None))
        multiple = any((i.get("type") or "").lower() == "checkbox" for i in inputs)
        return self.make_field(
            wrapper,
            id=field_id,
            label=self.group_label(wrapper, field_id),
            type=FieldType.SELECTION_LIST,
            multiple=multiple,
            options=tuple(options),
        )

    def input_field(self, el: etree._Element) -> Field | None:
        kind = (el.get("type") or "text").strip().lower()
        if kind in _SKIPPED_INPUTS:
            return None
        field_id = (el.get("id") or el.get("name") or "").strip()
        if not field_id:
            self.problem("field-id-missing", f"an <input type={kind}> has no id")
            return None
        fallback = _INPUT_TYPES.get(kind, FieldType.TEXT)
        ftype = self.field_type(el, fallback, field_id)
        if ftype is FieldType.SELECTION_LIST:
            self.problem(
                "field-type-mismatch",
                f"<input type={kind}> {field_id!r} cannot be a SELECTION_LIST on its own",
                field_id,
            )
            ftype = fallback
        if ftype is FieldType.CHECKBOX:
            default = "true" if el.get("checked") is not None else None
        else:
            value = el.get("value")
            default = value if value is not None and value != "" else None
        return self.make_field(el, id=field_id, type=ftype, default=default)

    def textarea(self, el: etree._Element) -> Field | None:
        field_id = (el.get("id") or el.get("name") or "").strip()
        if not field_id:
            self.problem("field-id-missing", "a <textarea> has no id")
            return None
        text = (el.text or "").strip()
        return self.make_field(
            el,
            id=field_id,
            type=self.field_type(el, FieldType.TEXT, field_id),
            multiline=True,
            default=text or None,
        )

    def section(self, el: etree._Element) -> Section:
        section_id = (el.get("id") or "").strip()
        header = el.find("header")
        title = (el.get("data-section-name") or "").strip() or (
            _text(header) if header is not None else ""
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
                        self.problem("field-id-missing", f"a <{tag}> selection has no id")
                    elif tag == "select":
                        item = self.select(el, field_id)
                    else:
                        inputs = [
                            i
                            for i in el.iter("input")
                            if (i.get("type") or "").lower() in ("radio", "checkbox")
                        ]
                        item = self.choice_group(el, field_id, inputs)
            elif tag == "input":
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

    def group_member(self, el: etree._Element) -> Field | None:
        """Radios (or SELECTION_LIST checkboxes) sharing a name form one field, placed
        where the first of them stands; later members only add options."""
        name = el.get("name", "").strip()
        group = self.groups.get(name)
        if group is None:
            group = self.groups[name] = {"first": el, "inputs": [el]}
            return _Placeholder(name)  # type: ignore[return-value]
        group["inputs"].append(el)
        return None

    def resolve_groups(self, items: list | tuple) -> tuple:
        resolved = []
        for item in items:
            if isinstance(item, _Placeholder):
                group = self.groups[item.name]
                resolved.append(self.choice_group(group["first"], item.name, group["inputs"]))
            elif isinstance(item, Section):
                resolved.append(
                    Section(
                        id=item.id,
                        title=item.title,
                        level=item.level,
                        codes=item.codes,
                        children=self.resolve_groups(item.children),
                    )
                )
            else:
                resolved.append(item)
        return tuple(resolved)

    # -- whole document --------------------------------------------------------------
    def read(self) -> ParseResult:
        metadata = self.metadata()
        title_el = self.doc.find(".//title")
        title = _text(title_el) if title_el is not None else ""
        blocks = self.attribute_blocks()
        status, top_level, schemes, template_codes = self.read_attributes(
            blocks[0] if blocks else None
        )
        self.collect_labels()
        body = self.doc.find("body")
        content = self.resolve_groups(self.walk(body) if body is not None else [])
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
        return ParseResult(template, self.problems, self.blocks, self.script_blocks)

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
