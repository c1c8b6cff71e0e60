"""Measurement transfer: SR concepts (+ context) -> template field values, by declarative maps.

A mapping file (``reporting/data/mappings/<template_id>.json``) says, for each field id,
where its value comes from::

    {"template": "carotid-duplex",
     "fields": {
       "right_ica_psv": {"source": "measurement",
                          "concept": {"code": "11726-7", "scheme": "LN"},
                          "where": {"laterality": "right",
                                    "finding_site": {"code": "86117002", "scheme": "SCT"}},
                          "unit": "cm/s"},
       "right_plaque": {"source": "evaluation", "concept": {...}, "where": {...},
                        "options": {"99ACADEMY:PLQ-0": "none", ...}},
       "echogenic_foci": {"source": "evaluation", "multiple": true, ...},
       "clinical_info": {"source": "text", "concept": {...}},
       "nodule_location": {"source": "site", "concept": {...},
                           "options": {"SCT:119281005/right": "right_lobe",
                                       "SCT:40867004": "isthmus"}}}}

``where`` may constrain laterality, finding_site, segment and tracking_id. Codes match on
(code, scheme) with SRT codes already mapped to SCT by the reader.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reporting.codes import Code
from reporting.errors import EngineError, Problem
from reporting.sr.model import Case, Measurement, QualitativeEvaluation
from reporting.sr.vocab import normalise
from reporting.units import UnitError, convert

__all__ = [
    "FieldMapping",
    "MappingError",
    "TemplateMapping",
    "TransferNote",
    "TransferResult",
    "bundled_mappings",
    "load_mapping",
    "transfer",
]

MAPPINGS_DIR = Path(__file__).resolve().parent / "data" / "mappings"
_SOURCES = {"measurement", "evaluation", "text", "site"}


class MappingError(EngineError):
    """Invalid or missing mapping file (one problem, code ``invalid_mapping``)."""

    def __init__(self, message: str) -> None:
        super().__init__(Problem(None, "invalid_mapping", message))


@dataclass(frozen=True, slots=True)
class FieldMapping:
    field: str
    source: str
    concept: Code | None
    laterality: str | None = None
    finding_site: Code | None = None
    segment: Code | None = None
    tracking_id: str | None = None
    unit: str | None = None
    options: Mapping[str, str] = dataclasses.field(default_factory=dict)
    multiple: bool = False


@dataclass(frozen=True, slots=True)
class TemplateMapping:
    template: str
    fields: tuple[FieldMapping, ...]


@dataclass(frozen=True, slots=True)
class TransferNote:
    kind: str  # filled | missing | empty | ambiguous | unit | unknown_code | unmapped
    field: str | None
    message: str
    paths: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "field": self.field,
            "message": self.message,
            "paths": list(self.paths),
        }


@dataclass(slots=True)
class TransferResult:
    template: str
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    notes: list[TransferNote] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "values": self.values,
            "notes": [n.as_dict() for n in self.notes],
        }


def bundled_mappings() -> list[str]:
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.json"))


def _code(data: Any, where: str) -> Code:
    if not isinstance(data, Mapping) or not data.get("code") or not data.get("scheme"):
        raise MappingError(f"{where}: a code needs 'code' and 'scheme'")
    return normalise(Code(str(data["code"]), str(data["scheme"]), str(data.get("meaning", ""))))


def load_mapping(source: str | Path | Mapping[str, Any]) -> TemplateMapping:
    """Load a mapping: a template id (bundled file), a JSON path or a parsed dict."""
    if isinstance(source, Mapping):
        data: Any = source
    else:
        path = Path(source)
        if not path.suffix and not path.exists():
            path = MAPPINGS_DIR / f"{source}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise MappingError(f"mapping not found: {source}") from None
        except json.JSONDecodeError as error:
            raise MappingError(f"{path.name}: invalid JSON ({error})") from None
    if not isinstance(data, Mapping) or "template" not in data or "fields" not in data:
        raise MappingError("a mapping needs 'template' and 'fields'")
    fields = []
    for name, spec in data["fields"].items():
        where = f"field {name!r}"
        if spec.get("source") not in _SOURCES:
            raise MappingError(f"{where}: source must be one of {sorted(_SOURCES)}")
        context = spec.get("where") or {}
        unknown = set(context) - {"laterality", "finding_site", "segment", "tracking_id"}
        if unknown:
            raise MappingError(f"{where}: unknown 'where' keys {sorted(unknown)}")
        if context.get("laterality") not in (None, "right", "left", "bilateral"):
            raise MappingError(f"{where}: laterality must be right, left or bilateral")
        fields.append(
            FieldMapping(
                field=name,
                source=spec["source"],
                concept=_code(spec["concept"], where) if spec.get("concept") else None,
                laterality=context.get("laterality"),
                finding_site=_code(context["finding_site"], where)
                if context.get("finding_site")
                else None,
                segment=_code(context["segment"], where) if context.get("segment") else None,
                tracking_id=context.get("tracking_id"),
                unit=spec.get("unit"),
                options=dict(spec.get("options") or {}),
                multiple=bool(spec.get("multiple", False)),
            )
        )
    return TemplateMapping(template=str(data["template"]), fields=tuple(fields))


def _key(code: Code) -> str:
    return f"{code.scheme.upper()}:{code.value}"


def _fits(spec: FieldMapping, item: Measurement | QualitativeEvaluation) -> bool:
    if spec.concept is not None and not item.concept.matches(spec.concept):
        return False
    if spec.laterality is not None and item.laterality != spec.laterality:
        return False
    if spec.finding_site is not None and (
        item.finding_site is None or not item.finding_site.matches(spec.finding_site)
    ):
        return False
    if spec.segment is not None and (
        item.segment is None or not item.segment.matches(spec.segment)
    ):
        return False
    return spec.tracking_id is None or item.tracking_id == spec.tracking_id


def transfer(case: Case, mapping: TemplateMapping) -> TransferResult:
    """Fill template fields from the case; every decision is written down in ``notes``."""
    result = TransferResult(template=mapping.template)
    used: set[str] = set()
    for spec in mapping.fields:
        if spec.source == "measurement":
            _measurement(case, spec, result, used)
        elif spec.source == "evaluation":
            _evaluation(case, spec, result, used)
        elif spec.source == "text":
            texts = [
                (t, p)
                for c, t, p in case.texts
                if c is not None and spec.concept and c.matches(spec.concept) and t
            ]
            if texts:
                result.values[spec.field] = "\n".join(t for t, _ in texts)
                result.notes.append(
                    TransferNote("filled", spec.field, "text copied", tuple(p for _, p in texts))
                )
            else:
                result.notes.append(TransferNote("missing", spec.field, "no such text item"))
        else:
            _site(case, spec, result)
    for m in case.measurements:
        if m.path not in used:
            result.notes.append(
                TransferNote(
                    "unmapped",
                    None,
                    f"measurement {m.concept.meaning or _key(m.concept)} "
                    f"({m.laterality or '-'}, "
                    f"{m.finding_site.meaning if m.finding_site else '-'}) has no field",
                    (m.path,),
                )
            )
    return result


def _measurement(case: Case, spec: FieldMapping, result: TransferResult, used: set[str]) -> None:
    found = [m for m in case.measurements if _fits(spec, m)]
    used.update(m.path for m in found)
    paths = tuple(m.path for m in found)
    if not found:
        result.notes.append(TransferNote("missing", spec.field, "no matching measurement"))
        return
    valued = [m for m in found if m.value is not None]
    if not valued:
        result.notes.append(
            TransferNote("empty", spec.field, "measurement present but without a value", paths)
        )
        return
    converted: list[float] = []
    for m in valued:
        value = m.value
        assert value is not None  # only valued measurements
        try:
            converted.append(convert(value, m.unit, spec.unit) if spec.unit else value)
        except UnitError as error:
            result.notes.append(TransferNote("unit", spec.field, str(error), (m.path,)))
            return
    distinct = sorted({round(v, 9) for v in converted})
    if len(distinct) > 1:
        result.notes.append(
            TransferNote(
                "ambiguous",
                spec.field,
                f"{len(distinct)} different values {distinct}: not filled",
                paths,
            )
        )
        return
    result.values[spec.field] = float(converted[0])
    unit_note = f" {valued[0].unit} -> {spec.unit}" if spec.unit else ""
    result.notes.append(
        TransferNote("filled", spec.field, f"value {converted[0]:g}{unit_note}", paths)
    )


def _evaluation(case: Case, spec: FieldMapping, result: TransferResult, used: set[str]) -> None:
    found = [e for e in case.evaluations if _fits(spec, e)]
    paths = tuple(e.path for e in found)
    if not found:
        result.notes.append(TransferNote("missing", spec.field, "no matching coded item"))
        return
    options: list[str] = []
    for e in found:
        option = spec.options.get(_key(e.value))
        if option is None:
            result.notes.append(
                TransferNote(
                    "unknown_code",
                    spec.field,
                    f"value {_key(e.value)} ({e.value.meaning}) has no option",
                    (e.path,),
                )
            )
        elif option not in options:
            options.append(option)
    if not options:
        return
    if spec.multiple:
        result.values[spec.field] = options
    elif len(options) > 1:
        result.notes.append(
            TransferNote("ambiguous", spec.field, f"several options {options}: not filled", paths)
        )
        return
    else:
        result.values[spec.field] = options[0]
    result.notes.append(TransferNote("filled", spec.field, f"option(s) {options}", paths))


def _site(case: Case, spec: FieldMapping, result: TransferResult) -> None:
    items: list[Measurement | QualitativeEvaluation] = [
        *case.measurements,
        *case.evaluations,
    ]
    sites: list[str] = []
    paths: list[str] = []
    for item in items:
        if not _fits(spec, item) or item.finding_site is None:
            continue
        key = _key(item.finding_site)
        option = spec.options.get(f"{key}/{item.laterality}") or spec.options.get(key)
        if option and option not in sites:
            sites.append(option)
            paths.append(item.path)
    if len(sites) == 1:
        result.values[spec.field] = sites[0]
        result.notes.append(TransferNote("filled", spec.field, f"site {sites[0]}", tuple(paths)))
    elif sites:
        result.notes.append(
            TransferNote("ambiguous", spec.field, f"several sites {sites}", tuple(paths))
        )
    else:
        result.notes.append(TransferNote("missing", spec.field, "no known finding site"))
