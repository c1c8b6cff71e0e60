"""Template -> conformant MRRT HTML5, empty or filled with a report's values."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from reporting.codes import Code
from reporting.mrrt.model import DUBLIN_CORE_SINGLE, Field, FieldType, Section, Template
from reporting.mrrt.schemes import mrrt_scheme_name
from reporting.mrrt.values import check_values


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    # 5.0 -> "5", 0.01 -> "0.01": repr round-trips exactly through float().
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _code_xml(code: Code) -> str:
    return (
        f'<code meaning="{_attr(code.meaning)}" value="{_attr(code.value)}" '
        f'scheme="{_attr(mrrt_scheme_name(code.scheme))}"/>'
    )


def _term_lines(codes: tuple[Code, ...], indent: str) -> list[str]:
    return [f"{indent}<term>{_code_xml(c)}</term>" for c in codes]


def _coded_entries(template: Template) -> list[tuple[str, tuple[Code, ...]]]:
    entries: list[tuple[str, tuple[Code, ...]]] = []

    def visit(items: tuple[Section | Field, ...]) -> None:
        for item in items:
            if item.codes and item.id:
                entries.append((item.id, item.codes))
            if isinstance(item, Section):
                visit(item.children)
            else:
                entries.extend((o.id, o.codes) for o in item.options if o.id and o.codes)

    visit(template.content)
    return entries


def _attributes_block(template: Template) -> list[str]:
    lines = [
        '<script type="text/xml">',
        "<template_attributes>",
        f"  <top-level-flag>{'true' if template.top_level else 'false'}</top-level-flag>",
        f"  <status>{escape(template.status, quote=False)}</status>",
        "  <coding_schemes>",
    ]
    for scheme in template.coding_schemes:
        lines.append(
            f'    <coding_scheme name="{_attr(mrrt_scheme_name(scheme.name))}" '
            f'designator="{_attr(scheme.designator)}"/>'
        )
    lines.append("  </coding_schemes>")
    lines += _term_lines(template.codes, "  ")
    lines.append("  <coded_content>")
    for origtxt, codes in _coded_entries(template):
        lines.append(f'    <entry ORIGTXT="{_attr(origtxt)}">')
        lines += _term_lines(codes, "      ")
        lines.append("    </entry>")
    lines += ["  </coded_content>", "</template_attributes>", "</script>"]
    return lines


def _head(template: Template) -> list[str]:
    meta = template.metadata
    lines = ["<head>", '<meta charset="UTF-8">', f"<title>{escape(template.title)}</title>"]
    pairs = [(key, getattr(meta, key)) for key in DUBLIN_CORE_SINGLE]
    pairs += [("creator", c) for c in meta.creators]
    pairs += [("contributor", c) for c in meta.contributors]
    pairs += list(meta.extra)
    for key, value in pairs:
        if value:
            lines.append(f'<meta name="dcterms.{_attr(key)}" content="{_attr(value)}">')
    return [*lines, *_attributes_block(template), "</head>"]


def _field_attrs(field: Field, value: object) -> str:
    parts = [
        f'id="{_attr(field.id)}"',
        f'name="{_attr(field.id)}"',
        f'data-field-type="{field.type.value}"',
        f'data-field-completion-action="{field.completion_action.value}"',
    ]
    if field.merge_flag:
        parts.append('data-field-merge-flag="true"')
    if field.verbal_trigger:
        parts.append(f'data-field-verbal-trigger="{_attr(field.verbal_trigger)}"')
    if field.units:
        parts.append(f'data-field-units="{_attr(field.units)}"')
    for key in ("min", "max", "step"):
        number = getattr(field, key)
        if number is not None:
            parts.append(f'{key}="{_num(number)}"')
    return " ".join(parts)


_INPUT_TYPE = {
    FieldType.TEXT: "text",
    FieldType.NUMBER: "number",
    FieldType.DATE: "date",
    FieldType.TIME: "time",
    FieldType.CHECKBOX: "checkbox",
}


def _control(field: Field, value: object, filled: bool) -> str:
    attrs = _field_attrs(field, value)
    if field.type is FieldType.SELECTION_LIST:
        if filled:
            chosen = set(value) if isinstance(value, list | tuple) else {value}
        else:
            chosen = {o.value for o in field.options if o.selected}
        opts = [] if field.multiple else ['<option value=""></option>']
        for option in field.options:
            id_attr = f' id="{_attr(option.id)}"' if option.id else ""
            sel = " selected" if option.value in chosen else ""
            opts.append(
                f'<option{id_attr} value="{_attr(option.value)}"{sel}>'
                f"{escape(option.label)}</option>"
            )
        multiple = " multiple" if field.multiple else ""
        return f"<select {attrs}{multiple}>{''.join(opts)}</select>"
    if field.multiline:
        text = value if filled else field.default
        # A leading newline inside <textarea> is dropped by HTML parsers: add one
        # so that text starting with a newline survives.
        return f"<textarea {attrs}>\n{escape(str(text or ''), quote=False)}</textarea>"
    kind = _INPUT_TYPE[field.type]
    if field.type is FieldType.CHECKBOX:
        checked = bool(value) if filled else field.default == "true"
        return f'<input type="checkbox" {attrs}{" checked" if checked else ""}>'
    shown = value if filled else field.default
    if isinstance(shown, float):
        shown = _num(shown)
    value_attr = "" if shown is None else f' value="{_attr(shown)}"'
    return f'<input type="{kind}" {attrs}{value_attr}>'


def _field_html(field: Field, values: Mapping[str, object] | None, indent: str) -> list[str]:
    filled = values is not None and field.id in values
    value = values.get(field.id) if values is not None else None
    label = f'<label for="{_attr(field.id)}">{escape(field.label)}</label>'
    units = f' <span class="units">{escape(field.units)}</span>' if field.units else ""
    return [f'{indent}<p class="field">{label} {_control(field, value, filled)}{units}</p>']


def _items(
    items: tuple[Section | Field, ...], values: Mapping[str, object] | None, indent: str
) -> list[str]:
    lines: list[str] = []
    for item in items:
        if isinstance(item, Field):
            lines += _field_html(item, values, indent)
            continue
        level = item.level
        cls = f' class="level{level}"' if level is not None else ""
        lines.append(
            f'{indent}<section id="{_attr(item.id)}"{cls} data-section-name="{_attr(item.title)}">'
        )
        lines.append(f"{indent}  <header{cls}>{escape(item.title)}</header>")
        lines += _items(item.children, values, indent + "  ")
        lines.append(f"{indent}</section>")
    return lines


def _document(template: Template, values: Mapping[str, object] | None) -> str:
    lang = template.metadata.language or "en"
    lines = ["<!DOCTYPE html>", f'<html lang="{_attr(lang)}">', *_head(template), "<body>"]
    lines += _items(template.content, values, "")
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines)


def render_template(template: Template) -> str:
    """Conformant MRRT HTML5 for the template (defaults in place, no report values)."""
    return _document(template, None)


def render_filled_report(template: Template, values: Mapping[str, object]) -> str:
    """The template as HTML with a report's values in place (escaped).

    ``values`` is checked first (see ``check_values``): unknown field ids or values of
    the wrong type raise ReportValueError.
    """
    return _document(template, check_values(template, values))
