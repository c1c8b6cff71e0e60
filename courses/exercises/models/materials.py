"""What an exercise is built from: report templates, sample cases and case uploads."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def private_storage():
    return storages["private"]


def case_upload_path(instance: SampleCase, filename: str) -> str:
    return f"exercises/cases/{instance.sha256[:2]}/{instance.sha256}.dcm"


class ReportTemplate(models.Model):
    """An MRRT template, validated on import; the parsed model is cached as JSON."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100, unique=True, help_text=_("Template id (the engine's mapping file name).")
    )
    source = models.TextField(help_text=_("MRRT HTML source."))
    parsed = models.JSONField(default=dict, help_text="reporting.mrrt.template_to_dict()")
    problems = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def model(self):
        """The engine's typed Template (parsed once per instance)."""
        cached = getattr(self, "_model_cache", None)
        if cached is None:
            from reporting.mrrt import parse_template

            cached = parse_template(self.source)
            self._model_cache = cached
        return cached


class CaseKind(models.TextChoices):
    CAROTID = "carotid", _("Carotid duplex")
    THYROID = "thyroid", _("Thyroid nodule (TI-RADS)")
    LUNG = "lung", _("Lung nodule (Lung-RADS)")
    OTHER = "other", _("Other")


class CaseSource(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    GENERATED = "generated", _("Generated")
    DEIDENTIFIED = "deidentified", _("Uploaded and de-identified")


class SampleCase(models.Model):
    """A DICOM-SR case in private storage; its content is extracted once, at upload."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CaseKind.choices, default=CaseKind.OTHER)
    file = models.FileField(storage=private_storage, upload_to=case_upload_path, max_length=200)
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField(default=0)
    case_data = models.JSONField(default=dict, help_text="reporting.sr Case.as_dict(tree=True)")
    source = models.CharField(max_length=20, choices=CaseSource.choices)
    generator = models.JSONField(default=dict, blank=True, help_text="kind, seed, index")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class CaseUploadStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be checked")
    CHECKING = "checking", _("Being checked")
    READY = "ready", _("Checked and stored")
    REFUSED = "refused", _("Refused")


def raw_upload_path(instance: CaseUpload, filename: str) -> str:
    return f"exercises/uploads/{instance.token}.dcm"


class CaseUpload(models.Model):
    """One upload and its patient-data report: what was found, where, what was done.

    A heavy file waits here (``raw``, private storage) for the Celery check; the raw bytes
    are deleted once checked, and only a de-identified or clean copy becomes a SampleCase.
    """

    token = models.CharField(max_length=32, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CaseKind.choices, default=CaseKind.OTHER)
    deidentify = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=CaseUploadStatus.choices, default=CaseUploadStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True)
    raw = models.FileField(
        storage=private_storage, upload_to=raw_upload_path, max_length=200, blank=True
    )
    size = models.PositiveIntegerField(default=0)
    findings = models.JSONField(default=list, blank=True, help_text="reporting.phi findings")
    problems = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    case = models.ForeignKey(
        SampleCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def final(self) -> bool:
        return self.status in {CaseUploadStatus.READY, CaseUploadStatus.REFUSED}
