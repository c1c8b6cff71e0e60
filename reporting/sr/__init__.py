"""DICOM-SR reading: any SR IOD -> :class:`Case` (tree + measurements + evaluations)."""

from reporting.sr.model import (
    Case,
    ContentItem,
    Context,
    Measurement,
    QualitativeEvaluation,
    ReadError,
)
from reporting.sr.reader import MAX_BYTES, SR_SOP_CLASSES, read_case

__all__ = [
    "Case",
    "ContentItem",
    "Context",
    "MAX_BYTES",
    "Measurement",
    "QualitativeEvaluation",
    "ReadError",
    "SR_SOP_CLASSES",
    "read_case",
]
