"""Factories for the exercises tests: templates, cases (engine-generated), exercises."""

from __future__ import annotations

import io
from decimal import Decimal
from functools import cache
from itertools import count

import pydicom
from django.core.files.uploadedfile import SimpleUploadedFile
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from wagtail.models import Page, Site

from courses.exercises import services
from courses.exercises.models import ExercisePage, FeedbackTiming, SampleCase

_seq = count()


@cache
def _generated(kind: str, count_: int, seed: int) -> tuple[bytes, ...]:
    from reporting.generate import generate_cases

    return tuple(
        services.dataset_bytes(dataset=c.dataset) for c in generate_cases(kind, count_, seed)
    )


def case_bytes(kind: str = "carotid", index: int = 0, seed: int = 11) -> bytes:
    """A clean synthetic SR file made by the engine (cached: generation is slow)."""
    return _generated(kind, 6, seed)[index]


def upload(data: bytes, name: str = "case.dcm") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/dicom")


def make_case(kind: str = "carotid", index: int = 0, seed: int = 11) -> SampleCase:
    existing = SampleCase.objects.filter(
        sha256=__import__("hashlib").sha256(case_bytes(kind, index, seed)).hexdigest()
    ).first()
    if existing:
        return existing
    return services.upload_case(
        uploaded=upload(case_bytes(kind, index, seed)), title=f"{kind} case {index}", kind=kind
    )


def with_patient_data(data: bytes) -> bytes:
    """The same case with a real-looking patient name, birth date and institution."""
    ds = pydicom.dcmread(io.BytesIO(data))
    ds.PatientName = "Jansen^Pieter"
    ds.PatientBirthDate = "19530412"
    ds.InstitutionName = "Sint Elisabeth Ziekenhuis"
    for keyword in ("PatientIdentityRemoved", "DeidentificationMethod"):
        if keyword in ds:
            delattr(ds, keyword)
    return services.dataset_bytes(dataset=ds)


def not_sr_bytes() -> bytes:
    """A valid DICOM file that is a CT image header, not a structured report."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "CT"
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def _site_root() -> Page:
    """The default site's root page (transaction=True tests flush Wagtail's own rows)."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale

    ContentType.objects.clear_cache()  # a flush recreates content types with new ids
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=Page(title="Home", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def make_exercise(
    *,
    template: str = "carotid-duplex",
    rules: str = "sru-carotid-2003",
    kind: str = "carotid",
    cases: int = 1,
    **fields,
) -> ExercisePage:
    report_template = services.ensure_shipped_template(template_id=template)
    n = next(_seq)
    page = ExercisePage(
        title=fields.pop("title", f"Exercise {n}"),
        slug=f"exercise-{n}",
        report_template=report_template,
        mapping_id=template,
        rule_set_ids=rules,
        pass_mark=fields.pop("pass_mark", Decimal("0.70")),
        attempts_allowed=fields.pop("attempts_allowed", 3),
        feedback_timing=fields.pop("feedback_timing", FeedbackTiming.IMMEDIATE),
        **fields,
    )
    _site_root().add_child(instance=page)
    page.cases.set([make_case(kind, i) for i in range(cases)])
    page.save_revision().publish()
    return ExercisePage.objects.get(pk=page.pk)


# The grade the SRU 2003 consensus gives each scenario the carotid generator draws, written
# out from the consensus table (ICA PSV < 125 cm/s with plaque: <50%; 125-230: 50-69%;
# > 230: >=70%; trickle flow: near occlusion; no lumen: occlusion). Perfect reports are made
# from these and from the generator's plan, never from the answer key under test, so a
# wrong mapping, rule set or key builder makes a "perfect" report score less than 100%.
SCENARIO_GRADES = {
    "normal": "normal",
    "normal at 124": "normal",
    "lt50 at 124": "lt50",
    "50-69 at 125": "50_69",
    "50-69 at 126": "50_69",
    "50-69 mid": "50_69",
    "50-69 at 229": "50_69",
    "50-69 at 230": "50_69",
    ">=70 at 231": "ge70",
    ">=70 high": "ge70",
    "near occlusion": "near_occlusion",
    "occlusion": "occlusion",
}
GRADE_PHRASES = {
    "normal": "no stenosis",
    "lt50": "plaque with less than 50% stenosis",
    "50_69": "50-69% stenosis",
    "ge70": "severe stenosis of 70% or more",
    "near_occlusion": "near occlusion",
    "occlusion": "total occlusion",
}


def _generator_origin(case: SampleCase, seed: int = 11) -> tuple[int, int]:
    """(seed, index) of the engine-generated case: recorded for generated cases, looked up
    among this module's uploads (seed 11) otherwise."""
    if case.generator:
        return case.generator["seed"], case.generator["index"]
    for index in range(6):
        if __import__("hashlib").sha256(case_bytes("carotid", index, seed)).hexdigest() == (
            case.sha256
        ):
            return seed, index
    raise AssertionError(f"{case} is not a generated carotid case")


def perfect_report(exercise: ExercisePage, case: SampleCase) -> dict:
    """The values a radiologist reading this carotid case correctly would enter.

    Built from what the generator put into the SR (its plan and indication) and the
    consensus grades above, independently of the answer key the site derives.
    """
    from reporting.generate.carotid import build

    assert exercise.report_template.slug == "carotid-duplex", "carotid exercises only"
    _, sides, indication = build(*_generator_origin(case))
    values: dict = {"clinical_info": indication}
    sentences = []
    for side, finding in sides.items():
        grade = SCENARIO_GRADES[finding.scenario]
        measured = {
            "cca_psv": finding.cca_psv,
            "cca_edv": finding.cca_edv,
            "ica_psv": finding.ica_psv,
            "ica_edv": finding.ica_edv,
            "ica_cca_ratio": finding.ratio,
        }
        values.update({f"{side}_{n}": v for n, v in measured.items() if v is not None})
        values[f"{side}_plaque"] = finding.plaque
        values[f"{side}_stenosis_grade"] = grade
        sentences.append(f"{side.capitalize()} ICA: {GRADE_PHRASES[grade]}.")
    values["impression"] = " ".join(sentences)
    return values
