"""Helpers shared by the exporters: display text and section roles."""

from __future__ import annotations

from reporting.mrrt.model import Field, FieldType

_ROLE_WORDS = (
    ("impression", "impression"),
    ("conclusion", "conclusion"),
    ("recommendation", "recommendation"),
    ("finding", "findings"),
    ("clinical", "clinical"),
    ("history", "clinical"),
    ("indication", "clinical"),
    ("procedure", "procedure"),
    ("technique", "procedure"),
    ("comparison", "comparison"),
)


def field_heading(title: str) -> str | None:
    """The report role of a section from its title (for sections with no heading code)."""
    lowered = title.lower()
    return next((role for word, role in _ROLE_WORDS if word in lowered), None)


def format_number(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def display_value(field: Field, value: object) -> str:
    """Human-readable value: option labels, "yes"/"no", numbers with units."""
    if field.type is FieldType.SELECTION_LIST:
        chosen = value if isinstance(value, list) else [value]
        labels = [o.label or o.value for o in field.options if o.value in chosen]
        return "; ".join(labels)
    if field.type is FieldType.CHECKBOX:
        return "yes" if value else "no"
    if field.type is FieldType.NUMBER:
        number = format_number(value)  # type: ignore[arg-type]
        return f"{number} {field.units}" if field.units else number
    return str(value)
