"""UCUM validation: is a unit string a valid UCUM expression (before it goes into FHIR,
a DICOM SR or an answer key)?

The grammar and unit table are ucumvert's (bundled with the package; nothing is fetched
at run time). Conversion stays in :mod:`reporting.units`, whose small explicit table is
what grading relies on.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["UcumError", "check_ucum", "is_valid_ucum"]


class UcumError(ValueError):
    """Raised for a unit that is not valid UCUM."""


@lru_cache(maxsize=1)
def _parser() -> Any:
    from ucumvert import get_ucum_parser

    return get_ucum_parser()


@lru_cache(maxsize=512)
def is_valid_ucum(unit: str) -> bool:
    """True when ``unit`` parses as UCUM ("cm/s", "mm", "1", "mL", "{ratio}"); "%mL",
    "cm/sec" or "" do not."""
    if not isinstance(unit, str) or not unit or unit != unit.strip():
        return False
    try:
        _parser().parse(unit)
    except Exception:  # noqa: BLE001 - lark raises several kinds for a bad expression
        return False
    return True


def check_ucum(unit: str) -> str:
    """``unit`` when valid UCUM, else UcumError naming it."""
    if not is_valid_ucum(unit):
        raise UcumError(f"{unit!r} is not a valid UCUM unit")
    return unit
