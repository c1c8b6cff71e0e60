"""Storing checked cases, and uploads too heavy for a request, checked by the worker."""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.exercises.models import (
    CaseKind,
    CaseSource,
    CaseUpload,
    CaseUploadStatus,
    SampleCase,
)
from courses.exercises.services.case_checks import (
    MAX_CASE_BYTES,
    CheckedCase,
    TooHeavyForARequest,
    check_case_file,
)
from courses.exercises.services.errors import CaseUploadError
from members.models import User

log = logging.getLogger(__name__)


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
        raise CaseUploadError(
            _("This file is already in the case library as “%(title)s”.")
            % {"title": existing.title}
        )
    case_data = case.as_dict(tree=True)
    problem = _unstorable(case_data)
    if problem:
        raise CaseUploadError(
            _("This file cannot be used as a case: %(problem)s.") % {"problem": problem}
        )
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
    *,
    uploaded: UploadedFile | bytes,
    title: str,
    kind: str = CaseKind.OTHER,
    deidentify: bool = False,
    user: User | None = None,
) -> SampleCase:
    """Check an uploaded DICOM-SR file and store it privately; nothing is stored on error."""
    data = _read_upload(uploaded)
    checked = check_case_file(data=data, deidentify=deidentify)
    return _store_checked(checked, title=title, kind=kind, user=user)


def _read_upload(uploaded: UploadedFile | bytes) -> bytes:
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_CASE_BYTES:
        raise CaseUploadError(_("The file is larger than 10 MB."))
    return uploaded.read(MAX_CASE_BYTES + 1) if hasattr(uploaded, "read") else bytes(uploaded)


def _store_checked(checked: CheckedCase, *, title: str, kind: str, user: User | None) -> SampleCase:
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
    *,
    uploaded: UploadedFile | bytes,
    title: str,
    kind: str = CaseKind.OTHER,
    deidentify: bool = False,
    user: User | None = None,
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


def _queue_upload(
    data: bytes, *, title: str, kind: str, deidentify: bool, user: User | None
) -> CaseUpload:
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
