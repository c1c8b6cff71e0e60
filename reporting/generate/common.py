"""Shared pieces of the synthetic case writers: deterministic UIDs, dummy header, SR wrap."""

from __future__ import annotations

from collections.abc import Sequence

import highdicom as hd
from pydicom.dataset import Dataset
from pydicom.sr.coding import Code as PydicomCode
from pydicom.uid import UID

from reporting.codes import Code
from reporting.phi import DEID_METHOD, DUMMY_INSTITUTION, deid_method_codes, mint_uid

LOCAL_SCHEME = "99ACADEMY"
EMPTY_SENTINEL = -999999.0  # private coding scheme for concepts without a standard code


def hd_code(code: Code) -> PydicomCode:
    """Our Code -> the pydicom Code highdicom expects."""
    return PydicomCode(code.value, code.scheme, code.meaning)


def uid_for(*parts: object) -> str:
    """A deterministic 2.25 UID from the given parts (so a seed always gives the same files),
    minted as the de-identification mints them, so the patient-data check accepts it."""
    return mint_uid("|".join(str(p) for p in parts))


def evidence_dataset(kind: str, seed: int, index: int, patient_name: str) -> Dataset:
    """A header-only US image dataset: highdicom copies patient/study data from it."""
    ds = Dataset()
    ds.SOPClassUID = UID("1.2.840.10008.5.1.4.1.1.6.1")  # Ultrasound Image Storage
    ds.SOPInstanceUID = uid_for(kind, seed, index, "evidence")
    ds.StudyInstanceUID = uid_for(kind, seed, index, "study")
    ds.SeriesInstanceUID = uid_for(kind, seed, index, "evidence-series")
    ds.Modality = "US"
    ds.PatientName = patient_name
    ds.PatientID = f"DEMO-{kind.upper()}-{seed}-{index}"
    ds.PatientBirthDate = ""
    ds.PatientSex = ""
    ds.StudyDate = "20000101"
    ds.StudyTime = "120000"
    ds.AccessionNumber = ""
    ds.ReferringPhysicianName = ""
    ds.StudyID = ""
    return ds


def wrap_comprehensive(
    content: Dataset,
    evidence: Dataset,
    *,
    kind: str,
    seed: int,
    index: int,
    three_d: bool = False,
) -> Dataset:
    """Put a root content item into a Comprehensive (3D) SR, with dummy, de-identified header."""
    cls = hd.sr.Comprehensive3DSR if three_d else hd.sr.ComprehensiveSR
    sr = cls(
        evidence=[evidence],
        content=content,
        series_instance_uid=uid_for(kind, seed, index, "sr-series"),
        series_number=900,
        sop_instance_uid=uid_for(kind, seed, index, "sr"),
        instance_number=1,
        manufacturer="Imaging Informatics Academy (synthetic)",
        institution_name=DUMMY_INSTITUTION,
        is_complete=True,
    )
    _finish_header(sr)
    _empty_sentinels(sr.ContentSequence)
    return sr


def _finish_header(ds: Dataset) -> None:
    # Fixed dates/times: deterministic output, and obviously not a real study.
    for keyword in ("ContentDate", "SeriesDate", "InstanceCreationDate"):
        if keyword in ds:
            setattr(ds, keyword, "20000101")
    for keyword in ("ContentTime", "SeriesTime", "InstanceCreationTime"):
        if keyword in ds:
            setattr(ds, keyword, "120000")
    for item in ds.get("ContributingEquipmentSequence") or []:
        if "ContributionDateTime" in item:
            item.ContributionDateTime = "20000101120000"
        if "ContributionDescription" in item:  # Annex E: X (free text)
            del item.ContributionDescription
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = DEID_METHOD
    ds.DeidentificationMethodCodeSequence = deid_method_codes()
    ds.LongitudinalTemporalInformationModified = "MODIFIED"
    # Declare the private coding scheme, as PS3.3 C.12.1.1.2 asks for non-standard ones.
    scheme = Dataset()
    scheme.CodingSchemeDesignator = LOCAL_SCHEME
    scheme.CodingSchemeName = "Imaging Informatics Academy local codes"
    scheme.CodingSchemeResponsibleOrganization = "Imaging Informatics Academy"
    ds.CodingSchemeIdentificationSequence = [scheme]


def container(
    code: Code,
    children: Sequence[hd.sr.ContentItem],
    *,
    relationship: str | None = None,
    template_id: str | None = None,
) -> hd.sr.ContainerContentItem:
    item = hd.sr.ContainerContentItem(
        name=hd_code(code), relationship_type=relationship, template_id=template_id
    )
    item.ContentSequence = hd.sr.ContentSequence(list(children))
    return item


def code_item(name: Code, value: Code, relationship: str) -> hd.sr.CodeContentItem:
    return hd.sr.CodeContentItem(
        name=hd_code(name), value=hd_code(value), relationship_type=relationship
    )


def num_item(name: Code, value: float | None, unit: Code) -> hd.sr.NumContentItem:
    """A NUM item; ``None`` gives an empty MeasuredValueSequence (no measurable flow)."""
    # highdicom cannot re-read an empty MeasuredValueSequence, so write a sentinel and
    # empty it once the document is built (see _empty_sentinels).
    return hd.sr.NumContentItem(
        name=hd_code(name),
        value=EMPTY_SENTINEL if value is None else value,
        unit=hd_code(unit),
        relationship_type="CONTAINS",
    )


def _empty_sentinels(items: object) -> None:
    for item in items or []:  # type: ignore[attr-defined]
        if item.get("ValueType") == "NUM":
            measured = item.get("MeasuredValueSequence")
            if measured and float(measured[0].NumericValue) == EMPTY_SENTINEL:
                item.MeasuredValueSequence = []
        _empty_sentinels(item.get("ContentSequence"))


def text_item(name: Code, value: str, relationship: str = "CONTAINS") -> hd.sr.TextContentItem:
    return hd.sr.TextContentItem(name=hd_code(name), value=value, relationship_type=relationship)
