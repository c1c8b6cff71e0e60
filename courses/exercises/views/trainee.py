"""The trainee's views: exercises, the case workspace, submissions and their exports.
Thin: parse the request, call a selector or service, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from config.inputs import InvalidInput, optional, parse_int
from courses.exercises import selectors, services
from courses.exercises.forms import (
    ReportForm,
    with_section_titles,
)
from courses.exercises.models import (
    ExercisePage,
    SampleCase,
    SubmissionStatus,
)
from courses.exercises.views.lookups import case_or_404, exercise_or_404
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
    return ReportForm(data, initial=initial, template_fields=fields, exercise=exercise)


def render_workspace(
    request: HttpRequest, exercise: ExercisePage, case: SampleCase, *, preview: bool
):
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
    exercise = exercise_or_404(request, exercise_id)
    return render_workspace(request, exercise, case_or_404(exercise, case_id), preview=False)


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
