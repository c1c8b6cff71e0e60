"""Thin views: parse the request, call a selector or service, render."""

from __future__ import annotations

import csv
import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.inputs import InvalidInput, optional, parse_int
from courses.exercises import selectors, services
from courses.exercises.forms import (
    CaseUploadForm,
    GenerateCasesForm,
    KeyOverrideForm,
    ReportForm,
    TemplateImportForm,
    with_section_titles,
)
from courses.exercises.models import (
    CaseUpload,
    ExercisePage,
    RegradeJob,
    ReportTemplate,
    SampleCase,
    SubmissionStatus,
)
from courses.teaching import exercises_taught, teaches_exercise
from members.decorators import teaching_staff_required
from members.models import User
from members.selectors import is_teaching_staff


def _exercise(request: HttpRequest, exercise_id: int) -> ExercisePage:
    qs = ExercisePage.objects.select_related("report_template")
    if not is_teaching_staff(request.user):
        qs = qs.live()
    return get_object_or_404(qs, pk=exercise_id)


def _taught_exercise(request: HttpRequest, exercise_id: int) -> ExercisePage:
    """An exercise the signed-in instructor teaches (staff: any); others get 403."""
    exercise = _exercise(request, exercise_id)
    if not teaches_exercise(request.user, exercise):
        raise PermissionDenied(_("You do not teach the course of this exercise."))
    return exercise


def _case(exercise: ExercisePage, case_id: int) -> SampleCase:
    return get_object_or_404(exercise.cases.all(), pk=case_id)


# --- Trainee ----------------------------------------------------------------------------


@require_GET
def exercise_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "exercises/list.html",
        {
            "cards": selectors.exercise_cards(request.user),
            "can_manage": is_teaching_staff(request.user),
        },
    )


@login_required
@require_GET
def exercise_detail(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = _exercise(request, exercise_id)
    return render(
        request,
        "exercises/exercise.html",
        {
            "page": exercise,
            "exercise": exercise,
            "cases": selectors.exercise_cases(exercise, request.user),
            "can_manage": is_teaching_staff(request.user),
        },
    )


def _report_form(exercise: ExercisePage, data=None, initial=None) -> ReportForm:
    fields = with_section_titles(exercise.report_template.parsed)
    return ReportForm(data, initial=initial, template_fields=fields, exercise=exercise)


def _workspace(request: HttpRequest, exercise: ExercisePage, case: SampleCase, *, preview: bool):
    user = request.user
    draft = None if preview else selectors.current_draft(exercise, user, case)
    form = None
    derived = None
    transfer_notes = None
    if request.method == "POST":
        action = request.POST.get("action", "save")
        form = _report_form(exercise, request.POST)
        if action == "transfer":
            answer_key = services.ensure_key(exercise=exercise, case=case)
            # Without JavaScript, Enter in a field also lands here: keep what was typed.
            typed = {k: v for k, v in _posted_values(form).items() if v not in (None, "", [])}
            initial = {**answer_key.transfer.get("values", {}), **typed}
            form = _report_form(exercise, initial=initial)
            transfer_notes = answer_key.transfer.get("notes", [])
            filled = sum(1 for n in transfer_notes if n["kind"] == "filled")
            messages.info(request, f"Transferred {filled} measurement(s) from the case.")
        elif form.is_valid():
            if action == "derive" and exercise.show_derived:
                derived = _derived_rows(exercise, form.values())
            elif preview:
                messages.info(request, "Preview: nothing is saved or submitted.")
            elif action == "submit":
                try:
                    submission = services.submit(
                        user=user,
                        exercise=exercise,
                        case=case,
                        values=form.values(),
                        for_attempt=_posted_attempt(request),
                    )
                except services.ExerciseError as error:
                    form.add_error(None, error.message)
                else:
                    return redirect("exercise-submission", submission_id=submission.pk)
            else:
                try:
                    services.save_draft(
                        user=user, exercise=exercise, case=case, values=form.values()
                    )
                except services.ExerciseError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, "Draft saved.")
                    return redirect("exercise-case", exercise_id=exercise.pk, case_id=case.pk)
    if form is None:
        form = _report_form(exercise, initial=draft.values if draft else None)
    form.link_errors()
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "exercises/workspace.html",
        {
            "page": exercise,
            "exercise": exercise,
            "case": case,
            "case_view": selectors.case_view(case),
            "form": form,
            "sections": form.sections(),
            "preview": preview,
            "derived": derived,
            "transfer_notes": transfer_notes,
            "attempts_left": None if preview else selectors.attempts_left(exercise, user, case),
            "attempt": None
            if preview
            else services.next_attempt(user=user, exercise=exercise, case=case),
            "transfer_url": reverse(
                "exercise-transfer", kwargs={"exercise_id": exercise.pk, "case_id": case.pk}
            ),
        },
        status=status,
    )


def _posted_attempt(request: HttpRequest) -> int | None:
    """The attempt the form was shown for (a hidden field); None when absent or garbled."""
    try:
        return optional(request.POST, "attempt", parse_int, minimum=1, maximum=10_000)
    except InvalidInput:
        return None


def _posted_values(form: ReportForm) -> dict:
    """Whatever the trainee typed, kept when transfer re-renders the form without JS."""
    return {k: v for k, v in form.data.items() if k in form.fields and v not in ("", None)} | {
        k: form.data.getlist(k)
        for k in form.fields
        if hasattr(form.data, "getlist") and len(form.data.getlist(k)) > 1
    }


def _derived_rows(exercise: ExercisePage, values: dict) -> list[dict]:
    result = services.run_rules(exercise=exercise, values=values)
    labels = {f["id"]: f for f in exercise.report_template.parsed.get("fields", [])}
    rows = []
    for field_id, value in result.values.items():
        spec = labels.get(field_id, {})
        options = {o["value"]: o["label"] for o in spec.get("options", [])}
        explanation = result.explanations.get(field_id)
        rows.append(
            {
                "label": spec.get("label", field_id),
                "value": options.get(value, value) if isinstance(value, str) else value,
                "why": explanation.text if explanation else "",
                "source": explanation.source if explanation else "",
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def case_workspace(request: HttpRequest, exercise_id: int, case_id: int) -> HttpResponse:
    exercise = _exercise(request, exercise_id)
    return _workspace(request, exercise, _case(exercise, case_id), preview=False)


@login_required
@require_GET
def transfer_json(request: HttpRequest, exercise_id: int, case_id: int) -> JsonResponse:
    """The engine's transfer result for the case (measured values only, never the key)."""
    exercise = _exercise(request, exercise_id)
    case = _case(exercise, case_id)
    try:
        moved = services.case_transfer(exercise=exercise, case=case)
    except services.ExerciseError as error:
        return JsonResponse({"error": error.message}, status=409)
    return JsonResponse({"values": moved.get("values", {}), "notes": moved.get("notes", [])})


def _submission(request: HttpRequest, submission_id: int):
    submission = selectors.own_submission(request.user, submission_id)
    if submission is None:
        raise Http404("No such submission.")
    return submission


@login_required
@require_GET
def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = _submission(request, submission_id)
    context = selectors.result_view(submission, request.user)
    context["page"] = context["exercise"]
    return render(request, "exercises/submission.html", context)


@login_required
@require_GET
def submission_status(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = _submission(request, submission_id)
    context = selectors.result_view(submission, request.user)
    return render(request, "exercises/includes/result.html", context)


def _exportable(request: HttpRequest, submission_id: int):
    submission = _submission(request, submission_id)
    if submission.status == SubmissionStatus.DRAFT:
        raise Http404("Drafts cannot be exported; submit the report first.")
    return submission


@login_required
@require_GET
def export_sr(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = _exportable(request, submission_id)
    response = HttpResponse(
        services.export_sr_bytes(submission=submission), content_type="application/dicom"
    )
    response["Content-Disposition"] = f'attachment; filename="report-{submission.pk}.dcm"'
    return response


@login_required
@require_GET
def export_fhir(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = _exportable(request, submission_id)
    response = HttpResponse(
        json.dumps(services.export_fhir(submission=submission), indent=2),
        content_type="application/fhir+json",
    )
    response["Content-Disposition"] = f'attachment; filename="report-{submission.pk}.fhir.json"'
    return response


@login_required
@require_GET
def export_pdf(request: HttpRequest, submission_id: int) -> HttpResponse:
    from courses.exercises.pdf import report_pdf

    submission = _exportable(request, submission_id)
    context = selectors.result_view(submission, request.user)
    response = HttpResponse(report_pdf(submission, context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="report-{submission.pk}.pdf"'
    return response


# --- Instructors and staff --------------------------------------------------------------


@teaching_staff_required
@require_GET
def manage_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "exercises/manage/home.html",
        {
            "templates": ReportTemplate.objects.all(),
            "cases": SampleCase.objects.all(),
            "exercises": exercises_taught(request.user, ExercisePage.objects.order_by("title")),
            "jobs": RegradeJob.objects.select_related("exercise")[:10],
        },
    )


@teaching_staff_required
@require_http_methods(["GET", "POST"])
def template_import(request: HttpRequest) -> HttpResponse:
    form = TemplateImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            template = services.import_template(
                html=form.cleaned_data["source"],
                title=form.cleaned_data["title"],
                slug=form.cleaned_data["slug"],
                user=request.user,
            )
        except services.TemplateImportError as error:
            form.add_error(None, error.message)
            problems = error.details
        else:
            count = len(template.problems)
            if count:
                messages.warning(
                    request,
                    ngettext(
                        "Template “%(title)s” imported with %(count)d warning: see below.",
                        "Template “%(title)s” imported with %(count)d warnings: see below.",
                        count,
                    )
                    % {"title": template.title, "count": count},
                )
            else:
                messages.success(
                    request, _("Template “%(title)s” imported.") % {"title": template.title}
                )
            return redirect("exercise-template", template_id=template.pk)
    status = 400 if form.is_bound and (form.errors or problems) else 200
    return render(
        request,
        "exercises/manage/form.html",
        {
            "form": form,
            "problems": problems,
            "problems_title": _("Errors the MRRT profile does not allow"),
            "title": _("Import an MRRT template"),
            "multipart": True,
        },
        status=status,
    )


@teaching_staff_required
@require_GET
def template_detail(request: HttpRequest, template_id: int) -> HttpResponse:
    """An imported template: its fields and the warnings the engine found."""
    template = get_object_or_404(ReportTemplate, pk=template_id)
    return render(
        request,
        "exercises/manage/template.html",
        {"template": template, **selectors.template_overview(template=template)},
    )


@teaching_staff_required
@require_http_methods(["GET", "POST"])
def case_upload(request: HttpRequest) -> HttpResponse:
    form = CaseUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.receive_case_upload(
                uploaded=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                deidentify=form.cleaned_data["deidentify"],
                user=request.user,
            )
        except services.CaseUploadError as error:
            form.add_error("file", error.message)
            problems = error.details
        else:
            if upload.case is not None:
                note = _(" (de-identified copy stored)") if upload.findings else ""
                messages.success(
                    request,
                    _("Case “%(title)s” stored%(note)s.") % {"title": upload.title, "note": note},
                )
            return redirect("exercise-case-upload-status", token=upload.token)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "exercises/manage/form.html",
        {
            "form": form,
            "problems": problems,
            "title": _("Upload a DICOM-SR case"),
            "problems_title": _("Attributes that can identify a patient"),
            "multipart": True,
        },
        status=status,
    )


@teaching_staff_required
@require_http_methods(["GET"])
def case_upload_status(request: HttpRequest, token: str) -> HttpResponse:
    """The upload's patient-data report, and its progress while the task checks it."""
    upload = get_object_or_404(CaseUpload, token=token)
    template = (
        "exercises/includes/case_upload.html"
        if request.GET.get("fragment")
        else "exercises/manage/case_upload.html"
    )
    return render(request, template, {"upload": upload})


@teaching_staff_required
@require_http_methods(["GET", "POST"])
def case_generate(request: HttpRequest) -> HttpResponse:
    form = GenerateCasesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.generate_cases(
                kind=form.cleaned_data["kind"],
                count=form.cleaned_data["count"],
                seed=form.cleaned_data["seed"],
                user=request.user,
            )
        except services.ExerciseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{len(rows)} synthetic case(s) are in the library.")
            return redirect("exercise-manage")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "exercises/manage/form.html",
        {"form": form, "title": "Generate synthetic cases"},
        status=status,
    )


@teaching_staff_required
@require_GET
def case_download(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_object_or_404(SampleCase, pk=case_id)
    with case.file.open("rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type="application/dicom")
    response["Content-Disposition"] = f'attachment; filename="case-{case.pk}.dcm"'
    return response


@teaching_staff_required
@require_http_methods(["GET", "POST"])
def case_preview(request: HttpRequest, exercise_id: int, case_id: int) -> HttpResponse:
    exercise = _taught_exercise(request, exercise_id)
    return _workspace(request, exercise, _case(exercise, case_id), preview=True)


@teaching_staff_required
@require_GET
def exercise_keys(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = _taught_exercise(request, exercise_id)
    return render(
        request,
        "exercises/manage/keys.html",
        {"exercise": exercise, "rows": selectors.key_rows(exercise)},
    )


@teaching_staff_required
@require_http_methods(["GET", "POST"])
def key_detail(request: HttpRequest, exercise_id: int, case_id: int) -> HttpResponse:
    exercise = _taught_exercise(request, exercise_id)
    case = _case(exercise, case_id)
    # A GET shows the stored key, or says none is derived yet; only a POST derives one.
    answer_key = selectors.stored_key(exercise, case)
    labels = {f["id"]: f["label"] for f in exercise.report_template.parsed.get("fields", [])}
    choices = [(fid, labels.get(fid, fid)) for fid in labels]
    form = KeyOverrideForm(request.POST or None, field_choices=choices)
    if request.method == "POST":
        if request.POST.get("action") == "rederive":
            services.derive_key(exercise=exercise, case=case)
            messages.success(request, "Key derived again from the case (overrides kept).")
            return redirect("exercise-key", exercise_id=exercise.pk, case_id=case.pk)
        if form.is_valid():
            try:
                answer_key = services.ensure_key(exercise=exercise, case=case)
                services.set_key_override(
                    answer_key=answer_key,
                    field_id=form.cleaned_data["field"],
                    spec=form.cleaned_data["spec"],
                )
            except services.ExerciseError as error:
                form.add_error("spec", error.message)
            else:
                messages.success(
                    request, "Override saved. Start a regrade to apply it to past submissions."
                )
                return redirect("exercise-key", exercise_id=exercise.pk, case_id=case.pk)
    if answer_key is None:
        return render(
            request,
            "exercises/manage/key.html",
            {"exercise": exercise, "case": case, "key": None, "form": form},
            status=400 if form.is_bound and form.errors else 200,
        )
    effective = services.effective_key(answer_key=answer_key, exercise=exercise)
    rows = []
    for field_id, spec in effective.get("fields", {}).items():
        rows.append(
            {
                "field": field_id,
                "label": labels.get(field_id, field_id),
                "derived": json.dumps(answer_key.derived.get("fields", {}).get(field_id)),
                "override": json.dumps(answer_key.overrides.get(field_id))
                if field_id in answer_key.overrides
                else "",
                "effective": json.dumps(spec),
            }
        )
    return render(
        request,
        "exercises/manage/key.html",
        {
            "exercise": exercise,
            "case": case,
            "key": answer_key,
            "rows": rows,
            "form": form,
            "notes": answer_key.transfer.get("notes", []),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@teaching_staff_required
@require_GET
def gradebook(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = _taught_exercise(request, exercise_id)
    return render(
        request,
        "exercises/manage/gradebook.html",
        {"exercise": exercise, **selectors.gradebook(exercise)},
    )


@teaching_staff_required
@require_GET
def gradebook_csv(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = _taught_exercise(request, exercise_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in selectors.gradebook_rows(exercise):
        writer.writerow(
            ["'" + c if isinstance(c, str) and c[:1] in ("=", "+", "-", "@") else c for c in row]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gradebook-{exercise.pk}.csv"'
    return response


@teaching_staff_required
@require_GET
def trainee_history(request: HttpRequest, exercise_id: int, user_id: int) -> HttpResponse:
    exercise = _taught_exercise(request, exercise_id)
    trainee = get_object_or_404(User, pk=user_id)
    return render(
        request,
        "exercises/manage/trainee.html",
        {
            "exercise": exercise,
            "trainee": trainee,
            "submissions": selectors.trainee_history(exercise, trainee.pk),
        },
    )


@teaching_staff_required
@require_POST
def regrade_start(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = _taught_exercise(request, exercise_id)
    job = services.start_regrade(
        exercise=exercise,
        user=request.user,
        if_delayed=lambda: messages.info(
            request,
            _(
                "The grading service is unavailable right now. The regrade is saved and "
                "starts by itself as soon as the service is back."
            ),
        ),
    )
    return redirect("exercise-regrade", job_id=job.pk)


@teaching_staff_required
@require_GET
def regrade_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(RegradeJob.objects.select_related("exercise"), pk=job_id)
    if not teaches_exercise(request.user, job.exercise.specific):
        raise PermissionDenied(_("You do not teach the course of this exercise."))
    template = (
        "exercises/includes/regrade.html"
        if request.GET.get("fragment")
        else "exercises/manage/regrade.html"
    )
    return render(request, template, {"job": job})
