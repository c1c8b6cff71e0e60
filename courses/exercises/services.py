"""Writes of the exercises feature: templates, cases, keys, submissions, grading, regrades.

Every structured-reporting decision is the engine's (`reporting/`); this module stores
what the engine says and enforces who may do what and when.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import logging
import math
import os
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pydicom
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError

from courses.exercises.models import (
    AnswerKey,
    CaseKind,
    CaseSource,
    ExercisePage,
    GradeResult,
    RegradeJob,
    RegradeStatus,
    ReportTemplate,
    SampleCase,
    Submission,
    SubmissionStatus,
)
from members.models import User

log = logging.getLogger(__name__)

MAX_CASE_BYTES = 10 * 1024 * 1024
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
MAX_GENERATE = 50
GRADING_DELAY_ENV = "EXERCISES_GRADING_TEST_DELAY"  # test hook, see docs/exercises.md


class ExerciseError(Exception):
    """A refused action, with a message fit to show the user."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class CaseUploadError(ExerciseError):
    pass


class TemplateImportError(ExerciseError):
    pass


class AttemptsExhausted(ExerciseError):
    pass


# --- Templates --------------------------------------------------------------------------


def import_template(
    html: str | bytes, *, title: str = "", slug: str, user: User | None = None
) -> ReportTemplate:
    """Validate an MRRT template with the engine and store it; refuse it on any problem."""
    from reporting.mrrt import (
        TemplateParseError,
        parse_template,
        template_to_dict,
        validate_template,
    )

    size = len(html.encode("utf-8") if isinstance(html, str) else html)
    if size == 0:
        raise TemplateImportError("The template is empty.")
    if size > MAX_TEMPLATE_BYTES:
        raise TemplateImportError("The template is larger than 2 MB.")
    if isinstance(html, bytes):
        try:
            text = html.decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateImportError("The template is not UTF-8 text.")
    else:
        text = html
    try:
        problems = validate_template(text)
        template = parse_template(text)
    except TemplateParseError as error:
        raise TemplateImportError(f"This is not an MRRT template: {error}")
    if problems:
        raise TemplateImportError(
            f"The template has {len(problems)} problem(s); fix them and import it again.",
            [p.message + (f" ({p.where})" if p.where else "") for p in problems],
        )
    if not any(True for _ in template.iter_fields()):
        raise TemplateImportError("The template has no fields to fill in.")
    if ReportTemplate.objects.filter(slug=slug).exists():
        raise TemplateImportError(f"A template with the id {slug!r} exists already.")
    return ReportTemplate.objects.create(
        title=title or template.title or slug,
        slug=slug,
        source=text,
        parsed=template_to_dict(template),
        problems=[],
        created_by=user,
    )


def ensure_shipped_template(template_id: str) -> ReportTemplate:
    """The engine's shipped template as a ReportTemplate row (created once)."""
    from reporting.mrrt import shipped_template_path

    existing = ReportTemplate.objects.filter(slug=template_id).first()
    if existing is not None:
        return existing
    html = shipped_template_path(template_id).read_text(encoding="utf-8")
    return import_template(html, slug=template_id)


# --- Sample cases -----------------------------------------------------------------------


def _dataset_bytes(dataset: Dataset) -> bytes:
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


def check_case_file(data: bytes, *, deidentify: bool = False) -> CheckedCase:
    """Read an upload as DICOM SR and run the patient-data check; raise CaseUploadError.

    With ``deidentify`` a file that fails the check is de-identified by the engine and the
    de-identified bytes are returned instead (the original is never kept).
    """
    from reporting.phi import deidentify as engine_deidentify
    from reporting.phi import find_identifying
    from reporting.sr import ReadError, read_case

    if not data:
        raise CaseUploadError("The file is empty.")
    if len(data) > MAX_CASE_BYTES:
        raise CaseUploadError("The file is larger than 10 MB.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dataset = pydicom.dcmread(io.BytesIO(data))
    except InvalidDicomError:
        raise CaseUploadError("This is not a DICOM file (no DICM preamble or file meta).")
    except Exception as error:  # noqa: BLE001 - any parse failure is a bad upload
        raise CaseUploadError(f"The DICOM file cannot be read ({type(error).__name__}).")
    case = read_case(dataset)
    if isinstance(case, ReadError):
        raise CaseUploadError(f"This file cannot be used as a case: {case.message}.")
    try:
        findings = find_identifying(dataset)
    except Exception as error:  # noqa: BLE001
        raise CaseUploadError(f"The file cannot be checked for patient data ({error}).")
    listed = [
        f"{f.keyword or f.tag} at {f.path}: {f.reason}" + (f" ({f.hint})" if f.hint else "")
        for f in findings
    ]
    if not findings:
        return CheckedCase(data, case)
    if not deidentify:
        raise CaseUploadError(
            f"Refused: the file contains {len(findings)} attribute(s) that can identify a "
            "patient. Remove them, or tick 'de-identify it for me'.",
            listed,
        )
    try:
        clean = engine_deidentify(dataset, shift_dates_days=None, uid_salt=_uid_salt())
        clean_bytes = _dataset_bytes(clean)
    except Exception as error:  # noqa: BLE001
        raise CaseUploadError(f"De-identification failed ({type(error).__name__}: {error}).")
    left = find_identifying(clean)
    if left:
        raise CaseUploadError(
            "De-identification left identifying content; the file was not stored.",
            [f"{f.keyword or f.tag} at {f.path}: {f.reason}" for f in left],
        )
    clean_case = read_case(clean_bytes)
    if isinstance(clean_case, ReadError):
        raise CaseUploadError(f"The de-identified file cannot be read: {clean_case.message}.")
    return CheckedCase(clean_bytes, clean_case, [{"finding": text} for text in listed], True)


def _unstorable(value: Any) -> str | None:
    """Why extracted case data cannot go into a JSON column (SQLite JSON_VALID, PostgreSQL
    jsonb): a NaN/Infinity number or a NUL character in a text; None when it can."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            return "a text value contains a NUL character"
        if isinstance(item, float) and not math.isfinite(item):
            return "a numeric value is not a finite number"
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return None


def _store_case(
    data: bytes,
    case: Any,
    *,
    title: str,
    kind: str,
    source: str,
    user: User | None,
    generator: dict[str, Any] | None = None,
) -> SampleCase:
    digest = hashlib.sha256(data).hexdigest()
    existing = SampleCase.objects.filter(sha256=digest).first()
    if existing is not None:
        if source == CaseSource.GENERATED:
            return existing
        raise CaseUploadError(f"This file is already in the case library as “{existing.title}”.")
    case_data = case.as_dict(tree=True)
    problem = _unstorable(case_data)
    if problem:
        raise CaseUploadError(f"This file cannot be used as a case: {problem}.")
    row = SampleCase(
        title=title,
        kind=kind,
        sha256=digest,
        size=len(data),
        case_data=case_data,
        source=source,
        generator=generator or {},
        created_by=user,
    )
    row.file.save(f"{digest}.dcm", ContentFile(data), save=False)
    name = row.file.name
    try:
        with transaction.atomic():
            row.save()
    except Exception:
        row.file.storage.delete(name)
        raise
    return row


def upload_case(
    uploaded, *, title: str, kind: str = CaseKind.OTHER, deidentify: bool = False, user=None
) -> SampleCase:
    """Check an uploaded DICOM-SR file and store it privately; nothing is stored on error."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_CASE_BYTES:
        raise CaseUploadError("The file is larger than 10 MB.")
    data = uploaded.read(MAX_CASE_BYTES + 1) if hasattr(uploaded, "read") else bytes(uploaded)
    checked = check_case_file(data, deidentify=deidentify)
    source = CaseSource.DEIDENTIFIED if checked.deidentified else CaseSource.UPLOADED
    return _store_case(
        checked.data,
        checked.case,
        title=title or "Uploaded case",
        kind=kind,
        source=source,
        user=user,
    )


def generate_cases(
    kind: str, count: int, seed: int, *, user: User | None = None
) -> list[SampleCase]:
    """Synthetic cases from the engine's generator (same seed, same files: idempotent)."""
    from reporting.generate import KINDS
    from reporting.generate import generate_cases as engine_generate
    from reporting.phi import find_identifying
    from reporting.sr import ReadError, read_case

    if kind not in KINDS:
        raise ExerciseError(f"Unknown kind {kind!r}.")
    if not 1 <= count <= MAX_GENERATE:
        raise ExerciseError(f"Generate between 1 and {MAX_GENERATE} cases.")
    rows = []
    for generated in engine_generate(kind, count, seed):
        data = _dataset_bytes(generated.dataset)
        case = read_case(data)
        if isinstance(case, ReadError):
            raise ExerciseError(f"The generator produced an unreadable case: {case.message}")
        if find_identifying(generated.dataset):
            raise ExerciseError("The generator produced a case that fails the patient-data check.")
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


# --- Answer keys ------------------------------------------------------------------------


def _generic_key(template, values: Mapping[str, Any], rules) -> dict[str, Any]:
    """A key for a template the engine's build_key does not know (imported templates)."""
    from reporting.mrrt import FieldType

    derived = rules.values if rules else {}
    explanations = rules.explanations if rules else {}
    everything = {**values, **derived}
    fields: dict[str, Any] = {}
    for f in template.iter_fields():
        value = everything.get(f.id)
        if value is None:
            continue
        spec: dict[str, Any] = {"expected": value, "weight": 1.0, "required": True}
        if f.type is FieldType.NUMBER:
            spec.update(comparator="number", tolerance={"rel": 0.05})
        elif f.type is FieldType.SELECTION_LIST:
            spec["comparator"] = "multi" if f.multiple else "coded"
        else:
            spec.update(comparator="text", weight=0.5, required=False)
        if f.id in explanations:
            e = explanations[f.id]
            spec["rule"] = f"{e.rule}: {e.text}"
            if spec["comparator"] == "coded":
                spec["comparator"] = "derived"
        fields[f.id] = spec
    return {"template": "", "case": {}, "pass_mark": 0.7, "fields": fields}


def _case_object(case: SampleCase):
    from reporting.sr import ReadError, read_case

    with case.file.open("rb") as handle:
        data = handle.read()
    result = read_case(data)
    if isinstance(result, ReadError):
        raise ExerciseError(f"The stored case cannot be read: {result.message}")
    return result


def run_rules(exercise: ExercisePage, values: Mapping[str, Any]):
    """All the exercise's rule sets in order; later rule sets see earlier outputs."""
    from reporting.rules import RulesResult, apply_rules, load_ruleset

    merged_values: dict[str, Any] = {}
    explanations: dict[str, Any] = {}
    current = dict(values)
    for rule_id in exercise.rule_ids():
        result = apply_rules(load_ruleset(rule_id), current)
        merged_values.update(result.values)
        explanations.update(result.explanations)
        current.update(result.values)
    return RulesResult(values=merged_values, explanations=explanations)


def derive_key(exercise: ExercisePage, case: SampleCase) -> AnswerKey:
    """(Re)build the engine's key for one case; instructor overrides are kept."""
    from reporting.grading import build_key
    from reporting.grading.keys import FIELD_KINDS
    from reporting.transfer import load_mapping, transfer

    case_obj = _case_object(case)
    moved = transfer(case_obj, load_mapping(exercise.mapping_id))
    rules = run_rules(exercise, moved.values)
    slug = exercise.report_template.slug
    if slug in FIELD_KINDS:
        key = build_key(slug, moved.values, rules, case={"sample_case": case.pk})
    else:
        key = _generic_key(exercise.report_template.model(), moved.values, rules)
        key.update(template=slug, case={"sample_case": case.pk})
    answer_key, _ = AnswerKey.objects.update_or_create(
        exercise=exercise,
        case=case,
        defaults={"derived": key, "transfer": moved.as_dict()},
    )
    answer_key.key_hash = key_hash(effective_key(answer_key, exercise))
    answer_key.save(update_fields=["key_hash", "updated_at"])
    return answer_key


def ensure_key(exercise: ExercisePage, case: SampleCase) -> AnswerKey:
    existing = AnswerKey.objects.filter(exercise=exercise, case=case).first()
    return existing or derive_key(exercise, case)


def effective_key(answer_key: AnswerKey, exercise: ExercisePage | None = None) -> dict[str, Any]:
    """derived key <- exercise rubric (weights/tolerances) <- per-case instructor overrides."""
    exercise = exercise or answer_key.exercise
    key = copy.deepcopy(answer_key.derived)
    key["pass_mark"] = float(exercise.pass_mark)
    fields = key.setdefault("fields", {})
    for layer in (exercise.rubric or {}, answer_key.overrides or {}):
        for field_id, spec in layer.items():
            if field_id in fields:
                fields[field_id].update(copy.deepcopy(spec))
            elif "expected" in spec:
                fields[field_id] = {"comparator": "coded", "weight": 1.0, **copy.deepcopy(spec)}
    return key


def key_hash(key: Mapping[str, Any]) -> str:
    canonical = json.dumps(key, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def refresh_key_hashes(exercise: ExercisePage) -> None:
    """After a rubric change: recompute every key's hash (regrade then sees the change)."""
    for answer_key in AnswerKey.objects.filter(exercise=exercise):
        new = key_hash(effective_key(answer_key, exercise))
        if new != answer_key.key_hash:
            answer_key.key_hash = new
            answer_key.save(update_fields=["key_hash", "updated_at"])


def set_key_override(
    answer_key: AnswerKey, field_id: str, spec: Mapping[str, Any] | None
) -> AnswerKey:
    """Override one field of a key (None removes the override); the result must compile."""
    from reporting.grading import KeyError_, compile_key

    overrides = dict(answer_key.overrides or {})
    if spec:
        overrides[field_id] = dict(spec)
    else:
        overrides.pop(field_id, None)
    candidate = AnswerKey(
        exercise=answer_key.exercise,
        case=answer_key.case,
        derived=answer_key.derived,
        overrides=overrides,
    )
    merged = effective_key(candidate, answer_key.exercise)
    try:
        compile_key(merged)
    except (KeyError_, TypeError, ValueError) as error:
        raise ExerciseError(f"This override makes the key invalid: {error}")
    answer_key.overrides = overrides
    answer_key.key_hash = key_hash(merged)
    answer_key.save(update_fields=["overrides", "key_hash", "updated_at"])
    return answer_key


# --- Submissions ------------------------------------------------------------------------


def check_report_values(exercise: ExercisePage, values: Mapping[str, Any]) -> dict[str, Any]:
    """The engine's check_values; raise ExerciseError with its message."""
    from reporting.mrrt import ReportValueError, check_values

    try:
        return check_values(exercise.report_template.model(), values)
    except ReportValueError as error:
        raise ExerciseError(str(error))


def attempts_used(user: User, exercise: ExercisePage, case: SampleCase) -> int:
    return (
        Submission.objects.filter(user=user, exercise=exercise, case=case)
        .exclude(status=SubmissionStatus.DRAFT)
        .count()
    )


def _current_draft(user: User, exercise: ExercisePage, case: SampleCase) -> Submission:
    draft = Submission.objects.filter(
        user=user, exercise=exercise, case=case, status=SubmissionStatus.DRAFT
    ).first()
    if draft is None:
        last = (
            Submission.objects.filter(user=user, exercise=exercise, case=case)
            .order_by("-attempt")
            .values_list("attempt", flat=True)
            .first()
        )
        draft = Submission(
            user=user, exercise=exercise, case=case, attempt=(last or 0) + 1, values={}
        )
    return draft


def _check_case_in_exercise(exercise: ExercisePage, case: SampleCase) -> None:
    if not exercise.cases.filter(pk=case.pk).exists():
        raise ExerciseError("This case is not part of the exercise.")


def save_draft(
    user: User, exercise: ExercisePage, case: SampleCase, values: Mapping[str, Any]
) -> Submission:
    _check_case_in_exercise(exercise, case)
    checked = check_report_values(exercise, values)
    draft = _current_draft(user, exercise, case)
    draft.values = checked
    draft.save()
    return draft


@transaction.atomic
def submit(
    user: User, exercise: ExercisePage, case: SampleCase, values: Mapping[str, Any]
) -> Submission:
    """Commit the submission (queued), then queue grading once the transaction commits."""
    _check_case_in_exercise(exercise, case)
    checked = check_report_values(exercise, values)
    # Serialise a user's submits for this case so two clicks cannot both pass the check.
    list(Submission.objects.select_for_update().filter(user=user, exercise=exercise, case=case))
    if exercise.attempts_allowed and attempts_used(user, exercise, case) >= (
        exercise.attempts_allowed
    ):
        raise AttemptsExhausted(
            f"You have used all {exercise.attempts_allowed} attempt(s) for this case."
        )
    ensure_key(exercise, case)
    submission = _current_draft(user, exercise, case)
    now = timezone.now()
    submission.values = checked
    submission.status = SubmissionStatus.QUEUED
    submission.submitted_at = now
    submission.queued_at = now
    submission.save()
    enqueue_grading(submission.pk)
    return submission


def enqueue_grading(submission_id: int) -> None:
    """Queue grading after the commit. The submission is already safe in the database, so
    a broker that is down must not turn the trainee's submit into an error page: it stays
    queued and `exercises.requeue_stale` (beat, every 5 minutes) sends it again."""
    transaction.on_commit(lambda: _send_grading_task(submission_id))


def _send_grading_task(submission_id: int) -> None:
    from courses.exercises.tasks import grade_submission_task

    try:
        # No publish retries: a request must not hang while the broker is away.
        grade_submission_task.apply_async((submission_id,), retry=False)
    except Exception:  # kombu/redis raise many kinds of errors for an unreachable broker
        log.warning(
            "Broker unreachable: submission %s stays queued until requeue_stale",
            submission_id,
            exc_info=True,
        )


def grade_submission(submission_id: int) -> GradeResult | None:
    """Grade one submission with the engine and store the result (idempotent).

    Re-reads the submission; a submission already graded against the same key hash is
    left alone (the task may be delivered twice after a lost worker).
    """
    from reporting.grading import GRADER_VERSION, grade

    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update()
            .select_related("exercise", "case")
            .filter(pk=submission_id)
            .first()
        )
        if submission is None or submission.status == SubmissionStatus.DRAFT:
            return None
        exercise = submission.exercise.specific
        answer_key = ensure_key(exercise, submission.case)
        key = effective_key(answer_key, exercise)
        digest = key_hash(key)
        existing = GradeResult.objects.filter(submission=submission).first()
        if (
            existing is not None
            and submission.status == SubmissionStatus.GRADED
            and existing.key_hash == digest
            and existing.grader_version == GRADER_VERSION
        ):
            return existing
        submission.status = SubmissionStatus.GRADING
        submission.save(update_fields=["status", "updated_at"])

    delay = float(os.environ.get(GRADING_DELAY_ENV, "0") or 0)
    if delay > 0:
        time.sleep(delay)  # test hook: lets a test kill the worker mid-task

    graded = grade(key, submission.values)
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        existing = GradeResult.objects.filter(submission=submission).first()
        if (
            existing is not None
            and submission.status == SubmissionStatus.GRADED
            and existing.key_hash == digest
        ):
            return existing
        values = {
            "score": graded.score,
            "points": graded.points,
            "possible": graded.possible,
            "passed": graded.passed,
            "pass_mark": graded.pass_mark,
            "feedback": [f.as_dict() for f in graded.fields],
            "extra_fields": graded.extra_fields,
            "grader_version": graded.grader_version,
            "key_hash": digest,
            "graded_at": timezone.now(),
        }
        if existing is None:
            result = GradeResult.objects.create(submission=submission, **values)
        else:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.grading_count += 1
            existing.save()
            result = existing
        submission.status = SubmissionStatus.GRADED
        submission.error = ""
        submission.save(update_fields=["status", "error", "updated_at"])
        if result.passed and exercise.lesson_id:
            _record_lesson(submission.user, exercise)
    return result


def _record_lesson(user: User, exercise: ExercisePage) -> None:
    try:
        from courses.services import record_exercise_passed

        record_exercise_passed(user, exercise.lesson)
    except Exception:  # noqa: BLE001 - progress is a bonus; grading must not fail on it
        log.exception("could not record lesson progress for exercise %s", exercise.pk)


def mark_failed(submission_id: int, message: str) -> None:
    Submission.objects.filter(pk=submission_id).exclude(status=SubmissionStatus.GRADED).update(
        status=SubmissionStatus.FAILED, error=message[:2000], updated_at=timezone.now()
    )


def requeue_stale(minutes: float = 10) -> int:
    """Queue again the submissions stuck in queued/grading for more than ``minutes``."""
    cutoff = timezone.now() - timedelta(minutes=minutes)
    stale = list(
        Submission.objects.filter(
            status__in=[SubmissionStatus.QUEUED, SubmissionStatus.GRADING], queued_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for pk in stale:
        Submission.objects.filter(pk=pk).update(queued_at=timezone.now())
        enqueue_grading(pk)
    return len(stale)


# --- Regrading --------------------------------------------------------------------------


def start_regrade(exercise: ExercisePage, user: User | None = None) -> RegradeJob:
    """Recompute key hashes and queue a regrade of every submitted report of the exercise."""
    from courses.exercises.tasks import regrade_task

    refresh_key_hashes(exercise)
    total = (
        Submission.objects.filter(exercise=exercise).exclude(status=SubmissionStatus.DRAFT).count()
    )
    job = RegradeJob.objects.create(exercise=exercise, created_by=user, total=total)
    transaction.on_commit(lambda: regrade_task.delay(job.pk))
    return job


def run_regrade(job_id: int) -> RegradeJob:
    job = RegradeJob.objects.get(pk=job_id)
    if job.status == RegradeStatus.DONE:
        return job
    job.status = RegradeStatus.RUNNING
    job.done = 0
    job.changed = 0
    job.save(update_fields=["status", "done", "changed"])
    ids = list(
        Submission.objects.filter(exercise=job.exercise)
        .exclude(status=SubmissionStatus.DRAFT)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    try:
        for pk in ids:
            before = (
                GradeResult.objects.filter(submission_id=pk).values_list("score", flat=True).first()
            )
            result = grade_submission(pk)
            if result is not None and before is not None and abs(result.score - before) > 1e-9:
                RegradeJob.objects.filter(pk=job.pk).update(changed=models_F("changed") + 1)
            RegradeJob.objects.filter(pk=job.pk).update(done=models_F("done") + 1)
    except Exception as error:  # noqa: BLE001
        RegradeJob.objects.filter(pk=job.pk).update(
            status=RegradeStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    RegradeJob.objects.filter(pk=job.pk).update(
        status=RegradeStatus.DONE, total=len(ids), finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def models_F(name: str):  # noqa: N802 - a tiny alias keeps the loop readable
    from django.db.models import F

    return F(name)


# --- Exports ----------------------------------------------------------------------------


def export_sr_bytes(submission: Submission) -> bytes:
    from reporting.export import export_dicom_sr

    template = submission.exercise.specific.report_template.model()
    dataset = export_dicom_sr(template, submission.values)
    return _dataset_bytes(dataset)


def export_fhir(submission: Submission) -> dict[str, Any]:
    from reporting.export import export_fhir_bundle

    template = submission.exercise.specific.report_template.model()
    return export_fhir_bundle(template, submission.values)
