"""An independent count of the form controls in an HTML template, for the corpus tests.

Written with the standard library's tokenizer (``html.parser``), not with lxml and not
with any code of ``reporting.mrrt``: what a person filling the form in a browser gives
one answer to.
- each <select>, <textarea> and text-like <input> is one control;
- radios sharing a name are one control, wherever they stand;
- checkboxes and radios inside an element marked data-field-type="CHECKBOX", "RADIO" or
  "SELECTION_LIST" are one control (that element's), and so are checkboxes marked
  SELECTION_LIST that share a name; any other checkbox is a control of its own;
- hidden, submit, button, reset, image and file inputs are no controls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
NOT_CONTROLS = {"hidden", "submit", "button", "reset", "image", "file"}
WRAPPER_TYPES = {"CHECKBOX", "RADIO", "SELECTION_LIST"}


@dataclass(eq=False)
class Control:
    key: str  # id, else name, else "" (the engine makes an id up)
    kind: str  # select, textarea, input:<type>, group
    options: list[str] = field(default_factory=list)
    units: str | None = None
    declared: str = ""  # data-field-type as written
    counted: bool = False


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.controls: list[Control] = []
        self.stack: list[tuple[str, Control | None]] = []  # open elements, wrapper
        self.groups: dict[str, Control] = {}
        self.select: Control | None = None
        self.option: tuple[str | None, list[str]] | None = None
        self.in_body = False

    def add(self, control: Control) -> Control:
        if not control.counted:
            control.counted = True
            self.controls.append(control)
        return control

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        key = (a.get("id") or a.get("name") or "").strip()
        kind = a.get("data-field-type", "").strip().upper()
        wrapper = None
        if tag == "body":
            self.in_body = True
        elif tag == "option" and self.select is not None:
            self.end_option()
            self.option = (a.get("value"), [])
        elif self.in_body and tag == "select":
            self.select = self.add(Control(key, "select"))
        elif self.in_body and tag == "textarea":
            self.add(Control(key, "textarea"))
        elif self.in_body and tag == "input":
            self.input(a, key, kind)
        elif self.in_body and kind in WRAPPER_TYPES:
            wrapper = Control(key, "group")  # counted once a choice turns up inside
        if tag not in VOID:
            self.stack.append((tag, wrapper))

    handle_startendtag = handle_starttag

    def input(self, a, key, kind):
        itype = (a.get("type") or "text").strip().lower()
        if itype in NOT_CONTROLS:
            return
        name = a.get("name", "").strip()
        if itype in ("radio", "checkbox"):
            wrapper = next((w for _, w in reversed(self.stack) if w is not None), None)
            if wrapper is not None:
                wrapper.key = wrapper.key or name
                self.add(wrapper)
                if name:
                    self.groups.setdefault(name, wrapper)
                return
            if name and (itype == "radio" or kind == "SELECTION_LIST"):
                self.add(self.groups.setdefault(name, Control(name, "group")))
                return
        units = a.get("data-field-units", "").strip() or None
        self.add(Control(key, f"input:{itype}", units=units, declared=kind))

    def handle_endtag(self, tag):
        if tag in ("option", "select"):
            self.end_option()
        if tag == "select":
            self.select = None
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def end_option(self):
        if self.option is not None and self.select is not None:
            value, text = self.option
            if value is None:
                value = " ".join("".join(text).split())
            if value.strip():
                self.select.options.append(value.strip())
        self.option = None

    def handle_data(self, data):
        if self.option is not None:
            self.option[1].append(data)


def form_controls(html: str) -> list[Control]:
    walker = _Walker()
    walker.feed(html)
    walker.close()
    return walker.controls
