"""SR files that carry patient data where issue 11 found it, built with plain pydicom.

Each entry of :data:`PLACES` puts :data:`SECRET` (the patient's family name, which is also
in PatientName) or the hospital's name in one place of a real-looking SR file; the tests
then ask the check to find it and the de-identification to leave none of it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "sr" / "dcmtk"

SECRET = "Jansen"  # the patient's family name
HOSPITAL = "Sint Bavo Ziekenhuis Haarlem"
HOSPITAL_DOMAIN = "sintbavo-haarlem.example"
BIRTH_DATE = "19610315"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.dcm")) if CORPUS.is_dir() else []


def read(data: bytes) -> Dataset:
    return pydicom.dcmread(io.BytesIO(data))


def to_bytes(ds: Dataset) -> bytes:
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def _code(value: str, scheme: str, meaning: str) -> Dataset:
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return item


def content_item(value_type: str, concept: Dataset, relationship="CONTAINS", **values) -> Dataset:
    item = Dataset()
    item.RelationshipType = relationship
    item.ValueType = value_type
    item.ConceptNameCodeSequence = [concept]
    for keyword, value in values.items():
        setattr(item, keyword, value)
    return item


def with_patient(ds: Dataset) -> Dataset:
    """The patient every hostile file is about (also what a real export carries)."""
    ds.PatientName = f"{SECRET}^Marieke^J."
    ds.PatientID = "HB-0047110815"
    ds.PatientBirthDate = BIRTH_DATE
    ds.PatientSex = "F"
    return ds


def _text(ds: Dataset, meaning: str, text: str) -> None:
    concept = _code("99X1", "99HOSTILE", meaning)
    ds.ContentSequence.append(content_item("TEXT", concept, TextValue=text))


def _meta(ds: Dataset) -> FileMetaDataset:
    return ds.file_meta


def _issuer(ds: Dataset) -> None:
    issuer = Dataset()
    issuer.LocalNamespaceEntityID = HOSPITAL
    issuer.UniversalEntityID = HOSPITAL_DOMAIN
    issuer.UniversalEntityIDType = "DNS"
    ds.IssuerOfAccessionNumberSequence = [issuer]


def _nested(ds: Dataset) -> None:
    request = Dataset()
    request.StudyInstanceUID = ds.StudyInstanceUID
    request.AccessionNumber = ""
    request.ReferencedStudySequence = []
    request.RequestedProcedureID = ""
    request.RequestedProcedureDescription = ""
    request.RequestedProcedureCodeSequence = []
    request.PlacerOrderNumberImagingServiceRequest = ""
    request.FillerOrderNumberImagingServiceRequest = ""
    request.RequestedProcedureComments = f"Patient {SECRET} asked for a female sonographer"
    inner = Dataset()
    inner.ReasonForTheRequestedProcedure = f"{SECRET}: dizziness since the fall"
    request.RequestAttributesSequence = [inner]
    ds.ReferencedRequestSequence = [request]


def _private(ds: Dataset) -> None:
    block = ds.private_block(0x0029, "HOSTILE VENDOR 1.0", create=True)
    block.add_new(0x10, "LO", f"{SECRET}^Marieke")
    block.add_new(0x11, "LT", f"seen at {HOSPITAL}")


def _code_meaning(ds: Dataset) -> None:
    concept = _code("121071", "DCM", "Finding")
    item = content_item("CODE", concept)
    item.ConceptCodeSequence = [_code("LOC-17", "99HOSTILE", f"Seen by {SECRET} family doctor")]
    ds.ContentSequence.append(item)


def _institution_code(ds: Dataset) -> None:
    concept = _code("121071", "DCM", "Finding")
    item = content_item("CODE", concept)
    item.ConceptCodeSequence = [_code("LOC-18", "99HOSTILE", f"Referred by {HOSPITAL}")]
    ds.ContentSequence.append(item)
    ds.InstitutionName = HOSPITAL


def _standard_code_renamed(ds: Dataset) -> None:
    # A standard code whose meaning a device overwrote with free text.
    concept = _code("121071", "DCM", "Finding")
    item = content_item("CODE", concept)
    item.ConceptCodeSequence = [_code("24028007", "SCT", f"Right, as {SECRET} said")]
    ds.ContentSequence.append(item)


def _forged_marker(ds: Dataset) -> None:
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = "Imaging Informatics Academy: PS3.15 Basic + Clean SR content"
    _text(ds, "Comment", f"Mrs {SECRET} was anxious")


def _sr_person(ds: Dataset) -> None:
    concept = _code("121008", "DCM", "Person Observer Name")
    ds.ContentSequence.insert(
        0, content_item("PNAME", concept, "HAS OBS CONTEXT", PersonName="de Vries^Anna")
    )


def _sr_date(ds: Dataset) -> None:
    concept = _code("111536", "DCM", "Date of last menstrual period")
    ds.ContentSequence.append(content_item("DATE", concept, Date=BIRTH_DATE))


def _sr_uidref(ds: Dataset) -> None:
    concept = _code("121018", "DCM", "Procedure Study Instance UID")
    uid = "1.2.826.0.1.3680043.9.999.1.4711"
    ds.ContentSequence.append(content_item("UIDREF", concept, "HAS OBS CONTEXT", UID=uid))


def _verifying(ds: Dataset) -> None:
    observer = Dataset()
    observer.VerifyingObserverName = "de Vries^Anna"
    observer.VerifyingOrganization = HOSPITAL
    observer.VerificationDateTime = "20240102103000"
    observer.VerifyingObserverIdentificationCodeSequence = []
    ds.VerifyingObserverSequence = [observer]
    ds.VerificationFlag = "VERIFIED"
    ds.CompletionFlag = "COMPLETE"


def _attribute(keyword: str, value: str) -> Callable[[Dataset], None]:
    def put(ds: Dataset) -> None:
        setattr(ds, keyword, value)

    put.__name__ = keyword
    return put


def _meta_attribute(keyword: str, value) -> Callable[[Dataset], None]:
    def put(ds: Dataset) -> None:
        setattr(_meta(ds), keyword, value)

    return put


# place -> (how to put it there, the string that must not survive)
PLACES: dict[str, tuple[Callable[[Dataset], None], str]] = {
    "CurrentPatientLocation": (_attribute("CurrentPatientLocation", f"Room 12, {SECRET}"), SECRET),
    "MedicalAlerts": (_attribute("MedicalAlerts", f"{SECRET}: latex allergy"), SECRET),
    "RequestedProcedureComments": (
        _attribute("RequestedProcedureComments", f"call {SECRET} at home"),
        SECRET,
    ),
    "ReasonForTheRequestedProcedure": (
        _attribute("ReasonForTheRequestedProcedure", f"{SECRET} fell"),
        SECRET,
    ),
    "PatientState": (_attribute("PatientState", f"{SECRET} is anxious"), SECRET),
    "ResponsibleOrganization": (_attribute("ResponsibleOrganization", HOSPITAL), HOSPITAL),
    "PatientReligiousPreference": (
        _attribute("PatientReligiousPreference", f"{SECRET} family: Catholic"),
        SECRET,
    ),
    "CODE meaning (local code)": (_code_meaning, SECRET),
    "CODE meaning (standard code rewritten)": (_standard_code_renamed, SECRET),
    "CODE meaning with the institution": (_institution_code, HOSPITAL),
    "file meta PrivateInformation": (
        lambda ds: (
            _meta_attribute("PrivateInformationCreatorUID", "1.2.826.0.1.3680043.9.999")(ds),
            _meta_attribute("PrivateInformation", f"{SECRET} {HOSPITAL}".encode())(ds),
        ),
        SECRET,
    ),
    "file meta SourceApplicationEntityTitle": (
        _meta_attribute("SourceApplicationEntityTitle", "BAVO_US_04"),
        "BAVO_US_04",
    ),
    "IssuerOfAccessionNumberSequence": (_issuer, HOSPITAL_DOMAIN),
    "TEXT Observer Organization Name": (
        lambda ds: _text(ds, "Observer Organization Name", HOSPITAL),
        HOSPITAL,
    ),
    "TEXT with the patient's name": (
        lambda ds: _text(ds, "Comment", f"{SECRET} reports dizziness"),
        SECRET,
    ),
    "nested sequences": (_nested, SECRET),
    "private tags": (_private, SECRET),
    "forged PatientIdentityRemoved": (_forged_marker, SECRET),
    "SR PNAME item": (_sr_person, "Vries"),
    "SR DATE item": (_sr_date, BIRTH_DATE),
    "SR UIDREF item": (_sr_uidref, "1.2.826.0.1.3680043.9.999.1.4711"),
    "verifying observer": (_verifying, HOSPITAL),
}


def hostile(base: bytes, place: str) -> tuple[Dataset, str]:
    """``base`` with the patient and the patient data of ``place``; and what must go."""
    ds = with_patient(read(base))
    if "ContentSequence" not in ds:
        ds.ContentSequence = Sequence([])
    put, secret = PLACES[place]
    put(ds)
    return ds, secret


def every_string(ds: Dataset) -> list[str]:
    """Every value of every element at every level, file meta included, as text."""
    found: list[str] = []

    def walk(dataset: Dataset) -> None:
        for element in dataset:
            if element.VR == "SQ":
                for item in element.value or []:
                    walk(item)
                continue
            value = element.value
            if isinstance(value, bytes):
                found.append(value.decode("latin-1"))
            elif isinstance(value, list | tuple) or type(value).__name__ == "MultiValue":
                found.extend(str(item) for item in value)
            else:
                found.append(str(value))

    if getattr(ds, "file_meta", None) is not None:
        walk(ds.file_meta)
    walk(ds)
    return found


def heavy(base: bytes, elements: int) -> bytes:
    """``base`` (Explicit VR Little Endian, last group below 0041) followed by ``elements``
    private LO elements in odd groups from 0041: the padded file of issue 10 item 13.

    Written as raw bytes: pydicom would take minutes to build a million elements."""
    import struct

    ds = read(base)
    assert ds.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1"
    assert max(ds.keys()).group < 0x0041
    out = bytearray(base)
    written, group = 0, 0x0041
    while written < elements:
        blocks = min(0xF0, -(-(elements - written) // 257))
        for block in range(blocks):
            creator = f"PAD {block:03d}".encode()
            out += struct.pack("<HH2sH", group, 0x10 + block, b"LO", len(creator)) + creator
            written += 1
        for block in range(blocks):
            for element in range(256):
                if written >= elements:
                    break
                tag = ((0x10 + block) << 8) | element
                out += struct.pack("<HH2sH", group, tag, b"LO", 2) + b"x "
                written += 1
        group += 2
    return bytes(out)
