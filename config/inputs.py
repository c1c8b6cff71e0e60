"""Reading numbers, ids and text that a client sent (query strings, form and JSON bodies).

Every view that turns untrusted input into a number goes through these helpers, so that
no value can reach the database or arithmetic in a shape that raises there: Python's
``int()`` and ``float()`` accept far more than a person would type (400-digit numbers
that overflow a float, 5,000-digit ones beyond the int-from-string limit, ``1e400`` that
is infinity, Arabic-Indic digits), and PostgreSQL refuses NUL characters in text.

Each helper raises `InvalidInput` with a translated message naming the field. It is a
`django.core.exceptions.BadRequest`, so a view that does not catch it still answers 400,
and `config.views.bad_request` shows the message (as JSON to a JSON client). Raising
unwinds the request transaction (ATOMIC_REQUESTS): nothing is left half-saved.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

# Database ids are positive and fit PostgreSQL's bigint.
MAX_ID = 2**63 - 1
# Longer than any number a form or a player sends; bounds the work of parsing it.
MAX_NUMBER_LENGTH = 64
MAX_JSON_BYTES = 1_000_000

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# NUL and the other C0 controls except tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class InvalidInput(BadRequest):
    """What the client sent cannot be used; the message says why, for a person."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _integer_from(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        if len(text) <= MAX_NUMBER_LENGTH and _INTEGER.fullmatch(text):
            return int(text)
    return None


def parse_int(value: Any, *, field: str, minimum: int, maximum: int) -> int:
    """A whole number from minimum to maximum (ints, integral floats, digit strings)."""
    number = _integer_from(value)
    if number is None or not minimum <= number <= maximum:
        raise InvalidInput(
            _("“%(field)s” must be a whole number from %(minimum)s to %(maximum)s.")
            % {"field": field, "minimum": minimum, "maximum": maximum},
            field=field,
        )
    return number


def is_storable_id(number: int) -> bool:
    """Whether a whole number could be a database id: positive and within a bigint. An id
    from a URL outside this range names nothing (SQLite raises OverflowError on it)."""
    return 1 <= number <= MAX_ID


def parse_id(value: Any, *, field: str) -> int:
    """A database id: a positive whole number that fits a bigint."""
    number = _integer_from(value)
    if number is None or not is_storable_id(number):
        raise InvalidInput(
            _("“%(field)s” must be the number of an existing item.") % {"field": field},
            field=field,
        )
    return number


def parse_float(value: Any, *, field: str, minimum: float, maximum: float) -> float:
    """A finite number from minimum to maximum. Compared before any conversion, so a
    400-digit integer is out of range rather than an OverflowError."""
    number: float | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = float(value) if minimum <= value <= maximum else None
    elif isinstance(value, float):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if len(text) <= MAX_NUMBER_LENGTH and _DECIMAL.fullmatch(text):
            number = float(text)
    if number is None or not math.isfinite(number) or not minimum <= number <= maximum:
        raise InvalidInput(
            _("“%(field)s” must be a number from %(minimum)s to %(maximum)s.")
            % {"field": field, "minimum": _short(minimum), "maximum": _short(maximum)},
            field=field,
        )
    return number


def _short(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def optional(query: Mapping[str, Any], name: str, parse, **bounds) -> Any:
    """``parse(query[name])``, or None when the parameter is absent or empty."""
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    return parse(raw, field=name, **bounds)


def clean_text(value: Any, *, field: str, max_length: int) -> str:
    """Text without NUL or other control characters, at most max_length long."""
    if not isinstance(value, str):
        raise InvalidInput(_("“%(field)s” must be text.") % {"field": field}, field=field)
    if CONTROL_CHARACTERS.search(value):
        raise InvalidInput(
            _("“%(field)s” contains a character that is not allowed.") % {"field": field},
            field=field,
        )
    if len(value) > max_length:
        raise InvalidInput(
            _("“%(field)s” is longer than %(max)s characters.")
            % {"field": field, "max": max_length},
            field=field,
        )
    return value


def load_json(raw: bytes | str, *, limit: int = MAX_JSON_BYTES) -> Any:
    """Parse a JSON document; every way it can be unusable is an InvalidInput."""
    if len(raw) > limit:
        raise InvalidInput(_("The request body is too large."))
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    # ValueError covers JSONDecodeError and integers beyond the int-from-string limit;
    # RecursionError a document nested too deep; UnicodeDecodeError bytes that are not UTF-8.
    except (ValueError, RecursionError, UnicodeDecodeError, TypeError):
        raise InvalidInput(_("The request body is not valid JSON."))


def load_json_object(raw: bytes | str, *, limit: int = MAX_JSON_BYTES) -> dict[str, Any]:
    value = load_json(raw, limit=limit)
    if not isinstance(value, dict):
        raise InvalidInput(_("Send a JSON object."))
    return value


def _refuse_constant(name: str) -> None:
    # NaN, Infinity and -Infinity are not JSON; Python's parser accepts them by default.
    raise ValueError(name)
