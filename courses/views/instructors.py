"""Teaching staff's views: cohort enrolment, the instructor page, question import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from config.csv_export import csv_download
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
            messages.success(
                request,
                gettext("%(count)s learner(s) enrolled in %(title)s.")
                % {"count": len(enrolments), "title": course.title},
            )
            return redirect("course-instructor", course_id=course.id)
        status = 400
    return render(
        request, "courses/cohort_enrolment.html", {"form": form, "course": course}, status=status
    )


# --- Instructors ------------------------------------------------------------------------


@teaching_staff_required
def course_instructor(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _taught_course(request, course_id)
    if request.GET.get("format") == "csv":
        return csv_download(
            filename=f"course-{course.id}-enrolments.csv",
            header=selectors.ENROLMENT_CSV_HEADER,
            rows=selectors.enrolment_csv_rows(course=course),
        )
    stats = selectors.course_statistics(course=course, page=request.GET.get("page"))
    return render(request, "courses/instructor.html", {"course": course, **stats})


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
                messages.success(
                    request,
                    gettext("%(count)s question(s) imported.") % {"count": report.imported},
                )
                return redirect("question-import")
        status = 400
    return render(
        request, "courses/question_import.html", {"form": form, "report": report}, status=status
    )
