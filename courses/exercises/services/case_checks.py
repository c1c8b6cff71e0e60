"""Reading an uploaded DICOM-SR within limits and checking it for patient data."""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pydicom
from django.conf import settings
from django.utils.translation import gettext as _
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError

from courses.exercises.services.errors import CaseUploadError

if TYPE_CHECKING:
    from reporting.phi import Finding, Limits

MAX_CASE_BYTES = 10 * 1024 * 1024


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


def _limits(*, in_request: bool = False) -> Limits:
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


def _lines(findings: Iterable[Finding]) -> list[str]:
    return [finding.line() for finding in findings]


def check_case_file(
    *,
    data: bytes,
    deidentify: bool = False,
    in_request: bool = False,
    progress: Callable[[int, str], None] | None = None,
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
