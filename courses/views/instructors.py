"""Teaching staff's views: cohort enrolment, the instructor page, question import."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from courses import selectors, services
from courses.forms import (
    CohortEnrolmentForm,
    QuestionImportForm,
)
from members.decorators import teaching_staff_required

from .common import _taught_course


@login_required
@require_http_methods(["GET", "POST"])
@teaching_staff_required
def cohort_enrolment(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _taught_course(request, course_id)
    form = CohortEnrolmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            enrolments = services.enrol_cohort(
                course=course,
                users=form.cleaned_data["emails"],
                by=request.user,
                deadline=form.cleaned_data["deadline"],
            )
            messages.success(request, f"{len(enrolments)} learner(s) enrolled in {course.title}.")
            return redirect("course-instructor", course_id=course.id)
        status = 400
    return render(
        request, "courses/cohort_enrolment.html", {"form": form, "course": course}, status=status
    )


# --- Instructors ------------------------------------------------------------------------


@teaching_staff_required
def course_instructor(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _taught_course(request, course_id)
    stats = selectors.course_statistics(course)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="course-{course.id}-enrolments.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(
            ["email", "name", "enrolled_at", "deadline", "lessons_done", "percent", "completed_at"]
        )
        for row in stats["rows"]:
            e = row["enrolment"]
            writer.writerow(
                [
                    _csv_safe(e.user.email),
                    _csv_safe(e.user.name),
                    e.enrolled_at.isoformat(),
                    e.deadline.isoformat() if e.deadline else "",
                    row["done"],
                    row["percent"],
                    e.completed_at.isoformat() if e.completed_at else "",
                ]
            )
        return response
    return render(request, "courses/instructor.html", {"course": course, **stats})


def _csv_safe(value: str) -> str:
    """Keep spreadsheet formulas out of exported cells (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@login_required
@require_http_methods(["GET", "POST"])
@teaching_staff_required
def question_import(request: HttpRequest) -> HttpResponse:
    form = QuestionImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            report = services.import_questions(file=form.cleaned_data["file"])
            if report.ok:
                messages.success(request, f"{report.imported} question(s) imported.")
                return redirect("question-import")
        status = 400
    return render(
        request, "courses/question_import.html", {"form": form, "report": report}, status=status
    )
