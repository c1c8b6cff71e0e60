"""Sample cases: DICOM-SR uploads checked for patient data, and synthetic cases.

A file is stored privately only after the engine has read it and found nothing that can
identify a patient (or has de-identified it on request); nothing is stored on error.
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import pydicom
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError

from courses.exercises.models import CaseKind, CaseSource, SampleCase
from courses.exercises.services.errors import CaseUploadError, ExerciseError
from members.models import User

MAX_CASE_BYTES = 10 * 1024 * 1024


MAX_GENERATE = 50


def dataset_bytes(*, dataset: Dataset) -> bytes:
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def _uid_salt() -> str:
    return hashlib.sha256(f"exercises-deid|{settings.SECRET_KEY}".encode()).hexdigest()


@dataclass
class CheckedCase:
    data: bytes
    case: Any  # reporting.sr.Case
    findings: list[dict[str, str]] = field(default_factory=list)
    deidentified: bool = False


def check_case_file(*, data: bytes, deidentify: bool = False) -> CheckedCase:
    """Read an upload as DICOM SR and run the patient-data check; raise CaseUploadError.

    With ``deidentify`` a file that fails the check is de-identified by the engine and the
    de-identified bytes are returned instead (the original is never kept).
    """
    from reporting.phi import deidentify as engine_deidentify
    from reporting.phi import find_identifying
    from reporting.sr import ReadError, read_case

    if not data:
        raise CaseUploadError("The file is empty.")
    if len(data) > MAX_CASE_BYTES:
        raise CaseUploadError("The file is larger than 10 MB.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dataset = pydicom.dcmread(io.BytesIO(data))
    except InvalidDicomError:
        raise CaseUploadError("This is not a DICOM file (no DICM preamble or file meta).")
    except Exception as error:  # noqa: BLE001 - any parse failure is a bad upload
        raise CaseUploadError(f"The DICOM file cannot be read ({type(error).__name__}).")
    case = read_case(dataset)
    if isinstance(case, ReadError):
        raise CaseUploadError(f"This file cannot be used as a case: {case.message}.")
    try:
        findings = find_identifying(dataset)
    except Exception as error:  # noqa: BLE001
        raise CaseUploadError(f"The file cannot be checked for patient data ({error}).")
    listed = [
        f"{f.keyword or f.tag} at {f.path}: {f.reason}" + (f" ({f.hint})" if f.hint else "")
        for f in findings
    ]
    if not findings:
        return CheckedCase(data, case)
    if not deidentify:
        raise CaseUploadError(
            f"Refused: the file contains {len(findings)} attribute(s) that can identify a "
            "patient. Remove them, or tick 'de-identify it for me'.",
            listed,
        )
    try:
        clean = engine_deidentify(dataset, shift_dates_days=None, uid_salt=_uid_salt())
        clean_bytes = dataset_bytes(dataset=clean)
    except Exception as error:  # noqa: BLE001
        raise CaseUploadError(f"De-identification failed ({type(error).__name__}: {error}).")
    left = find_identifying(clean)
    if left:
        raise CaseUploadError(
            "De-identification left identifying content; the file was not stored.",
            [f"{f.keyword or f.tag} at {f.path}: {f.reason}" for f in left],
        )
    clean_case = read_case(clean_bytes)
    if isinstance(clean_case, ReadError):
        raise CaseUploadError(f"The de-identified file cannot be read: {clean_case.message}.")
    return CheckedCase(clean_bytes, clean_case, [{"finding": text} for text in listed], True)


def _unstorable(value: Any) -> str | None:
    """Why extracted case data cannot go into a JSON column (SQLite JSON_VALID, PostgreSQL
    jsonb): a NaN/Infinity number or a NUL character in a text; None when it can."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            return "a text value contains a NUL character"
        if isinstance(item, float) and not math.isfinite(item):
            return "a numeric value is not a finite number"
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return None


def _store_case(
    data: bytes,
    case: Any,
    *,
    title: str,
    kind: str,
    source: str,
    user: User | None,
    generator: dict[str, Any] | None = None,
) -> SampleCase:
    digest = hashlib.sha256(data).hexdigest()
    existing = SampleCase.objects.filter(sha256=digest).first()
    if existing is not None:
        if source == CaseSource.GENERATED:
            return existing
        raise CaseUploadError(f"This file is already in the case library as “{existing.title}”.")
    case_data = case.as_dict(tree=True)
    problem = _unstorable(case_data)
    if problem:
        raise CaseUploadError(f"This file cannot be used as a case: {problem}.")
    row = SampleCase(
        title=title,
        kind=kind,
        sha256=digest,
        size=len(data),
        case_data=case_data,
        source=source,
        generator=generator or {},
        created_by=user,
    )
    row.file.save(f"{digest}.dcm", ContentFile(data), save=False)
    name = row.file.name
    try:
        with transaction.atomic():
            row.save()
    except Exception:
        row.file.storage.delete(name)
        raise
    return row


def upload_case(
    *, uploaded, title: str, kind: str = CaseKind.OTHER, deidentify: bool = False, user=None
) -> SampleCase:
    """Check an uploaded DICOM-SR file and store it privately; nothing is stored on error."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_CASE_BYTES:
        raise CaseUploadError("The file is larger than 10 MB.")
    data = uploaded.read(MAX_CASE_BYTES + 1) if hasattr(uploaded, "read") else bytes(uploaded)
    checked = check_case_file(data=data, deidentify=deidentify)
    source = CaseSource.DEIDENTIFIED if checked.deidentified else CaseSource.UPLOADED
    return _store_case(
        checked.data,
        checked.case,
        title=title or "Uploaded case",
        kind=kind,
        source=source,
        user=user,
    )


def generate_cases(
    *, kind: str, count: int, seed: int, user: User | None = None
) -> list[SampleCase]:
    """Synthetic cases from the engine's generator (same seed, same files: idempotent)."""
    from reporting.generate import KINDS
    from reporting.generate import generate_cases as engine_generate
    from reporting.phi import find_identifying
    from reporting.sr import ReadError, read_case

    if kind not in KINDS:
        raise ExerciseError(f"Unknown kind {kind!r}.")
    if not 1 <= count <= MAX_GENERATE:
        raise ExerciseError(f"Generate between 1 and {MAX_GENERATE} cases.")
    rows = []
    for generated in engine_generate(kind, count, seed):
        data = dataset_bytes(dataset=generated.dataset)
        case = read_case(data)
        if isinstance(case, ReadError):
            raise ExerciseError(f"The generator produced an unreadable case: {case.message}")
        if find_identifying(generated.dataset):
            raise ExerciseError("The generator produced a case that fails the patient-data check.")
        label = dict(CaseKind.choices).get(kind, kind)
        rows.append(
            _store_case(
                data,
                case,
                title=f"{label}: synthetic case {generated.name}",
                kind=kind,
                source=CaseSource.GENERATED,
                user=user,
                generator={"kind": kind, "seed": seed, "index": generated.index},
            )
        )
    return rows
