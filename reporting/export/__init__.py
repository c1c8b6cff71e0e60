"""Exchange formats for a finished report (template + values): DICOM SR and FHIR."""

from reporting.export.dicom_sr import export_dicom_sr
from reporting.export.fhir import export_fhir_bundle

__all__ = ["export_dicom_sr", "export_fhir_bundle"]
