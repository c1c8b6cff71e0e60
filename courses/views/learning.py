"""Enrolment, lesson progress, quizzes and practice exams."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.http.request import RawPostDataException
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config.inputs import InvalidInput, load_json_object, parse_float, parse_id
from courses import selectors, services
from courses.forms import (
    PracticeExamForm,
)
from courses.models import (
    PracticeExamAttempt,
    QuizAttempt,
)

from .common import _error, _live_course, _live_lesson

# --- Enrolment --------------------------------------------------------------------------


@login_required
@require_POST
def enrol(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _live_course(course_id)
    services.enrol(user=request.user, course=course)
    messages.success(request, _("You are enrolled in “%(title)s”.") % {"title": course.title})
    outline = selectors.course_lessons(course)
    return redirect(outline[0].get_url(request) if outline else course.get_url(request))


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
        messages.success(request, _("“%(title)s” is complete.") % {"title": lesson.title})
    else:
        messages.info(
            request,
            _("Marked as read. This lesson also needs: %(rule)s.")
            % {"rule": lesson.get_completion_rule_display().lower()},
        )
    return redirect(lesson.get_url(request))


@require_POST
def video_progress(request: HttpRequest, lesson_id: int) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in to record progress.")}, status=403)
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
    feedback = selectors.quiz_attempt_review(attempt=attempt)
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
                request, _("Time ran out: answers sent after the deadline are not scored.")
            )
        return redirect("practice-exam-attempt", attempt_id=attempt.id)
    context = selectors.practice_exam_context(attempt=attempt)
    return render(request, "courses/practice_exam_attempt.html", context)
