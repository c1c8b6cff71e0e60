"""Exports of a submitted report: DICOM SR and a FHIR bundle, both built by the engine."""

from __future__ import annotations

from typing import Any

from courses.exercises.models import Submission
from courses.exercises.services.cases import dataset_bytes


def export_sr_bytes(*, submission: Submission) -> bytes:
    from reporting.export import export_dicom_sr

    template = submission.exercise.specific.report_template.model()
    dataset = export_dicom_sr(template, submission.values)
    return dataset_bytes(dataset=dataset)


def export_fhir(*, submission: Submission) -> dict[str, Any]:
    from reporting.export import export_fhir_bundle

    template = submission.exercise.specific.report_template.model()
    return export_fhir_bundle(template, submission.values)
