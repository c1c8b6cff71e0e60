"""Instructors' and staff's views: templates, cases, answer keys, gradebook, regrades.
Thin: parse the request, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.csv_export import csv_download
from courses.exercises import gradebook as gradebook_selectors
from courses.exercises import selectors, services
from courses.exercises.forms import (
    CaseUploadForm,
    GenerateCasesForm,
    TemplateImportForm,
)
from courses.exercises.models import (
    CaseUpload,
    ExercisePage,
    RegradeJob,
    ReportTemplate,
    SampleCase,
)
from courses.exercises.views.lookups import case_or_404, taught_exercise_or_403
from courses.exercises.views.trainee import render_workspace
from courses.teaching import exercises_taught, teaches_exercise
from members.decorators import teaching_staff_required
from members.models import User


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
            messages.success(
                request,
                _("%(count)s synthetic case(s) are in the library.") % {"count": len(rows)},
            )
            return redirect("exercise-manage")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "exercises/manage/form.html",
        {"form": form, "title": _("Generate synthetic cases")},
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
    exercise = taught_exercise_or_403(request, exercise_id)
    return render_workspace(request, exercise, case_or_404(exercise, case_id), preview=True)


@teaching_staff_required
@require_GET
def exercise_keys(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = taught_exercise_or_403(request, exercise_id)
    return render(
        request,
        "exercises/manage/keys.html",
        {"exercise": exercise, "rows": selectors.key_rows(exercise)},
    )


@teaching_staff_required
@require_GET
def gradebook(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = taught_exercise_or_403(request, exercise_id)
    context = gradebook_selectors.gradebook(exercise=exercise, page=request.GET.get("page"))
    return render(request, "exercises/manage/gradebook.html", {"exercise": exercise, **context})


@teaching_staff_required
@require_GET
def gradebook_csv(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = taught_exercise_or_403(request, exercise_id)
    return csv_download(
        filename=f"gradebook-{exercise.pk}.csv",
        header=gradebook_selectors.GRADEBOOK_CSV_HEADER,
        rows=gradebook_selectors.gradebook_csv_rows(exercise=exercise),
    )


@teaching_staff_required
@require_GET
def trainee_history(request: HttpRequest, exercise_id: int, user_id: int) -> HttpResponse:
    exercise = taught_exercise_or_403(request, exercise_id)
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
    exercise = taught_exercise_or_403(request, exercise_id)
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
