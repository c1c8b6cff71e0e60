"""A finished MRRT report as a DICOM Basic Text SR document (TID 2000).

Basic Text SR has no NUM content items, so numbers travel as TEXT with their units.
Layout: root CONTAINER (18748-4, LN) -> language (TID 1204) -> one CONTAINER per level-1
section with a CID 7001 heading -> nested CONTAINERs for sub-sections -> one TEXT or
CODE item per filled field. A field's first code names the item; its other codes become
HAS CONCEPT MOD children (Laterality or Finding Site), as TID 5100 does for vessels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from reporting import __version__
from reporting.codes import Code
from reporting.export.common import display_value, field_heading
from reporting.mrrt.model import Field, FieldType, Section, Template
from reporting.mrrt.values import check_values

BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11"
REPORT_ROOT = Code("18748-4", "LN", "Diagnostic Imaging Report")
LANGUAGE = Code("121049", "DCM", "Language of Content Item and Descendants")
ENGLISH = Code("en", "RFC5646", "English")
LATERALITY = Code("272741003", "SCT", "Laterality")
FINDING_SITE = Code("363698007", "SCT", "Finding Site")
LATERALITY_VALUES = {"24028007", "7771000", "51440002"}  # right, left, bilateral (SCT)

# CID 7001 headings for sections the template did not code with one.
HEADINGS = {
    "findings": Code("59776-5", "LN", "Findings"),
    "impression": Code("19005-8", "LN", "Impressions"),
    "clinical": Code("55752-0", "LN", "Clinical Information"),
    "procedure": Code("55111-9", "LN", "Current Procedure Descriptions"),
    "comparison": Code("18834-2", "LN", "Previous Findings"),
    "recommendation": Code("18783-1", "LN", "Recommendations"),
    "conclusion": Code("55110-1", "LN", "Conclusions"),
}
# CID 7002 element names for uncoded fields, by the heading of the section they are in.
ELEMENTS = {
    "59776-5": Code("121071", "DCM", "Finding"),
    "19005-8": Code("121073", "DCM", "Impression"),
    "55752-0": Code("11329-0", "LN", "History"),
    "55111-9": Code("121065", "DCM", "Procedure Description"),
    "18834-2": Code("121069", "DCM", "Previous Finding"),
    "18783-1": Code("121075", "DCM", "Recommendation"),
    "55110-1": Code("121077", "DCM", "Conclusion"),
}

DEFAULT_ATTRIBUTES: dict[str, Any] = {
    "PatientName": "Anonymous^Trainee",
    "PatientID": "IIA-0001",
    "PatientBirthDate": "",
    "PatientSex": "O",
    "StudyInstanceUID": None,  # generated when not given
    "StudyDate": None,  # today
    "StudyTime": None,
    "StudyID": "1",
    "AccessionNumber": "",
    "ReferringPhysicianName": "",
    "StudyDescription": None,  # the template title
    "SeriesInstanceUID": None,
    "SeriesNumber": 1,
    "InstanceNumber": 1,
    "SOPInstanceUID": None,
    "Manufacturer": "Imaging Informatics Academy",
    "InstitutionName": None,
}


def _code_item(code: Code) -> Dataset:
    item = Dataset()
    item.CodeValue = code.value
    item.CodingSchemeDesignator = code.scheme
    item.CodeMeaning = (code.meaning or code.value)[:64]
    return item


def _item(relationship: str, value_type: str, concept: Code) -> Dataset:
    item = Dataset()
    item.RelationshipType = relationship
    item.ValueType = value_type
    item.ConceptNameCodeSequence = Sequence([_code_item(concept)])
    return item


def _container(relationship: str, concept: Code) -> Dataset:
    item = _item(relationship, "CONTAINER", concept)
    item.ContinuityOfContent = "SEPARATE"
    return item


def _text(concept: Code, text: str) -> Dataset:
    item = _item("CONTAINS", "TEXT", concept)
    item.TextValue = text
    return item


def _modifiers(codes: tuple[Code, ...]) -> list[Dataset]:
    items = []
    for code in codes:
        name = LATERALITY if code.value in LATERALITY_VALUES else FINDING_SITE
        item = _item("HAS CONCEPT MOD", "CODE", name)
        item.ConceptCodeSequence = Sequence([_code_item(code)])
        items.append(item)
    return items


def _heading(section: Section, inherited: Code | None) -> Code:
    own = [c for c in section.codes if c.value not in LATERALITY_VALUES]
    if own:
        return own[0]
    guessed = field_heading(section.title)
    return HEADINGS[guessed] if guessed else (inherited or HEADINGS["findings"])


def _field_items(field: Field, value: object, heading: Code | None) -> list[Dataset]:
    concept_codes = [c for c in field.codes if c.value not in LATERALITY_VALUES]
    if concept_codes:
        concept, text_prefix = concept_codes[0], ""
        rest = tuple(c for c in field.codes if c is not concept)
    else:
        concept = ELEMENTS.get(heading.value if heading else "59776-5", ELEMENTS["59776-5"])
        # A generic concept ("Finding") needs the label to make sense of a short answer;
        # free-text narrative (textareas) stands on its own.
        text_prefix = "" if field.multiline else f"{field.label or field.id}: "
        rest = field.codes
    if not display_value(field, value).strip():
        return []  # TextValue is type 1: an empty answer is simply left out
    chosen = []
    if field.type is FieldType.SELECTION_LIST:
        wanted = value if isinstance(value, list) else [value]
        chosen = [o for o in field.options if o.value in wanted]
    items: list[Dataset] = []
    if chosen and all(o.codes for o in chosen):
        for option in chosen:
            item = _item("CONTAINS", "CODE", concept)
            item.ConceptCodeSequence = Sequence([_code_item(option.codes[0])])
            items.append(item)
    else:
        items.append(_text(concept, text_prefix + display_value(field, value)))
    modifiers = _modifiers(rest)
    if modifiers:
        for item in items:
            item.ContentSequence = Sequence(_modifiers(rest))
    return items


def _content(
    children: tuple[Section | Field, ...], values: Mapping[str, object], heading: Code | None
) -> list[Dataset]:
    items: list[Dataset] = []
    for child in children:
        if isinstance(child, Field):
            if child.id in values:
                items += _field_items(child, values[child.id], heading)
            continue
        section_heading = _heading(child, heading)
        inner = _content(child.children, values, section_heading)
        if not inner:
            continue  # Basic Text SR needs no empty containers
        container = _container("CONTAINS", section_heading)
        laterality = tuple(c for c in child.codes if c.value in LATERALITY_VALUES)
        container.ContentSequence = Sequence(_modifiers(laterality) + inner)
        items.append(container)
    return items


_TEXT_VRS = {"LO", "LT", "PN", "SH", "ST", "UT", "UC"}


def _character_set(ds: Dataset) -> str:
    """Latin-1 when it is enough (dciodvfy cannot check UTF-8 text), else UTF-8."""
    for element in ds.iterall():
        if element.VR in _TEXT_VRS and element.value is not None:
            try:
                str(element.value).encode("latin-1")
            except UnicodeEncodeError:
                return "ISO_IR 192"
    return "ISO_IR 100"


def _now_parts(when: dt.datetime) -> tuple[str, str]:
    return when.strftime("%Y%m%d"), when.strftime("%H%M%S")


def export_dicom_sr(template: Template, values: Mapping[str, object], **attrs: Any) -> Dataset:
    """A Basic Text SR Dataset (with file meta) for the report.

    ``attrs`` overrides any of DEFAULT_ATTRIBUTES (patient, study, series, equipment):
    pass de-identified dummy values; missing UIDs are generated, dates default to now.
    Raises ReportValueError for values that do not fit the template and ValueError
    for unknown attribute names.
    """
    unknown = sorted(set(attrs) - set(DEFAULT_ATTRIBUTES))
    if unknown:
        raise ValueError(f"unknown DICOM attribute(s): {', '.join(unknown)}")
    checked = check_values(template, values)
    settings = {**DEFAULT_ATTRIBUTES, **attrs}
    now = dt.datetime.now()
    today, time_now = _now_parts(now)

    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 192"  # UTF-8: labels may hold any character
    ds.SOPClassUID = BASIC_TEXT_SR
    ds.SOPInstanceUID = settings["SOPInstanceUID"] or generate_uid()
    ds.InstanceCreationDate, ds.InstanceCreationTime = today, time_now
    # Patient module
    for key in ("PatientName", "PatientID", "PatientBirthDate", "PatientSex"):
        setattr(ds, key, settings[key])
    # General Study module
    ds.StudyInstanceUID = settings["StudyInstanceUID"] or generate_uid()
    ds.StudyDate = settings["StudyDate"] or today
    ds.StudyTime = settings["StudyTime"] or time_now
    ds.StudyID = settings["StudyID"]
    ds.AccessionNumber = settings["AccessionNumber"]
    ds.ReferringPhysicianName = settings["ReferringPhysicianName"]
    ds.StudyDescription = (settings["StudyDescription"] or template.title)[:64]
    # SR Document Series module
    ds.Modality = "SR"
    ds.SeriesInstanceUID = settings["SeriesInstanceUID"] or generate_uid()
    ds.SeriesNumber = settings["SeriesNumber"]
    ds.SeriesDescription = "Structured report"
    ds.ReferencedPerformedProcedureStepSequence = Sequence()
    # General Equipment module
    ds.Manufacturer = settings["Manufacturer"]
    if settings["InstitutionName"]:
        ds.InstitutionName = settings["InstitutionName"]
    ds.SoftwareVersions = f"reporting {__version__}"
    # SR Document General module
    ds.InstanceNumber = settings["InstanceNumber"]
    ds.CompletionFlag = "COMPLETE"
    ds.VerificationFlag = "UNVERIFIED"
    ds.ContentDate, ds.ContentTime = today, time_now
    ds.PerformedProcedureCodeSequence = Sequence()
    # SR Document Content module: the root container
    ds.ValueType = "CONTAINER"
    ds.ConceptNameCodeSequence = Sequence([_code_item(REPORT_ROOT)])
    ds.ContinuityOfContent = "SEPARATE"
    template_item = Dataset()
    template_item.MappingResource = "DCMR"
    template_item.TemplateIdentifier = "2000"
    ds.ContentTemplateSequence = Sequence([template_item])
    language = _item("HAS CONCEPT MOD", "CODE", LANGUAGE)
    language.ConceptCodeSequence = Sequence([_code_item(ENGLISH)])
    ds.ContentSequence = Sequence([language, *_content(template.content, checked, None)])

    ds.SpecificCharacterSet = _character_set(ds)

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.preamble = b"\x00" * 128
    return ds
