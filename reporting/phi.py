"""Patient-identifying content: find it (PS3.15 Annex E) and remove it.

Profile: Basic Application Level Confidentiality Profile with the Clean Structured
Content option (SR PNAME/TEXT/DATE items), and either Retain Longitudinal Temporal
Information with Modified Dates (dates shifted) or dates removed.

The "our dummy" rule: a dataset counts as de-identified by us when PatientIdentityRemoved
is YES *and* DeidentificationMethod contains :data:`DEID_MARKER`. Only then are these
values accepted: person names whose family name is one of :data:`DUMMY_FAMILY_NAMES`,
patient IDs starting with ``DEMO-`` or ``ANON-``, the institution :data:`DUMMY_INSTITUTION`,
dates/times (they were shifted or blanked by us) and UIDs under ``2.25.`` (hashed by us).
Everything else identifying must be empty or absent, whatever the marker says, and SR
TEXT items are still searched for name-like content.
"""

from __future__ import annotations

import copy
import datetime as _dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

__all__ = [
    "DEID_MARKER",
    "DEID_METHOD",
    "DUMMY_INSTITUTION",
    "Finding",
    "deid_method_codes",
    "deidentify",
    "find_identifying",
    "remap_uid",
]

DEID_MARKER = "Imaging Informatics Academy"
DEID_METHOD = f"{DEID_MARKER}: PS3.15 Basic + Clean SR content"  # LO, <= 64 chars
DUMMY_INSTITUTION = "Imaging Informatics Academy (synthetic)"
DUMMY_FAMILY_NAMES = frozenset({"demo", "anonymous", "removed"})
DUMMY_ID_PREFIXES = ("DEMO-", "ANON-")
STANDARD_UID_ROOT = "1.2.840.10008."
REMOVED_TEXT = "[removed by de-identification]"

# Annex E attributes (subset relevant to our modalities). Action: "Z" keep empty (type 2),
# "X" delete. PN, dates, UIDs and private tags are handled by VR, wherever they are.
_ATTRIBUTES: dict[str, tuple[str, str]] = {
    "PatientID": ("Z", "patient identifier"),
    "IssuerOfPatientID": ("X", "issuer of patient identifier"),
    "OtherPatientIDs": ("X", "other patient identifiers"),
    "OtherPatientIDsSequence": ("X", "other patient identifiers"),
    "PatientBirthDate": ("Z", "birth date"),
    "PatientBirthTime": ("X", "birth time"),
    "PatientSex": ("Z", "patient sex (Retain Patient Characteristics not claimed)"),
    "PatientAge": ("X", "patient age"),
    "PatientSize": ("X", "patient size"),
    "PatientWeight": ("X", "patient weight"),
    "PatientAddress": ("X", "patient address"),
    "PatientTelephoneNumbers": ("X", "patient telephone"),
    "PatientMotherBirthName": ("X", "mother's birth name"),
    "MedicalRecordLocator": ("X", "medical record locator"),
    "EthnicGroup": ("X", "ethnic group"),
    "Occupation": ("X", "occupation"),
    "MilitaryRank": ("X", "military rank"),
    "BranchOfService": ("X", "branch of service"),
    "RegionOfResidence": ("X", "region of residence"),
    "CountryOfResidence": ("X", "country of residence"),
    "PatientComments": ("X", "free-text patient comments"),
    "AdditionalPatientHistory": ("X", "free-text patient history"),
    "PatientInsurancePlanCodeSequence": ("X", "insurance plan"),
    "AccessionNumber": ("Z", "accession number"),
    "StudyID": ("Z", "study identifier"),
    "AdmissionID": ("X", "admission identifier"),
    "RequestedProcedureID": ("X", "requested procedure identifier"),
    "PerformedProcedureStepID": ("X", "procedure step identifier"),
    "ScheduledProcedureStepID": ("X", "procedure step identifier"),
    "PlacerOrderNumberImagingServiceRequest": ("X", "order number"),
    "FillerOrderNumberImagingServiceRequest": ("X", "order number"),
    "InstitutionName": ("X", "institution name"),
    "InstitutionAddress": ("X", "institution address"),
    "InstitutionalDepartmentName": ("X", "department name"),
    "InstitutionCodeSequence": ("X", "institution code"),
    "ReferringPhysicianAddress": ("X", "referring physician address"),
    "ReferringPhysicianTelephoneNumbers": ("X", "referring physician telephone"),
    "PhysiciansOfRecordIdentificationSequence": ("X", "physician identification"),
    "PerformingPhysicianIdentificationSequence": ("X", "physician identification"),
    "PersonIdentificationCodeSequence": ("X", "person identification code"),
    "PersonAddress": ("X", "person address"),
    "PersonTelephoneNumbers": ("X", "person telephone"),
    "VerifyingOrganization": ("X", "verifying organisation"),
    "StationName": ("X", "station name"),
    "DeviceSerialNumber": ("X", "device serial number"),
    "DetectorID": ("X", "detector identifier"),
    "StudyDescription": ("X", "free-text description"),
    "SeriesDescription": ("X", "free-text description"),
    "RequestedProcedureDescription": ("X", "free-text description"),
    "PerformedProcedureStepDescription": ("X", "free-text description"),
    "ImageComments": ("X", "free-text comments"),
    "ProtocolName": ("X", "free-text protocol name"),
    "OperatorIdentificationSequence": ("X", "operator identification"),
    "RequestAttributesSequence": ("X", "request attributes"),
}

_NAME_FIELDS_OK_WHEN_DUMMY = {"PatientID"}
_DATE_VRS = {"DA", "DT", "TM"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifying element: where it is and why it matters (value masked)."""

    tag: str
    keyword: str
    path: str
    reason: str
    hint: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "tag": self.tag,
            "keyword": self.keyword,
            "path": self.path,
            "reason": self.reason,
            "hint": self.hint,
        }


def deid_method_codes(*, dates_shifted: bool = False) -> Sequence:
    """DeidentificationMethodCodeSequence items (CID 7050) for what deidentify() does."""
    codes = [
        ("113100", "Basic Application Confidentiality Profile"),
        ("113104", "Clean Structured Content Option"),
    ]
    if dates_shifted:
        codes.append(("113107", "Retain Longitudinal Temporal Information Modified Dates Option"))
    items = []
    for value, meaning in codes:
        item = Dataset()
        item.CodeValue = value
        item.CodingSchemeDesignator = "DCM"
        item.CodeMeaning = meaning
        items.append(item)
    return Sequence(items)


def is_marked(dataset: Dataset) -> bool:
    """True when the dataset says it was de-identified by us (see module doc)."""
    return str(dataset.get("PatientIdentityRemoved", "")).upper() == "YES" and DEID_MARKER in str(
        dataset.get("DeidentificationMethod", "")
    )


def _mask(value: str) -> str:
    text = str(value)
    if not text:
        return ""
    return f"{text[0]}***({len(text)} chars)"


def _tag(element: DataElement) -> str:
    return f"({element.tag.group:04X},{element.tag.element:04X})"


def _walk(dataset: Dataset, prefix: str = "") -> Iterator[tuple[str, DataElement, Dataset]]:
    for element in dataset:
        name = element.keyword or _tag(element)
        path = f"{prefix}{name}"
        yield path, element, dataset
        if element.VR == "SQ" and element.value is not None:
            for index, item in enumerate(element.value):
                yield from _walk(item, f"{path}[{index}].")


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, Sequence | list | tuple):
        return len(value) == 0
    return str(value).strip() == ""


def _is_dummy_name(value: Any) -> bool:
    family = str(value).split("^", 1)[0].strip().lower()
    return family in DUMMY_FAMILY_NAMES


# TEXT content: DICOM PN syntax, a title followed by a capitalised word, "name:" labels,
# dates and long digit runs (IDs, phone numbers).
_TEXT_PATTERNS = [
    (re.compile(r"\b[A-Za-zÀ-ÿ'-]+\^[A-Za-zÀ-ÿ'-]+"), "DICOM person-name syntax"),
    (
        re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Miss|Prof|Herr|Frau|Mme|Mlle|Sig|Sr|Sra)\.?\s+[A-ZÀ-Þ]"),
        "title followed by a name",
    ),
    (re.compile(r"\b(?:name|patient|pt|mrn|dob)\s*[:#=]", re.I), "labelled identifier"),
    (re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b"), "date"),
    (re.compile(r"\d{6,}"), "long number (ID or phone)"),
]


def _known_tokens(dataset: Dataset) -> set[str]:
    """Name parts and IDs found elsewhere in the dataset, to spot them inside free text."""
    tokens: set[str] = set()
    for _path, element, _parent in _walk(dataset):
        if element.VR == "PN" and not _is_empty(element.value):
            values = element.value if element.VM > 1 else [element.value]
            for value in values:
                if _is_dummy_name(value):
                    continue
                tokens.update(t.lower() for t in re.split(r"[\^\s=]+", str(value)) if len(t) >= 3)
        elif element.keyword in {"PatientID", "OtherPatientIDs", "AccessionNumber"}:
            value = str(element.value or "")
            if len(value) >= 4 and not value.startswith(DUMMY_ID_PREFIXES):
                tokens.add(value.lower())
    return tokens


def _text_problem(text: str, tokens: set[str]) -> str | None:
    for pattern, why in _TEXT_PATTERNS:
        if pattern.search(text):
            return why
    if tokens:
        words = {w.lower() for w in re.findall(r"[\wÀ-ÿ'-]+", text)}
        if words & tokens:
            return "contains a name or ID found elsewhere in the dataset"
    return None


def find_identifying(dataset: Dataset) -> list[Finding]:
    """List every element that can identify the patient (values masked)."""
    marked = is_marked(dataset)
    tokens = _known_tokens(dataset)
    findings: list[Finding] = []
    for path, element, parent in _walk(dataset):
        keyword = element.keyword or ""
        value = element.value
        tag = _tag(element)
        if element.tag.is_private:
            if not _is_empty(value):
                findings.append(Finding(tag, keyword or "private", path, "private attribute"))
            continue
        if element.VR == "SQ":
            if keyword in _ATTRIBUTES and not _is_empty(value):
                findings.append(Finding(tag, keyword, path, _ATTRIBUTES[keyword][1]))
            continue
        if _is_empty(value):
            continue
        if element.VR == "PN":
            if marked and _is_dummy_name(value):
                continue
            reason = "person name"
            if parent.get("ValueType") == "PNAME":
                reason = "person name in SR PNAME content item"
            findings.append(Finding(tag, keyword, path, reason, _mask(str(value))))
        elif keyword in _ATTRIBUTES:
            if (
                marked
                and keyword in _NAME_FIELDS_OK_WHEN_DUMMY
                and str(value).startswith(DUMMY_ID_PREFIXES)
            ):
                continue
            if marked and keyword == "InstitutionName" and str(value) == DUMMY_INSTITUTION:
                continue
            findings.append(Finding(tag, keyword, path, _ATTRIBUTES[keyword][1], _mask(value)))
        elif element.VR in _DATE_VRS:
            if not marked:
                findings.append(Finding(tag, keyword, path, "date/time not shifted or removed"))
        elif element.VR == "UI":
            uid = str(value)
            if uid.startswith(STANDARD_UID_ROOT) or (marked and uid.startswith("2.25.")):
                continue
            findings.append(Finding(tag, keyword, path, "instance UID not remapped"))
        elif keyword == "TextValue" and parent.get("ValueType") == "TEXT":
            problem = _text_problem(str(value), tokens)
            if problem:
                findings.append(
                    Finding(tag, keyword, path, f"SR TEXT item: {problem}", _mask(str(value)))
                )
            elif not marked:
                findings.append(
                    Finding(tag, keyword, path, "SR TEXT item not reviewed (free text)")
                )
    return findings


def remap_uid(uid: str, salt: str) -> str:
    """Same UID + same salt -> same 2.25 UID, in any file (keeps references consistent)."""
    digest = hashlib.sha256(f"{salt}|{uid}".encode()).digest()
    return f"2.25.{int.from_bytes(digest[:16], 'big')}"


def _shift_date(text: str, days: int) -> str:
    try:
        day = _dt.datetime.strptime(text[:8], "%Y%m%d").date()
    except ValueError:
        return ""
    return (day + _dt.timedelta(days=days)).strftime("%Y%m%d") + text[8:]


def deidentify(
    dataset: Dataset,
    *,
    shift_dates_days: int | None = None,
    remove_dates: bool = False,
    uid_salt: str,
) -> Dataset:
    """Return a de-identified copy that :func:`find_identifying` passes.

    Dates are shifted by ``shift_dates_days`` (times kept) or, when ``remove_dates`` is set
    or no shift is given, blanked (SR DATE/DATETIME items, which must have a value, get
    19000101). UIDs outside the DICOM root are replaced by :func:`remap_uid`.
    """
    if not uid_salt:
        raise ValueError("uid_salt must be a non-empty secret")
    out = copy.deepcopy(dataset)
    tokens = _known_tokens(out)
    remove = remove_dates or shift_dates_days is None
    out.remove_private_tags()
    _clean(out, tokens, shift_dates_days or 0, remove, uid_salt)
    if getattr(out, "file_meta", None) is not None and "SOPInstanceUID" in out:
        out.file_meta.MediaStorageSOPInstanceUID = out.SOPInstanceUID
    out.PatientName = "Anonymous^Patient"
    pid = str(dataset.get("PatientID", "") or "")
    out.PatientID = "ANON-" + hashlib.sha256(f"{uid_salt}|{pid}".encode()).hexdigest()[:12]
    out.PatientIdentityRemoved = "YES"
    out.DeidentificationMethod = DEID_METHOD
    out.DeidentificationMethodCodeSequence = deid_method_codes(dates_shifted=not remove)
    out.LongitudinalTemporalInformationModified = "REMOVED" if remove else "MODIFIED"
    return out


def _clean(ds: Dataset, tokens: set[str], days: int, remove: bool, salt: str) -> None:
    for element in list(ds):
        keyword = element.keyword or ""
        if keyword in _ATTRIBUTES:
            action = _ATTRIBUTES[keyword][0]
            if action == "X":
                del ds[element.tag]
            else:
                element.value = ""
            continue
        if element.VR == "SQ":
            for item in element.value or []:
                _clean(item, tokens, days, remove, salt)
            continue
        if _is_empty(element.value):
            continue
        if element.VR == "PN":
            element.value = "Anonymous^Removed"
        elif element.VR == "UI":
            uid = str(element.value)
            if not uid.startswith(STANDARD_UID_ROOT):
                element.value = remap_uid(uid, salt)
        elif element.VR in _DATE_VRS:
            sr_value = ds.get("ValueType") in {"DATE", "DATETIME", "TIME"}
            if remove:
                if sr_value:
                    element.value = "000000" if element.VR == "TM" else "19000101"
                else:
                    element.value = ""
            elif element.VR in {"DA", "DT"}:
                element.value = _shift_date(str(element.value), days)
        elif element.VR == "AS":
            element.value = ""
        elif (
            keyword == "TextValue"
            and ds.get("ValueType") == "TEXT"
            and _text_problem(str(element.value), tokens)
        ):
            element.value = REMOVED_TEXT
