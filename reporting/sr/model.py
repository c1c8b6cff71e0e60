"""Data model of a DICOM-SR case: a content tree plus flat, context-resolved lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reporting.codes import Code


def _code_from(data: Any) -> Code | None:
    if not data:
        return None
    return Code(str(data["code"]), str(data["scheme"]), str(data.get("meaning", "")))


@dataclass(slots=True)
class ContentItem:
    """One node of the SR content tree.

    ``reference`` is set (and ``value_type`` is None) for by-reference items, which carry
    ReferencedContentItemIdentifier instead of a value. ``path`` is the 1-based position
    in the tree ("1.2.3": third child of the second child of the root's first item).
    """

    relationship: str | None
    value_type: str | None
    concept: Code | None
    value: Any = None
    unit: str | None = None
    children: list[ContentItem] = field(default_factory=list)
    reference: tuple[int, ...] | None = None
    path: str = ""

    @property
    def is_reference(self) -> bool:
        return self.reference is not None

    def as_dict(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, Code):
            value = value.as_dict()
        out: dict[str, Any] = {
            "path": self.path,
            "relationship": self.relationship,
            "value_type": self.value_type,
            "concept": self.concept.as_dict() if self.concept else None,
        }
        if value is not None:
            out["value"] = value
        if self.unit is not None:
            out["unit"] = self.unit
        if self.reference is not None:
            out["reference"] = list(self.reference)
        if self.children:
            out["children"] = [child.as_dict() for child in self.children]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ContentItem:
        value = data.get("value")
        if data.get("value_type") == "CODE" and isinstance(value, dict):
            value = _code_from(value)
        reference = data.get("reference")
        return cls(
            relationship=data.get("relationship"),
            value_type=data.get("value_type"),
            concept=_code_from(data.get("concept")),
            value=value,
            unit=data.get("unit"),
            children=[cls.from_dict(child) for child in data.get("children", [])],
            reference=tuple(reference) if reference is not None else None,
            path=str(data.get("path", "")),
        )


@dataclass(slots=True)
class Context:
    """Where a finding is: inherited from ancestors, overridden by nearer modifiers."""

    laterality: str | None = None
    finding_site: Code | None = None
    segment: Code | None = None
    tracking_id: str | None = None


@dataclass(slots=True)
class Measurement:
    """A NUM item with its resolved context; ``value`` is None for an empty value."""

    concept: Code
    value: float | None
    unit: str | None
    laterality: str | None = None
    finding_site: Code | None = None
    segment: Code | None = None
    tracking_id: str | None = None
    derivation: Code | None = None
    path: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept.as_dict(),
            "value": self.value,
            "unit": self.unit,
            "laterality": self.laterality,
            "finding_site": self.finding_site.meaning if self.finding_site else None,
            "finding_site_code": self.finding_site.as_dict() if self.finding_site else None,
            "segment": self.segment.as_dict() if self.segment else None,
            "tracking_id": self.tracking_id,
            "derivation": self.derivation.as_dict() if self.derivation else None,
            "path": self.path,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Measurement:
        return cls(
            concept=_code_from(data["concept"]),  # type: ignore[arg-type]
            value=data.get("value"),
            unit=data.get("unit"),
            laterality=data.get("laterality"),
            finding_site=_code_from(data.get("finding_site_code")),
            segment=_code_from(data.get("segment")),
            tracking_id=data.get("tracking_id"),
            derivation=_code_from(data.get("derivation")),
            path=str(data.get("path", "")),
        )


@dataclass(slots=True)
class QualitativeEvaluation:
    """A CODE item (concept = value) with its resolved context."""

    concept: Code
    value: Code
    laterality: str | None = None
    finding_site: Code | None = None
    segment: Code | None = None
    tracking_id: str | None = None
    path: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept.as_dict(),
            "value": self.value.as_dict(),
            "laterality": self.laterality,
            "finding_site": self.finding_site.meaning if self.finding_site else None,
            "finding_site_code": self.finding_site.as_dict() if self.finding_site else None,
            "segment": self.segment.as_dict() if self.segment else None,
            "tracking_id": self.tracking_id,
            "path": self.path,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QualitativeEvaluation:
        return cls(
            concept=_code_from(data["concept"]),  # type: ignore[arg-type]
            value=_code_from(data["value"]),  # type: ignore[arg-type]
            laterality=data.get("laterality"),
            finding_site=_code_from(data.get("finding_site_code")),
            segment=_code_from(data.get("segment")),
            tracking_id=data.get("tracking_id"),
            path=str(data.get("path", "")),
        )


@dataclass(slots=True)
class Case:
    """What we know of one SR document."""

    sop_class_uid: str
    sop_instance_uid: str
    sop_class_name: str
    title: Code | None
    template_id: str | None
    root: ContentItem
    measurements: list[Measurement] = field(default_factory=list)
    evaluations: list[QualitativeEvaluation] = field(default_factory=list)
    texts: list[tuple[Code | None, str, str]] = field(default_factory=list)

    def as_dict(self, *, tree: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "sop_class_uid": self.sop_class_uid,
            "sop_class_name": self.sop_class_name,
            "sop_instance_uid": self.sop_instance_uid,
            "title": self.title.as_dict() if self.title else None,
            "template_id": self.template_id,
            "measurements": [m.as_dict() for m in self.measurements],
            "evaluations": [e.as_dict() for e in self.evaluations],
            "texts": [
                {"concept": c.as_dict() if c else None, "text": t, "path": p}
                for c, t, p in self.texts
            ],
        }
        if tree:
            out["tree"] = self.root.as_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Case:
        """The Case that ``as_dict(tree=True)`` stored: what was extracted at upload, read
        back without the file (KeyError / TypeError / ValueError for data it did not write)."""
        title = _code_from(data.get("title"))
        tree = data.get("tree")
        root = (
            ContentItem.from_dict(tree)
            if isinstance(tree, dict)
            else ContentItem(None, "CONTAINER", title, path="1")
        )
        return cls(
            sop_class_uid=str(data["sop_class_uid"]),
            sop_instance_uid=str(data["sop_instance_uid"]),
            sop_class_name=str(data.get("sop_class_name", "")),
            title=title,
            template_id=data.get("template_id"),
            root=root,
            measurements=[Measurement.from_dict(m) for m in data.get("measurements", [])],
            evaluations=[QualitativeEvaluation.from_dict(e) for e in data.get("evaluations", [])],
            texts=[
                (_code_from(t.get("concept")), str(t["text"]), str(t.get("path", "")))
                for t in data.get("texts", [])
            ],
        )


@dataclass(frozen=True, slots=True)
class ReadError:
    """Why a source could not be read as an SR case (never an exception)."""

    message: str
    source: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"error": self.message, "source": self.source}
