"""Coded concepts shared by every part of the engine."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Code:
    """A coded concept: (value, scheme designator, meaning), as in DICOM and MRRT."""

    value: str
    scheme: str
    meaning: str = ""

    def matches(self, other: Code) -> bool:
        """Same concept, whatever the meaning text says (meanings vary between devices)."""
        return self.value == other.value and self.scheme.upper() == other.scheme.upper()

    def as_dict(self) -> dict[str, str]:
        return {"code": self.value, "scheme": self.scheme, "meaning": self.meaning}
