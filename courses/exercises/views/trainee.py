"""The trainee's views: exercises, the case workspace, submissions and their exports.
Thin: parse the request, call a selector or service, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.inputs import InvalidInput, optional, parse_int
from courses.exercises import selectors, services, workspace_selectors
from courses.exercises.forms import (
    ReportForm,
    with_section_titles,
)
from courses.exercises.models import (
    ExercisePage,
    SampleCase,
    SubmissionStatus,
)
from courses.exercises.services.workspace import ACTIONS, NEEDS_VALID_FORM, workspace_action
from courses.exercises.views.lookups import case_or_404, exercise_or_404
from courses.exercises.views.workspace_context import workspace_context
from members.selectors import is_teaching_staff


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
    exercise = exercise_or_404(request, exercise_id)
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
    if initial:
        # 321.0 is shown as the trainee typed it, 321.
        initial = {
            k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in initial.items()
        }
    return ReportForm(data, initial=initial, template_fields=fields, exercise=exercise)


def _posted_action(request: HttpRequest) -> str:
    if request.POST.get("apply"):
        return "apply"
    action = request.POST.get("action", "save")
    return action if action in ACTIONS else "save"


def render_workspace(
    request: HttpRequest, exercise: ExercisePage, case: SampleCase, *, preview: bool
) -> HttpResponse:
    """The reporting workstation: GET shows the case and the draft; POST runs one action
    (services.workspace.workspace_action) and shows the form again or redirects."""
    user = request.user
    form = None
    outcome = None
    if request.method == "POST":
        action = _posted_action(request)
        form = _report_form(exercise, request.POST)
        valid = form.is_valid() if action in NEEDS_VALID_FORM else True
        if valid:
            try:
                outcome = workspace_action(
                    user=user,
                    exercise=exercise,
                    case=case,
                    action=action,
                    values=form.values() if action != "transfer" else form.typed_values(),
                    preview=preview,
                    overwrite=request.POST.getlist("overwrite"),
                    apply_field=request.POST.get("apply"),
                    for_attempt=_posted_attempt(request),
                )
            except services.ExerciseError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
        if outcome is not None:
            if outcome.submission is not None:
                return redirect("exercise-submission", submission_id=outcome.submission.pk)
            if outcome.message:
                messages.info(request, outcome.message)
            if outcome.step == "saved":
                return redirect("exercise-case", exercise_id=exercise.pk, case_id=case.pk)
            if outcome.values is not None:
                form = _report_form(exercise, initial=outcome.values)
    if form is None:
        draft = None if preview else selectors.current_draft(exercise, user, case)
        form = _report_form(exercise, initial=draft.values if draft else None)
    form.link_errors()
    status = 400 if form.is_bound and form.errors else 200
    context = workspace_context(
        request=request,
        exercise=exercise,
        case=case,
        form=form,
        preview=preview,
        outcome=outcome,
    )
    return render(request, "exercises/workspace.html", context, status=status)


def _posted_attempt(request: HttpRequest) -> int | None:
    """The attempt the form was shown for (a hidden field); None when absent or garbled."""
    try:
        return optional(request.POST, "attempt", parse_int, minimum=1, maximum=10_000)
    except InvalidInput:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def case_workspace(request: HttpRequest, exercise_id: int, case_id: int) -> HttpResponse:
    exercise = exercise_or_404(request, exercise_id)
    return render_workspace(request, exercise, case_or_404(exercise, case_id), preview=False)


@require_POST
def autosave_draft(request: HttpRequest, exercise_id: int, case_id: int) -> JsonResponse:
    """The workspace's automatic save: the form's values as a draft, answered in JSON.
    A signed-out visitor gets 401 (not a redirect to the sign-in page), so the script can
    keep the draft in the browser and say so."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"error": gettext("Your session has expired. Sign in again to save your draft.")},
            status=401,
        )
    exercise = exercise_or_404(request, exercise_id)
    case = case_or_404(exercise, case_id)
    form = _report_form(exercise, request.POST)
    if not form.is_valid():
        return JsonResponse(
            {"saved": False, "errors": {k: [str(m) for m in v] for k, v in form.errors.items()}},
            status=400,
        )
    try:
        draft = services.save_draft(
            user=request.user, exercise=exercise, case=case, values=form.values()
        )
    except services.ExerciseError as error:
        return JsonResponse(
            {"saved": False, "errors": {error.field or "__all__": [error.message]}}, status=400
        )
    derived = (
        workspace_selectors.derived_rows(exercise=exercise, values=form.values())
        if exercise.show_derived
        else None
    )
    return JsonResponse(
        {
            "saved": True,
            "saved_at": draft.updated_at.isoformat(),
            "derived_html": None
            if derived is None
            else render_to_string(
                "exercises/includes/derived_items.html", {"derived": derived}, request=request
            ),
        }
    )


@login_required
@require_GET
def transfer_json(request: HttpRequest, exercise_id: int, case_id: int) -> JsonResponse:
    """The engine's transfer result for the case (measured values only, never the key)."""
    exercise = exercise_or_404(request, exercise_id)
    case = case_or_404(exercise, case_id)
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
