"""Read any SR IOD into a :class:`Case`; every failure becomes a :class:`ReadError`."""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path
from typing import Any

import pydicom
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.multival import MultiValue

from reporting.codes import Code
from reporting.sr import vocab
from reporting.sr.model import (
    Case,
    ContentItem,
    Context,
    Measurement,
    QualitativeEvaluation,
    ReadError,
)

__all__ = ["read_case", "MAX_BYTES", "SR_SOP_CLASSES"]

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64  # real templates nest < 10 levels; deeper is garbage or an attack

SR_SOP_CLASSES = {
    "1.2.840.10008.5.1.4.1.1.88.11": "Basic Text SR",
    "1.2.840.10008.5.1.4.1.1.88.22": "Enhanced SR",
    "1.2.840.10008.5.1.4.1.1.88.33": "Comprehensive SR",
    "1.2.840.10008.5.1.4.1.1.88.34": "Comprehensive 3D SR",
    "1.2.840.10008.5.1.4.1.1.88.35": "Extensible SR",
    "1.2.840.10008.5.1.4.1.1.88.59": "Key Object Selection",
    "1.2.840.10008.5.1.4.1.1.88.67": "X-Ray Radiation Dose SR",
}

_MODIFIER_RELATIONSHIPS = {"HAS CONCEPT MOD", "HAS OBS CONTEXT", "HAS ACQ CONTEXT"}


class _Bad(Exception):
    """Internal: a structural problem worth a specific message."""


def read_case(source: str | os.PathLike[str] | bytes | Dataset) -> Case | ReadError:
    """Read an SR document from a path, raw bytes or a pydicom Dataset.

    Returns a Case, or a ReadError saying why not (not DICOM, not SR, truncated, too
    big, no content...). Never raises for bad input.

    One reading path, pydicom's: SR files are read once, at upload (the extraction is
    stored with the case, ``Case.as_dict`` / ``Case.from_dict``), never while grading.
    """
    label = source if isinstance(source, str | os.PathLike) else type(source).__name__
    try:
        with warnings.catch_warnings():
            # pydicom warns on odd values; the reader is lenient on purpose
            warnings.simplefilter("ignore")
            loaded = _source(source)
            if isinstance(loaded, ReadError):
                return loaded
            if isinstance(loaded, Dataset):
                dataset: Dataset | ReadError = loaded
            else:
                data, data_label = loaded
                dataset = _dcmread(data, data_label)
                if isinstance(dataset, ReadError):
                    return dataset
            assert isinstance(dataset, Dataset)  # a ReadError returned above
            return _build_case(dataset)
    except _Bad as problem:
        return ReadError(str(problem), str(label))
    except RecursionError:
        return ReadError("content tree too deep", str(label))
    except Exception as error:  # noqa: BLE001 - the contract is "never raise"
        return ReadError(f"unreadable DICOM ({type(error).__name__}: {error})", str(label))


def _source(source: Any) -> Dataset | tuple[bytes, str] | ReadError:
    if isinstance(source, Dataset):
        return source
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        label = "bytes"
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        label = str(path)
        if not path.is_file():
            return ReadError("no such file", label)
        if path.stat().st_size > MAX_BYTES:
            return ReadError(f"file larger than {MAX_BYTES // (1024 * 1024)} MB", label)
        data = path.read_bytes()
    else:
        return ReadError(f"unsupported source type {type(source).__name__}")
    if len(data) > MAX_BYTES:
        return ReadError(f"input larger than {MAX_BYTES // (1024 * 1024)} MB", label)
    if not data:
        return ReadError("empty input", label)
    return data, label


def _dcmread(data: bytes, label: str) -> Dataset | ReadError:
    try:
        dataset = pydicom.dcmread(io.BytesIO(data))
    except InvalidDicomError:
        return ReadError("not a DICOM file (no DICM preamble or file meta)", label)
    # pydicom parses lazily: a broken element surfaces while the tree is walked, inside
    # read_case's error boundary, so no separate full pass (it doubled the cost).
    return dataset


def _code(item: Dataset | None) -> Code | None:
    if item is None:
        return None
    value = item.get("CodeValue") or item.get("LongCodeValue") or item.get("URNCodeValue")
    if not value:
        return None
    return Code(
        str(value),
        str(item.get("CodingSchemeDesignator", "") or ""),
        str(item.get("CodeMeaning", "") or ""),
    )


def _first(dataset: Dataset, keyword: str) -> Dataset | None:
    seq = dataset.get(keyword)
    if seq:
        first: Dataset = seq[0]
        return first
    return None


def _build_case(ds: Dataset) -> Case:
    sop_class = str(ds.get("SOPClassUID", "") or "")
    if sop_class not in SR_SOP_CLASSES and not (
        sop_class.startswith("1.2.840.10008.5.1.4.1.1.88.") or ds.get("Modality") == "SR"
    ):
        raise _Bad(f"not a structured report (SOP Class {sop_class or 'missing'})")
    if "ContentSequence" not in ds or ds.get("ValueType") != "CONTAINER":
        raise _Bad("SR without a root CONTAINER and ContentSequence")
    title = _code(_first(ds, "ConceptNameCodeSequence"))
    template = _first(ds, "ContentTemplateSequence")
    template_id = str(template.get("TemplateIdentifier")) if template else None
    case = Case(
        sop_class_uid=sop_class,
        sop_instance_uid=str(ds.get("SOPInstanceUID", "") or ""),
        sop_class_name=SR_SOP_CLASSES.get(sop_class, "SR"),
        title=title,
        template_id=template_id,
        root=ContentItem(None, "CONTAINER", title, path="1"),
    )
    content = ds.ContentSequence if isinstance(ds, Dataset) else ds["ContentSequence"]
    root_ctx = _context_from_children(Context(), content)
    case.root.children = _walk(case, content, "1", root_ctx, 1)
    return case


def _walk(
    case: Case, sequence: Any, parent_path: str, ctx: Context, depth: int
) -> list[ContentItem]:
    if depth > MAX_DEPTH:
        raise _Bad("content tree too deep")
    out: list[ContentItem] = []
    for index, item in enumerate(sequence, start=1):
        path = f"{parent_path}.{index}"
        node = _node(item, path)
        out.append(node)
        if node.is_reference:
            continue
        children = item.get("ContentSequence") or []
        own_ctx = _context_for(node, ctx, children)
        _collect(case, node, item, own_ctx)
        if children:
            node.children = _walk(case, children, path, own_ctx, depth + 1)
    return out


def _node(item: Dataset, path: str) -> ContentItem:
    relationship = item.get("RelationshipType")
    ref = item.get("ReferencedContentItemIdentifier")
    value_type = item.get("ValueType")
    if ref is not None and not value_type:
        values = ref if isinstance(ref, MultiValue | list | tuple) else [ref]
        ids = tuple(int(v) for v in values)
        return ContentItem(relationship, None, None, reference=ids, path=path)
    concept = _code(_first(item, "ConceptNameCodeSequence"))
    node = ContentItem(relationship, value_type, concept, path=path)
    if value_type == "TEXT":
        node.value = str(item.get("TextValue", "") or "")
    elif value_type == "CODE":
        node.value = _code(_first(item, "ConceptCodeSequence"))
    elif value_type == "NUM":
        measured = _first(item, "MeasuredValueSequence")
        raw = measured.get("NumericValue") if measured is not None else None
        if raw is not None and measured is not None:
            node.value = float(raw[0] if isinstance(raw, list | tuple) else raw)
            unit = _code(_first(measured, "MeasurementUnitsCodeSequence"))
            node.unit = unit.value if unit else None
    elif value_type in {"DATE", "TIME", "DATETIME", "UIDREF", "PNAME"}:
        keyword = {
            "DATE": "Date",
            "TIME": "Time",
            "DATETIME": "DateTime",
            "UIDREF": "UID",
            "PNAME": "PersonName",
        }[value_type]
        raw_value = item.get(keyword)
        node.value = None if raw_value is None else str(raw_value)
    elif value_type in {"IMAGE", "COMPOSITE", "WAVEFORM"}:
        ref_sop = _first(item, "ReferencedSOPSequence")
        if ref_sop is not None:
            node.value = {
                "sop_class_uid": str(ref_sop.get("ReferencedSOPClassUID", "")),
                "sop_instance_uid": str(ref_sop.get("ReferencedSOPInstanceUID", "")),
            }
    elif value_type in {"SCOORD", "SCOORD3D"}:
        data = item.get("GraphicData")
        node.value = {
            "graphic_type": str(item.get("GraphicType", "")),
            "points": len(data) if data is not None and hasattr(data, "__len__") else 0,
        }
    elif value_type == "TCOORD":
        node.value = {"temporal_range_type": str(item.get("TemporalRangeType", ""))}
    return node


def _context_for(node: ContentItem, parent: Context, children: Any) -> Context:
    ctx = Context(parent.laterality, parent.finding_site, parent.segment, parent.tracking_id)
    # TID 5100 vessel containers are named after the vessel itself.
    if node.value_type == "CONTAINER" and node.concept is not None:
        norm = vocab.normalise(node.concept)
        if norm.value in vocab.ANATOMY and norm.scheme == "SCT":
            ctx.finding_site = norm
    return _context_from_children(ctx, children)


def _context_from_children(ctx: Context, children: Any) -> Context:
    """Apply modifiers found among ``children`` (finding site, laterality, segment, id)."""
    for child in children:
        if child.get("RelationshipType") not in _MODIFIER_RELATIONSHIPS:
            continue
        concept = _code(_first(child, "ConceptNameCodeSequence"))
        if concept is None:
            continue
        concept = vocab.normalise(concept)
        value_type = child.get("ValueType")
        if value_type == "CODE":
            value = _code(_first(child, "ConceptCodeSequence"))
            if value is None:
                continue
            if concept.matches(vocab.FINDING_SITE):
                ctx.finding_site = vocab.normalise(value)
                # TID 1500 nests laterality (and topographical modifier) under the site
                for grandchild in child.get("ContentSequence") or []:
                    _apply_modifier(ctx, grandchild)
            else:
                _apply_modifier(ctx, child)
        elif value_type == "TEXT" and concept.matches(vocab.TRACKING_ID):
            ctx.tracking_id = str(child.get("TextValue", "") or "") or ctx.tracking_id
    return ctx


def _apply_modifier(ctx: Context, item: Dataset) -> None:
    concept = _code(_first(item, "ConceptNameCodeSequence"))
    value = _code(_first(item, "ConceptCodeSequence"))
    if concept is None or value is None:
        return
    concept = vocab.normalise(concept)
    if concept.matches(vocab.LATERALITY):
        ctx.laterality = vocab.laterality_of(value) or ctx.laterality
    elif (concept.value, concept.scheme) in vocab.VESSEL_SEGMENT_CONCEPTS:
        ctx.segment = vocab.normalise(value)


def _collect(case: Case, node: ContentItem, item: Dataset, ctx: Context) -> None:
    if node.concept is None:
        return
    if node.value_type == "NUM":
        derivation = None
        for child in item.get("ContentSequence") or []:
            concept = _code(_first(child, "ConceptNameCodeSequence"))
            if concept is not None and concept.matches(vocab.DERIVATION):
                derivation = _code(_first(child, "ConceptCodeSequence"))
        case.measurements.append(
            Measurement(
                concept=vocab.normalise(node.concept),
                value=node.value,
                unit=node.unit,
                laterality=ctx.laterality,
                finding_site=ctx.finding_site,
                segment=ctx.segment,
                tracking_id=ctx.tracking_id,
                derivation=derivation,
                path=node.path,
            )
        )
    elif node.value_type == "CODE" and isinstance(node.value, Code):
        # Modifiers (site, laterality...) are context, not evaluations.
        if node.relationship in _MODIFIER_RELATIONSHIPS:
            return
        case.evaluations.append(
            QualitativeEvaluation(
                concept=vocab.normalise(node.concept),
                value=vocab.normalise(node.value),
                laterality=ctx.laterality,
                finding_site=ctx.finding_site,
                segment=ctx.segment,
                tracking_id=ctx.tracking_id,
                path=node.path,
            )
        )
    elif node.value_type == "TEXT" and node.relationship not in _MODIFIER_RELATIONSHIPS:
        case.texts.append((node.concept, str(node.value), node.path))
