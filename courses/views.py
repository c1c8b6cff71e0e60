"""Thin views: parse the request, call a selector or service, render."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.http.request import RawPostDataException
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config.inputs import InvalidInput, load_json_object, parse_float, parse_id
from content.fragments import cached_fragment
from courses import selectors, services
from courses.choice_order import choices_in_order
from courses.forms import (
    CohortEnrolmentForm,
    EvaluationForm,
    PracticeExamForm,
    QuestionImportForm,
    VerifyForm,
)
from courses.models import (
    Certificate,
    CoursePage,
    LessonPage,
    PracticeExamAttempt,
    QuizAttempt,
)
from courses.teaching import teaches
from members.decorators import teaching_staff_required
from members.roles import Role
from members.selectors import has_role, is_teaching_staff


def _error(request: HttpRequest, message: str, status: int = 400, back: str | None = None):
    return render(request, "courses/error.html", {"message": message, "back": back}, status=status)


def _live_course(course_id: int) -> CoursePage:
    return get_object_or_404(CoursePage.objects.live(), pk=course_id)


def _taught_course(request: HttpRequest, course_id: int) -> CoursePage:
    """A live course the signed-in instructor teaches (staff: any); others get 403."""
    course = _live_course(course_id)
    if not teaches(request.user, course):
        raise PermissionDenied(_("You do not teach this course."))
    return course


def _live_lesson(lesson_id: int) -> LessonPage:
    return get_object_or_404(LessonPage.objects.live(), pk=lesson_id)


# --- Curriculum and catalogue -----------------------------------------------------------


def curriculum(request: HttpRequest) -> HttpResponse:
    # Rendered once per content version (content.fragments) for each of its two faces:
    # the coverage map (gaps, the weights' sum) is an authoring tool for teaching staff;
    # learners see the domains, objectives and where to learn each.
    show_coverage = is_teaching_staff(request.user)
    body = cached_fragment(
        "curriculum",
        "coverage" if show_coverage else "learner",
        get_language(),
        render=lambda: _curriculum_body(show_coverage=show_coverage),
    )
    return render(request, "courses/curriculum.html", {"body": body})


def _curriculum_body(*, show_coverage: bool) -> str:
    domains = selectors.curriculum_with_coverage()
    return render_to_string(
        "courses/includes/curriculum_body.html",
        {
            "domains": domains,
            "show_coverage": show_coverage,
            "total_weight": sum(d.weight for d in domains),
            "uncovered": sum(d.objective_count - d.covered_count for d in domains),
        },
    )


def course_list(request: HttpRequest) -> HttpResponse:
    index = selectors.live_course_index()
    if index is None:
        return render(request, "courses/no_courses.html", status=404)
    url = index.get_url(request)
    if url and url.rstrip("/") != request.path.rstrip("/"):
        return redirect(url)
    return index.specific.serve(request)


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    return render(request, "courses/my_learning.html", selectors.my_learning(request.user))


# --- Enrolment --------------------------------------------------------------------------


@login_required
@require_POST
def enrol(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _live_course(course_id)
    services.enrol(user=request.user, course=course)
    messages.success(request, f"You are enrolled in “{course.title}”.")
    outline = selectors.course_lessons(course)
    return redirect(outline[0].get_url(request) if outline else course.get_url(request))


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


# --- Progress ---------------------------------------------------------------------------


@login_required
@require_POST
def lesson_read(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = _live_lesson(lesson_id)
    course = selectors.course_for_lesson(lesson)
    try:
        services.require_enrolment(user=request.user, course=course)
    except services.CourseError as error:
        return _error(request, str(error), 403, course.get_url(request) if course else None)
    row = services.record_lesson_read(user=request.user, lesson=lesson)
    if row.completed_at:
        messages.success(request, f"“{lesson.title}” is complete.")
    else:
        messages.info(
            request,
            "Marked as read. This lesson also needs: "
            f"{lesson.get_completion_rule_display().lower()}.",
        )
    return redirect(lesson.get_url(request))


@require_POST
def video_progress(request: HttpRequest, lesson_id: int) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to record progress."}, status=403)
    lesson = _live_lesson(lesson_id)
    try:
        payload = load_json_object(request.body or b"{}")
        media_id = parse_id(payload.get("media_id"), field="media_id")
        fraction = parse_float(payload.get("fraction"), field="fraction", minimum=0, maximum=1)
    except (InvalidInput, RawPostDataException):
        # RawPostDataException: a form-encoded body was already read by the CSRF check.
        return JsonResponse(
            {"error": _("Send JSON with an integer media_id and a fraction from 0 to 1.")},
            status=400,
        )
    try:
        services.require_enrolment(user=request.user, course=selectors.course_for_lesson(lesson))
    except services.CourseError as error:
        return JsonResponse({"error": str(error)}, status=403)
    try:
        row = services.record_video_progress(
            user=request.user, lesson=lesson, media_id=media_id, fraction=fraction
        )
    except services.CourseError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(
        {
            "fraction": row.video_fractions.get(str(media_id), 0),
            "watched": row.video_watched_at is not None,
            "completed": row.completed_at is not None,
        }
    )


# --- Quizzes ----------------------------------------------------------------------------


@login_required
@require_POST
def submit_quiz(request: HttpRequest, lesson_id: int, block_id: str) -> HttpResponse:
    lesson = _live_lesson(lesson_id)
    course = selectors.course_for_lesson(lesson)
    try:
        services.require_enrolment(user=request.user, course=course)
    except services.CourseError as error:
        return _error(request, str(error), 403, course.get_url(request) if course else None)
    try:
        attempt = services.submit_quiz(
            user=request.user, lesson=lesson, block_id=block_id, data=request.POST
        )
    except services.CourseError as error:
        # Back on the lesson (its quiz form and the message), not a dead-end error page;
        # still a 400 because nothing was recorded.
        messages.error(request, str(error))
        response = lesson.specific.serve(request)
        response.status_code = 400
        return response
    return redirect("quiz-attempt", attempt_id=attempt.id)


@login_required
def quiz_attempt(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("lesson"), pk=attempt_id, user=request.user
    )
    ids = [int(k) for k in attempt.answers]
    bank = selectors.questions_with_choices(ids)
    feedback = selectors.answer_review(
        questions=[bank[i] for i in ids if i in bank],
        answers=attempt.answers,
        order=attempt.choice_order,
        results=attempt.results,
    )
    return render(request, "courses/quiz_result.html", {"attempt": attempt, "feedback": feedback})


# --- Practice exam ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def practice_exam(request: HttpRequest) -> HttpResponse:
    form = PracticeExamForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                attempt = services.start_practice_exam(
                    user=request.user,
                    count=form.cleaned_data["count"],
                    minutes=form.cleaned_data["minutes"],
                )
            except services.CourseError as error:
                return _error(request, str(error), 409)
            return redirect("practice-exam-attempt", attempt_id=attempt.id)
        status = 400
    history = request.user.practice_exams.all()[:20]
    return render(
        request, "courses/practice_exam.html", {"form": form, "history": history}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_exam_attempt(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = get_object_or_404(PracticeExamAttempt, pk=attempt_id, user=request.user)
    if request.method == "POST":
        try:
            attempt = services.submit_practice_exam(attempt=attempt, data=request.POST)
        except services.CourseError as error:
            return _error(request, str(error), 409, request.path)
        if attempt.expired:
            messages.warning(
                request, "Time ran out: answers sent after the deadline are not scored."
            )
        return redirect("practice-exam-attempt", attempt_id=attempt.id)
    bank = selectors.questions_with_choices(attempt.question_ids)
    questions = [bank[i] for i in attempt.question_ids if i in bank]
    shown = [(q, choices_in_order(question=q, order=attempt.choice_order)) for q in questions]
    context = {"attempt": attempt, "questions": questions, "shown": shown, "now": timezone.now()}
    if attempt.submitted_at:
        context["review"] = selectors.answer_review(
            questions=questions, answers=attempt.answers, order=attempt.choice_order
        )
    return render(request, "courses/practice_exam_attempt.html", context)


# --- Evaluation and certificates --------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _live_course(course_id)
    enrolment = selectors.enrolment_for(request.user, course)
    if enrolment is None:
        return _error(request, "Enrol in the course first.", 403, course.get_url(request))
    form = EvaluationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_evaluation(user=request.user, course=course, **form.cleaned_data)
            except services.CourseError as error:
                return _error(request, str(error), 409, course.get_url(request))
            messages.success(request, "Thank you for your feedback.")
            return redirect(course.get_url(request))
        status = 400
    return render(
        request,
        "courses/evaluation.html",
        {
            "form": form,
            "course": course,
            "progress": selectors.course_progress(request.user, course),
        },
        status=status,
    )


@login_required
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    certificate = Certificate.objects.filter(code=code).first()
    if certificate is None:
        raise Http404("No such certificate.")
    if certificate.user_id != request.user.id and not has_role(request.user, Role.STAFF):
        raise PermissionDenied("This certificate belongs to someone else.")
    if not certificate.pdf:
        return _error(request, "The certificate PDF is still being prepared; try again soon.", 404)
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
        content_type="application/pdf",
    )


def certificate_verify_form(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("certificate-verify", code=form.cleaned_data["code"])
    status = 400 if request.GET else 200
    return render(request, "courses/verify_form.html", {"form": form}, status=status)


def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = Certificate.objects.filter(code=code).first()
    if certificate is None:
        return render(
            request,
            "courses/verify_unknown.html",
            {"form": VerifyForm(), "code": code},
            status=404,
        )
    return render(request, "courses/verify.html", {"certificate": certificate})


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
