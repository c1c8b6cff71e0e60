"""Turning the body's form controls into fields: labels, types, options, ids.
A part of the parser's reader (``reporting.mrrt.parse``)."""

from __future__ import annotations

import math

import lxml.etree as etree

from reporting.mrrt.labels import nearby_label, text_after, unit_after
from reporting.mrrt.model import CompletionAction, Field, FieldType, Option, Problem

SKIPPED_INPUTS = {"hidden", "submit", "button", "reset", "image", "file"}
CHOICES = ("radio", "checkbox")
INPUT_TYPES = {
    "number": FieldType.NUMBER,
    "range": FieldType.NUMBER,
    "date": FieldType.DATE,
    "time": FieldType.TIME,
    "checkbox": FieldType.CHECKBOX,
}


def text_of(element: etree._Element) -> str:
    return " ".join(element.text_content().split())


def label_text(label: etree._Element) -> str:
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


def number_attribute(
    raw: str | None, what: str, where: str, problems: list[Problem]
) -> float | None:
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


class FieldReader:
    """Mixin of the reader: ``self.doc``, ``self.problem`` and the state set up in
    ``_Reader.__init__``."""

    def collect_labels(self) -> None:
        for label in self.doc.iter("label"):
            target = (label.get("for") or "").strip()
            text = label_text(label)
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
                return label_text(ancestor)
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
                return label_text(ancestor)
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
            key: number_attribute(el.get(key), key, where, self.problems)
            for key in ("min", "max", "step")
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
            label = text_of(opt)
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
                return text_of(legend)
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
        if kind in SKIPPED_INPUTS:
            return None
        field_id = (el.get("id") or el.get("name") or "").strip()
        if not field_id:
            field_id = self.generated_id(el, f"an <input type={kind}>")
        fallback = INPUT_TYPES.get(kind, FieldType.TEXT)
        ftype = self.field_type(el, fallback, field_id)
        if kind in INPUT_TYPES and ftype is not fallback and ftype is not FieldType.SELECTION_LIST:
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
        extra = {}
        if ftype is FieldType.NUMBER and not (el.get("data-field-units") or "").strip():
            unit = unit_after(el)
            if unit:
                extra["units"] = unit
                self.problem(
                    "units-from-text",
                    f"number {field_id!r} has no data-field-units; its unit {unit!r} is "
                    "read from the text after it",
                    field_id,
                )
        return self.make_field(el, id=field_id, type=ftype, default=default, **extra)

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
