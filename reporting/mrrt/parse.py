"""MRRT HTML -> Template, collecting every problem met on the way.

``read_template`` never raises for a document it can read at all: anything wrong
becomes a Problem, so the validator and the parser share one pass over the document.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace

import lxml.etree as etree
import lxml.html

from reporting.codes import Code
from reporting.mrrt.attributes import Node, read_block
from reporting.mrrt.labels import nearby_label, text_after
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
_CHOICES = ("radio", "checkbox")
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
    coded_content_count: int = 0


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
        self.block_roots: list[Node] = []
        self.coded_content_count = 0
        self.unnamed = 0
        self.wrapped: set[etree._Element] = set()  # inputs that are options of a wrapper

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
        """Every <template_attributes> block, in document order.

        Also checks the scripts: the head holds exactly one script, the attribute
        block (a second one, even empty, is an error); scripts in the body are
        ignored (the site never runs template code).
        """
        blocks: list[Node] = []
        roots: list[Node] = []
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
            holds = "template_attributes" in source.lower()
            if where == "script" and not holds:
                self.other_script(el)
            if not holds:
                continue
            root, well_formed = read_block(source)
            found = root.find_all("template_attributes")
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
            if found and not well_formed:
                self.problem(
                    "template-attributes-not-xml",
                    "template_attributes is not well-formed XML (read leniently, as an "
                    "HTML parser would)",
                    where,
                )
            blocks.extend(found)
            roots.extend([root] * len(found))
            self.blocks.extend([where] * len(found))
        self.block_roots = roots
        return blocks

    def other_script(self, el: etree._Element) -> None:
        in_head = any(a.tag == "head" for a in el.iterancestors())
        if in_head:
            self.problem(
                "script-count",
                "the head holds a <script> that is not the template attributes; "
                "MRRT allows exactly one script there",
                "script",
            )
        else:
            self.problem(
                "script-ignored",
                "a <script> in the body is ignored: templates are shown without their code",
                "script",
            )

    def merged_block(self, blocks: list[Node]) -> Node | None:
        """The one block to read. Two blocks in two scripts that set different things
        (DRG's stroke templates put coded_content in one, status in the other) are read
        as one, with a warning; two that set the same thing are an error."""
        if not blocks:
            return None
        first = blocks[0]
        if len(blocks) == 1:
            return self.with_stray_content(first, self.block_roots[0])
        if self.script_blocks <= 1:
            return first  # several in one container: reported by the validator
        # Each child element by tag; the same plain value twice (status ACTIVE in both
        # scripts) is no clash, anything else set twice is.
        values: dict[str, set[str | None]] = {}
        for block in blocks:
            for child in block.children:
                value = None if child.children else " ".join(child.text.split()).upper()
                values.setdefault(child.tag, set()).add(value if value else None)
        counts: dict[str, int] = {}
        for block in blocks:
            for tag in {c.tag for c in block.children}:
                counts[tag] = counts.get(tag, 0) + 1
        clashes = sorted(
            tag
            for tag, count in counts.items()
            if count > 1 and (None in values[tag] or len(values[tag]) > 1)
        )
        if clashes:
            self.problem(
                "script-count",
                f"{self.script_blocks} scripts hold template_attributes and more than one "
                f"sets {', '.join(clashes)}; MRRT allows exactly one",
                "script",
            )
            return first
        self.problem(
            "template-attributes-split",
            f"template_attributes is split over {self.script_blocks} scripts (read as one)",
            "script",
        )
        merged: list[Node] = []
        for child in (c for b in blocks for c in b.children):
            if child.children or all(m.tag != child.tag for m in merged):
                merged.append(child)
        return Node("template_attributes", {}, merged)

    def with_stray_content(self, block: Node, root: Node) -> Node:
        """A block whose coding schemes and entries follow it in the same script
        (DRG's liver-transplant template) is read with them, with a warning."""
        parent = next(
            (n for n in [root, *root.find_all_nodes()] if any(c is block for c in n.children)),
            root,
        )
        stray = [c for c in parent.children if c is not block and c.tag != "template_attributes"]
        if not any(c.tag in ("coding_schemes", "entry", "coded_content") for c in stray):
            return block
        self.problem(
            "template-attributes-outside",
            "coding schemes or entries stand after </template_attributes> in the script "
            "(read as part of it)",
            "script",
        )
        return Node("template_attributes", {}, [*block.children, *stray])

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
            if not oid.strip():
                self.problem(
                    "coding-scheme-incomplete",
                    f"coding_scheme {name!r} has no designator (its OID)",
                    name,
                )
            schemes.append(CodingScheme(normalise_scheme(name, oid), oid.strip()))
        if not schemes and block.find_all("coding_schemes"):
            self.problem(
                "coding-schemes-empty", "<coding_schemes> holds no <coding_scheme> element"
            )
        elif not schemes:
            self.problem("coding-scheme-missing", "template_attributes declares no coding scheme")
        self.declared_schemes = {s.name for s in schemes}
        self.coded_content_count = len(block.find_all("coded_content"))
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
            text = _label_text(label)
            if target and text and target not in self.labels:
                self.labels[target] = text

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
        explicit = " ".join((el.get("title") or el.get("aria-label") or "").split())
        return explicit or nearby_label(el)

    def option_label(self, inp: etree._Element, value: str) -> str:
        """A checkbox's or radio's own text: its label, else the text after it."""
        element_id = inp.get("id") or ""
        if element_id in self.labels:
            return self.labels[element_id]
        for ancestor in inp.iterancestors():
            if ancestor.tag == "label" and not ancestor.get("for"):
                return _label_text(ancestor)
            if ancestor.tag == "section":
                break
        explicit = " ".join((inp.get("title") or inp.get("aria-label") or "").split())
        return explicit or text_after(inp) or value

    def generated_id(self, el: etree._Element, what: str) -> str:
        """An id for a control that has neither id nor name, stable in document order."""
        self.unnamed += 1
        field_id = f"unnamed-{el.tag}-{self.unnamed}"
        self.problem(
            "field-id-missing", f"{what} has no id or name; it is called {field_id!r} here"
        )
        return field_id

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
        explicit = " ".join((wrapper.get("title") or wrapper.get("aria-label") or "").split())
        return explicit or nearby_label(wrapper)

    def choice_group(self, wrapper: etree._Element, field_id: str, inputs: list) -> Field:
        options = []
        for inp in inputs:
            value = (inp.get("value") or "").strip() or inp.get("id") or ""
            label = self.option_label(inp, value)
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
            field_id = self.generated_id(el, f"an <input type={kind}>")
        fallback = _INPUT_TYPES.get(kind, FieldType.TEXT)
        ftype = self.field_type(el, fallback, field_id)
        if kind in _INPUT_TYPES and ftype is not fallback and ftype is not FieldType.SELECTION_LIST:
            self.problem(
                "field-type-mismatch",
                f"<input type={kind}> {field_id!r} declares data-field-type {ftype.value}",
                field_id,
            )
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
            field_id = self.generated_id(el, "a <textarea>")
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
        return [i for i in el.iter("input") if (i.get("type") or "").lower() in _CHOICES]

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
        title = _text(title_el) if title_el is not None else ""
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
