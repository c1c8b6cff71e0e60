"""Checking a report's values against its template before rendering or export."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from reporting.errors import EngineError, Problem, gettext_noop
from reporting.mrrt.model import Field, FieldType, Template


class ReportValueError(EngineError):
    """A report value does not fit the template (unknown field, wrong type, bad choice):
    ``field``, ``code`` and ``message`` say which and why."""


def _fail(field_id: str | None, code: str, template: str, **params: object) -> ReportValueError:
    return ReportValueError(Problem(field_id, code, template, params))


def _number(field: Field, value: object) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(
            field.id,
            "not_a_number",
            gettext_noop("expected a number, got %(type)s"),
            type=type(value).__name__,
        )
    if not math.isfinite(value):
        raise _fail(
            field.id, "not_finite", gettext_noop("%(value)r is not a finite number"), value=value
        )
    if field.min is not None and value < field.min:
        raise _fail(
            field.id,
            "below_min",
            gettext_noop("%(value)s is below the minimum %(min)g"),
            value=value,
            min=field.min,
        )
    if field.max is not None and value > field.max:
        raise _fail(
            field.id,
            "above_max",
            gettext_noop("%(value)s is above the maximum %(max)g"),
            value=value,
            max=field.max,
        )
    return value


def _text(field: Field, value: object) -> str:
    if not isinstance(value, str):
        raise _fail(
            field.id,
            "not_text",
            gettext_noop("expected text, got %(type)s"),
            type=type(value).__name__,
        )
    if field.type is FieldType.DATE:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise _fail(
                field.id,
                "not_a_date",
                gettext_noop("%(value)r is not a date (YYYY-MM-DD)"),
                value=value,
            )
    if field.type is FieldType.TIME:
        try:
            dt.time.fromisoformat(value)
        except ValueError:
            raise _fail(
                field.id,
                "not_a_time",
                gettext_noop("%(value)r is not a time (HH:MM[:SS])"),
                value=value,
            )
    return value


def _choice(field: Field, value: object) -> str | list[str]:
    allowed = [o.value for o in field.options]
    if field.multiple:
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise _fail(field.id, "not_a_list", gettext_noop("expected a list of option values"))
        chosen = [str(v) for v in value]
        if len(set(chosen)) != len(chosen):
            raise _fail(field.id, "chosen_twice", gettext_noop("an option is chosen twice"))
    else:
        if not isinstance(value, str):
            raise _fail(
                field.id,
                "not_an_option_value",
                gettext_noop("expected one option value as a string, got %(type)s"),
                type=type(value).__name__,
            )
        chosen = [value]
    for item in chosen:
        if item not in allowed:
            raise _fail(
                field.id,
                "not_an_option",
                gettext_noop("%(item)r is not an option (choose from %(allowed)s)"),
                item=item,
                allowed=", ".join(allowed),
            )
    return chosen if field.multiple else chosen[0]


def check_value(field: Field, value: object) -> object:
    """The value if it fits the field, else ReportValueError with a clear message."""
    if field.type is FieldType.NUMBER:
        return _number(field, value)
    if field.type is FieldType.CHECKBOX:
        if not isinstance(value, bool):
            raise _fail(field.id, "not_a_boolean", gettext_noop("expected true or false"))
        return value
    if field.type is FieldType.SELECTION_LIST:
        return _choice(field, value)
    return _text(field, value)


def check_values(template: Template, values: Mapping[str, object]) -> dict[str, object]:
    """Values keyed by field id, in document order; ``None`` means not filled in."""
    if not isinstance(values, Mapping):
        raise _fail(
            None,
            "not_an_object",
            gettext_noop("values must be an object mapping field ids to values"),
        )
    fields = {f.id: f for f in template.iter_fields()}
    unknown = sorted(str(k) for k in values if k not in fields)
    if unknown:
        raise ReportValueError(
            [
                Problem(
                    name, "unknown_field", gettext_noop("unknown field id %(id)s"), {"id": name}
                )
                for name in unknown
            ]
        )
    checked: dict[str, object] = {}
    for field_id, field in fields.items():
        if field_id in values and values[field_id] is not None:
            checked[field_id] = check_value(field, values[field_id])
    return checked
