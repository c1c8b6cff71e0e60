"""UCUM unit conversion for the units met in our reports (velocities, lengths, ratios).

Only a small, explicit table: an unknown or incompatible unit is an error rather than a
silent guess, because a wrong factor would grade a correct trainee as wrong.
"""

from __future__ import annotations

__all__ = ["UnitError", "convert", "normalise_unit", "compatible"]


class UnitError(ValueError):
    """Raised for an unknown unit or a conversion between different dimensions."""


# unit -> (dimension, factor to the dimension's base unit)
_UNITS: dict[str, tuple[str, float]] = {
    "m/s": ("velocity", 1.0),
    "cm/s": ("velocity", 0.01),
    "mm/s": ("velocity", 0.001),
    "m": ("length", 1.0),
    "cm": ("length", 0.01),
    "mm": ("length", 0.001),
    "um": ("length", 1e-6),
    "1": ("ratio", 1.0),
    "%": ("ratio", 0.01),
    "{ratio}": ("ratio", 1.0),
    "cm2": ("area", 1e-4),
    "mm2": ("area", 1e-6),
    "ml": ("volume", 1e-6),
    "mL": ("volume", 1e-6),
    "cm3": ("volume", 1e-6),
    "mm3": ("volume", 1e-9),
    "s": ("time", 1.0),
    "ms": ("time", 1e-3),
}

# Spellings seen in the wild (device output, trainees) -> UCUM code.
_ALIASES = {
    "cm/sec": "cm/s",
    "m/sec": "m/s",
    "mm/sec": "mm/s",
    "ratio": "1",
    "no units": "1",
    "": "1",
    "percent": "%",
    "µm": "um",
    "μm": "um",
}


def normalise_unit(unit: str | None) -> str:
    """Return the UCUM code for a unit spelling; None and '' mean a dimensionless '1'."""
    if unit is None:
        return "1"
    text = unit.strip()
    return _ALIASES.get(text, _ALIASES.get(text.lower(), text))


def _lookup(unit: str) -> tuple[str, float]:
    try:
        return _UNITS[unit]
    except KeyError:
        raise UnitError(f"unknown unit {unit!r} (known: {', '.join(sorted(_UNITS))})") from None


def compatible(a: str | None, b: str | None) -> bool:
    """True when both units are known and measure the same dimension."""
    try:
        return _lookup(normalise_unit(a))[0] == _lookup(normalise_unit(b))[0]
    except UnitError:
        return False


def convert(value: float, from_unit: str | None, to_unit: str | None) -> float:
    """Convert ``value`` between UCUM units; raises UnitError when that makes no sense."""
    src, dst = normalise_unit(from_unit), normalise_unit(to_unit)
    if src == dst:
        return float(value)
    src_dim, src_factor = _lookup(src)
    dst_dim, dst_factor = _lookup(dst)
    if src_dim != dst_dim:
        raise UnitError(f"cannot convert {src!r} ({src_dim}) to {dst!r} ({dst_dim})")
    return float(value) * src_factor / dst_factor
