"""Checking a report's values against its template before rendering or export."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from reporting.mrrt.model import Field, FieldType, Template


class ReportValueError(ValueError):
    """A report value does not fit the template (unknown field, wrong type, bad choice)."""


def _number(field: Field, value: object) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReportValueError(f"{field.id}: expected a number, got {type(value).__name__}")
    if not math.isfinite(value):
        raise ReportValueError(f"{field.id}: {value!r} is not a finite number")
    if field.min is not None and value < field.min:
        raise ReportValueError(f"{field.id}: {value} is below the minimum {field.min:g}")
    if field.max is not None and value > field.max:
        raise ReportValueError(f"{field.id}: {value} is above the maximum {field.max:g}")
    return value


def _text(field: Field, value: object) -> str:
    if not isinstance(value, str):
        raise ReportValueError(f"{field.id}: expected text, got {type(value).__name__}")
    if field.type is FieldType.DATE:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ReportValueError(f"{field.id}: {value!r} is not a date (YYYY-MM-DD)")
    if field.type is FieldType.TIME:
        try:
            dt.time.fromisoformat(value)
        except ValueError:
            raise ReportValueError(f"{field.id}: {value!r} is not a time (HH:MM[:SS])")
    return value


def _choice(field: Field, value: object) -> str | list[str]:
    allowed = [o.value for o in field.options]
    if field.multiple:
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ReportValueError(f"{field.id}: expected a list of option values")
        chosen = list(value)
        if len(set(chosen)) != len(chosen):
            raise ReportValueError(f"{field.id}: an option is chosen twice")
    else:
        if not isinstance(value, str):
            raise ReportValueError(
                f"{field.id}: expected one option value as a string, got {type(value).__name__}"
            )
        chosen = [value]
    for item in chosen:
        if item not in allowed:
            raise ReportValueError(
                f"{field.id}: {item!r} is not an option (choose from {', '.join(allowed)})"
            )
    return chosen if field.multiple else value


def check_value(field: Field, value: object) -> object:
    """The value if it fits the field, else ReportValueError with a clear message."""
    if field.type is FieldType.NUMBER:
        return _number(field, value)
    if field.type is FieldType.CHECKBOX:
        if not isinstance(value, bool):
            raise ReportValueError(f"{field.id}: expected true or false")
        return value
    if field.type is FieldType.SELECTION_LIST:
        return _choice(field, value)
    return _text(field, value)


def check_values(template: Template, values: Mapping[str, object]) -> dict[str, object]:
    """Values keyed by field id, in document order; ``None`` means not filled in."""
    if not isinstance(values, Mapping):
        raise ReportValueError("values must be an object mapping field ids to values")
    fields = {f.id: f for f in template.iter_fields()}
    unknown = sorted(str(k) for k in values if k not in fields)
    if unknown:
        raise ReportValueError(f"unknown field id(s): {', '.join(unknown)}")
    checked: dict[str, object] = {}
    for field_id, field in fields.items():
        if field_id in values and values[field_id] is not None:
            checked[field_id] = check_value(field, values[field_id])
    return checked
