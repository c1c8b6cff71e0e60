"""Sample cases: DICOM-SR uploads checked for patient data, and synthetic cases.

A file is stored privately only after the engine has read it and found nothing that can
identify a patient (or has de-identified it on request); nothing is stored on error. The
check is in ``case_checks``, storing and the queued upload in ``case_uploads``; this module
generates synthetic cases and re-exports both.
"""

from __future__ import annotations

from django.utils.translation import gettext

from courses.exercises.models import (
    CaseKind,
    CaseSource,
    SampleCase,
)
from courses.exercises.services.case_checks import (
    CASE_LIMITS_DEPTH,
    CASE_LIMITS_ELEMENTS,
    CASE_LIMITS_SECONDS,
    MAX_CASE_BYTES,
    REQUEST_LIMITS_ELEMENTS,
    REQUEST_LIMITS_SECONDS,
    CheckedCase,
    TooHeavyForARequest,
    check_case_file,
    count_elements,
    dataset_bytes,
)
from courses.exercises.services.case_uploads import (
    _store_case,
    process_case_upload,
    receive_case_upload,
    requeue_case_uploads,
    upload_case,
)
from courses.exercises.services.errors import ExerciseError
from members.models import User

MAX_GENERATE = 50


def generate_cases(
    *, kind: str, count: int, seed: int, user: User | None = None
) -> list[SampleCase]:
    """Synthetic cases from the engine's generator (same seed, same files: idempotent)."""
    from reporting.generate import KINDS
    from reporting.generate import generate_cases as engine_generate
    from reporting.phi import find_identifying
    from reporting.sr import ReadError, read_case

    if kind not in KINDS:
        raise ExerciseError(gettext("Unknown kind %(kind)r.") % {"kind": kind})
    if not 1 <= count <= MAX_GENERATE:
        raise ExerciseError(
            gettext("Generate between 1 and %(maximum)s cases.") % {"maximum": MAX_GENERATE}
        )
    rows = []
    for generated in engine_generate(kind, count, seed):
        data = dataset_bytes(dataset=generated.dataset)
        case = read_case(data)
        if isinstance(case, ReadError):
            raise ExerciseError(
                gettext("The generator produced an unreadable case: %(message)s")
                % {"message": case.message}
            )
        if find_identifying(generated.dataset):
            raise ExerciseError(
                gettext("The generator produced a case that fails the patient-data check.")
            )
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


__all__ = [
    "MAX_CASE_BYTES",
    "dataset_bytes",
    "CheckedCase",
    "CASE_LIMITS_ELEMENTS",
    "CASE_LIMITS_DEPTH",
    "CASE_LIMITS_SECONDS",
    "REQUEST_LIMITS_ELEMENTS",
    "REQUEST_LIMITS_SECONDS",
    "TooHeavyForARequest",
    "count_elements",
    "check_case_file",
    "upload_case",
    "receive_case_upload",
    "process_case_upload",
    "requeue_case_uploads",
    "MAX_GENERATE",
    "generate_cases",
]
