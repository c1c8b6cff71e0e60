"""Sample cases: DICOM-SR uploads checked for patient data, and synthetic cases.

A file is stored privately only after the engine has read it and found nothing that can
identify a patient (or has de-identified it on request); nothing is stored on error.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import secrets
import warnings
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pydicom
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError

from courses.exercises.models import (
    CaseKind,
    CaseSource,
    CaseUpload,
    CaseUploadStatus,
    SampleCase,
)
from courses.exercises.services.errors import CaseUploadError, ExerciseError
from members.models import User

log = logging.getLogger(__name__)

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


# A real SR case has a few thousand elements and nests a dozen levels; checking one takes
# well under a second. Anything far beyond that is refused, not parsed for minutes.
CASE_LIMITS_ELEMENTS = 100_000
CASE_LIMITS_DEPTH = 64
CASE_LIMITS_SECONDS = 20.0


# What a web request may spend on one upload; a file that needs more is checked by the
# Celery task (exercises.check_case_upload) under the limits above.
REQUEST_LIMITS_ELEMENTS = 20_000
REQUEST_LIMITS_SECONDS = 1.5


def _limits(*, in_request: bool = False):
    from reporting.phi import Limits

    if in_request:
        return Limits(REQUEST_LIMITS_ELEMENTS, CASE_LIMITS_DEPTH, REQUEST_LIMITS_SECONDS)
    return Limits(CASE_LIMITS_ELEMENTS, CASE_LIMITS_DEPTH, CASE_LIMITS_SECONDS)


class TooHeavyForARequest(Exception):
    """The upload needs more work than a web request may do: check it in the task."""


def count_elements(*, data: bytes, limit: int) -> int:
    """Top-level elements of a DICOM file, counted without parsing values; stops at
    ``limit + 1`` so that a file of a million elements costs no more than one of ``limit``."""
    from pydicom.filereader import data_element_generator, read_preamble

    stream = io.BytesIO(data)
    try:
        read_preamble(stream, force=False)
        pydicom.filereader._read_file_meta_info(stream)
    except Exception:  # noqa: BLE001 - dcmread will say what is wrong with it
        return 0
    count = 0
    try:
        for _element in data_element_generator(stream, False, True, defer_size=1):
            count += 1
            if count > limit:
                break
    except Exception:  # noqa: BLE001 - same
        return count
    return count


def _lines(findings) -> list[str]:
    return [finding.line() for finding in findings]


def check_case_file(
    *, data: bytes, deidentify: bool = False, in_request: bool = False, progress=None
) -> CheckedCase:
    """Read an upload as DICOM SR and run the patient-data check; raise CaseUploadError.

    The check is the engine's (PS3.15 Annex E, ``reporting.phi``), the same as
    ``python -m reporting case check-phi``; what the file says about itself is ignored.
    With ``deidentify`` a file with findings is de-identified and the copy is returned
    (the original is never kept); anything the copy still holds refuses the file.
    """
    from reporting.phi import LimitExceeded
    from reporting.phi import check as engine_check
    from reporting.phi import deidentify as engine_deidentify
    from reporting.sr import ReadError, read_case

    if not data:
        raise CaseUploadError(_("The file is empty."))
    if len(data) > MAX_CASE_BYTES:
        raise CaseUploadError(_("The file is larger than 10 MB."))
    limits = _limits(in_request=in_request)
    step = progress or (lambda percent, stage: None)
    step(10, _("Counting the elements"))
    if count_elements(data=data, limit=limits.max_elements) > limits.max_elements:
        if in_request:
            raise TooHeavyForARequest()
        raise CaseUploadError(
            _(
                "Refused without checking: more than %(count)s elements (a real case has a few "
                "thousand)."
            )
            % {"count": f"{limits.max_elements:,}"}
        )
    step(20, _("Reading the file"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dataset = pydicom.dcmread(io.BytesIO(data))
    except InvalidDicomError:
        raise CaseUploadError(_("This is not a DICOM file (no DICM preamble or file meta)."))
    except Exception as error:  # noqa: BLE001 - any parse failure is a bad upload
        raise CaseUploadError(
            _("The DICOM file cannot be read (%(error)s).") % {"error": type(error).__name__}
        )
    step(40, _("Checking for patient data"))
    try:
        findings = engine_check(dataset, limits=limits)
    except LimitExceeded as error:
        if in_request:
            raise TooHeavyForARequest()
        raise CaseUploadError(_("Refused without checking: %(why)s.") % {"why": error})
    except Exception as error:  # noqa: BLE001
        raise CaseUploadError(
            _("The file cannot be checked for patient data (%(error)s).") % {"error": error}
        )
    case = read_case(dataset)
    if isinstance(case, ReadError):
        raise CaseUploadError(
            _("This file cannot be used as a case: %(why)s.") % {"why": case.message}
        )
    if not findings:
        return CheckedCase(data, case)
    if not deidentify:
        raise CaseUploadError(
            _(
                "Refused: the file contains %(count)d attribute(s) that can identify a "
                "patient. Remove them, or tick 'de-identify it for me'."
            )
            % {"count": len(findings)},
            _lines(findings),
        )
    step(70, _("De-identifying"))
    try:
        result = engine_deidentify(dataset, salt=_uid_salt(), limits=limits)
        clean_bytes = dataset_bytes(dataset=result.dataset)
    except LimitExceeded:
        if in_request:
            raise TooHeavyForARequest()
        raise CaseUploadError(_("Refused: de-identifying it took too long."))
    except Exception as error:  # noqa: BLE001
        raise CaseUploadError(
            _("De-identification failed (%(error)s).") % {"error": type(error).__name__}
        )
    if result.left:
        raise CaseUploadError(
            _("De-identification could not clear everything; the file was not stored."),
            _lines(result.left),
        )
    clean_case = read_case(clean_bytes)
    if isinstance(clean_case, ReadError):
        raise CaseUploadError(
            _("The de-identified file cannot be read: %(why)s.") % {"why": clean_case.message}
        )
    report = [finding.as_dict() for finding in result.found]
    return CheckedCase(clean_bytes, clean_case, report, True)


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
    data = _read_upload(uploaded)
    checked = check_case_file(data=data, deidentify=deidentify)
    return _store_checked(checked, title=title, kind=kind, user=user)


def _read_upload(uploaded) -> bytes:
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_CASE_BYTES:
        raise CaseUploadError(_("The file is larger than 10 MB."))
    return uploaded.read(MAX_CASE_BYTES + 1) if hasattr(uploaded, "read") else bytes(uploaded)


def _store_checked(checked: CheckedCase, *, title: str, kind: str, user) -> SampleCase:
    source = CaseSource.DEIDENTIFIED if checked.deidentified else CaseSource.UPLOADED
    return _store_case(
        checked.data,
        checked.case,
        title=title or _("Uploaded case"),
        kind=kind,
        source=source,
        user=user,
    )


def receive_case_upload(
    *, uploaded, title: str, kind: str = CaseKind.OTHER, deidentify: bool = False, user=None
) -> CaseUpload:
    """The upload view's service: check within a request's budget, or hand it to Celery.

    A file that fits the budget (every real case) is checked here: refused with the list
    of findings (CaseUploadError), or stored with its report (a READY CaseUpload). A heavier
    one is kept privately as a QUEUED CaseUpload and checked by the task; it is not a case
    until the check has passed.
    """
    data = _read_upload(uploaded)
    try:
        checked = check_case_file(data=data, deidentify=deidentify, in_request=True)
    except TooHeavyForARequest:
        return _queue_upload(data, title=title, kind=kind, deidentify=deidentify, user=user)
    with transaction.atomic():
        row = _store_checked(checked, title=title, kind=kind, user=user)
        return CaseUpload.objects.create(
            token=secrets.token_hex(16),
            title=row.title,
            kind=kind,
            deidentify=deidentify,
            status=CaseUploadStatus.READY,
            progress=100,
            size=len(data),
            findings=checked.findings,
            case=row,
            created_by=user,
        )


def _queue_upload(data: bytes, *, title, kind, deidentify, user) -> CaseUpload:
    upload = CaseUpload(
        token=secrets.token_hex(16),
        title=title or _("Uploaded case"),
        kind=kind,
        deidentify=deidentify,
        size=len(data),
        stage=_("Waiting for a worker"),
        created_by=user,
    )
    upload.raw.save("upload.dcm", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            upload.save()
            transaction.on_commit(lambda: _send_check_task(upload.pk))
    except Exception:
        upload.raw.storage.delete(upload.raw.name)
        raise
    return upload


def _send_check_task(upload_id: int) -> None:
    from courses.exercises.tasks import check_case_upload_task

    try:
        check_case_upload_task.apply_async((upload_id,), retry=False)
    except Exception:  # an unreachable broker: the upload stays queued, requeue_stale resends
        log.warning("Broker unreachable: case upload %s stays queued", upload_id, exc_info=True)


def process_case_upload(*, upload_id: int) -> CaseUpload:
    """The Celery task's work: check (and de-identify) a queued upload, then drop the raw
    bytes. Idempotent: a finished upload is left as it is."""
    upload = CaseUpload.objects.get(pk=upload_id)
    if upload.final:
        return upload

    def progress(percent: int, stage: str) -> None:
        CaseUpload.objects.filter(pk=upload_id).update(
            status=CaseUploadStatus.CHECKING,
            progress=percent,
            stage=stage,
            updated_at=timezone.now(),
        )

    progress(5, _("Started"))
    with upload.raw.open("rb") as handle:
        data = handle.read()
    try:
        checked = check_case_file(data=data, deidentify=upload.deidentify, progress=progress)
        progress(90, _("Storing the checked copy"))
        with transaction.atomic():
            row = _store_checked(
                checked, title=upload.title, kind=upload.kind, user=upload.created_by
            )
            upload.case = row
            upload.findings = checked.findings
            upload.status = CaseUploadStatus.READY
            upload.message = ""
    except CaseUploadError as error:
        upload.status = CaseUploadStatus.REFUSED
        upload.message = error.message
        upload.problems = error.details
    upload.progress = 100
    upload.stage = ""
    upload.updated_at = timezone.now()
    name = upload.raw.name
    upload.raw = ""
    upload.save()
    if name:
        upload.raw.storage.delete(name)
    return upload


def requeue_case_uploads(*, minutes: float = 10) -> int:
    """Queue again the uploads a lost worker or broker left waiting."""
    cutoff = timezone.now() - timedelta(minutes=minutes)
    stale = list(
        CaseUpload.objects.filter(
            status__in=[CaseUploadStatus.QUEUED, CaseUploadStatus.CHECKING],
            updated_at__lt=cutoff,
        ).values_list("pk", flat=True)
    )
    for pk in stale:
        _send_check_task(pk)
    return len(stale)


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
