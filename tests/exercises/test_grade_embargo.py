"""Before an exercise's feedback opens, nothing the trainee sees changes with the grade.

Issue 10 item 9: a lesson that completes on "exercise passed" used to say "Completed" (and
count towards the course) the moment a passing report was graded, telling the trainee
they had passed days before the feedback deadline. Checked on every page the trainee
reads, for a passing and a failing report, then after the deadline.
"""

import datetime
import io
import json
import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.exercises import services
from courses.exercises.models import ExercisePage, FeedbackTiming
from courses.models import ModulePage
from courses.services import enrol
from tests.courses.factories import add_lesson, build_course
from tests.exercises.factories import make_exercise, perfect_report
from tests.factories import resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_with_exercise_lesson():
    exercise = make_exercise(
        feedback_timing=FeedbackTiming.AFTER_DEADLINE,
        feedback_deadline=timezone.now() + datetime.timedelta(days=3),
    )
    course = build_course(title="Carotid reporting", lessons_per_module=1)
    module = ModulePage.objects.child_of(course).first()
    lesson = add_lesson(
        module,
        "Report a carotid study",
        rule="exercise",
        body=[
            (
                "reporting_exercise",
                {
                    "title": "Carotid",
                    "instructions": "<p>Report it.</p>",
                    "exercise_page": exercise,
                },
            )
        ],
    )
    ExercisePage.objects.filter(pk=exercise.pk).update(lesson=lesson)
    return {
        "exercise": ExercisePage.objects.get(pk=exercise.pk),
        "course": course,
        "lesson": lesson,
    }


def _submit(trainee, exercise, *, passing: bool, capture):
    case = exercise.cases.get()
    values = perfect_report(exercise, case)
    if not passing:
        values = {name: values[name] for name in list(values)[:1]}  # one field of many
    with capture(execute=True):
        submission = services.submit(user=trainee, exercise=exercise, case=case, values=values)
    assert submission.__class__.objects.get(pk=submission.pk).status == "graded"
    return submission


def _without_tokens(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r"progress-\d+", "progress-N", html)  # the enrolment's id


def _what_the_trainee_sees(client, world) -> dict:
    lesson_html = client.get(world["lesson"].url).content.decode()
    course_html = client.get(world["course"].url).content.decode()
    learning_html = client.get(reverse("my-learning")).content.decode()
    archive = client.post(reverse("members:download_my_data")).content
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        exported = {
            name: zipped.read(name).decode() for name in zipped.namelist() if "exercise" in name
        }
    lesson_part = lesson_html.split("<main", 1)[1].split("lesson-layout__outline", 1)[0]
    return {
        "lesson": _without_tokens(lesson_html.split("<main", 1)[1]),
        "completed_badge": "badge--ok" in lesson_part and "Completed" in lesson_part,
        "course": _without_tokens(course_html.split("<main", 1)[1]),
        "learning": _without_tokens(learning_html.split("<main", 1)[1]),
        "export": exported,
    }


def test_pass_and_fail_look_the_same_until_feedback_opens(
    course_with_exercise_lesson, login_as, django_capture_on_commit_callbacks
):
    world = course_with_exercise_lesson
    passer, failer = resident(), resident()
    for trainee in (passer, failer):
        enrol(user=trainee, course=world["course"])
    _submit(passer, world["exercise"], passing=True, capture=django_capture_on_commit_callbacks)
    _submit(failer, world["exercise"], passing=False, capture=django_capture_on_commit_callbacks)

    seen_by_passer = _what_the_trainee_sees(login_as(passer), world)
    seen_by_failer = _what_the_trainee_sees(login_as(failer), world)

    assert not seen_by_passer["completed_badge"]
    for part in ("lesson", "course", "learning"):
        assert seen_by_passer[part].replace(passer.name, "") == seen_by_failer[part].replace(
            failer.name, ""
        ), part
    for export in seen_by_passer["export"].values():
        data = json.loads(export)
        for row in data.get("submissions", []):
            assert row["score"] is None and row["passed"] is None and row["feedback"] is None
            assert row["grade_withheld_until"]


def test_the_lesson_completes_once_feedback_opens(
    course_with_exercise_lesson, login_as, django_capture_on_commit_callbacks
):
    world = course_with_exercise_lesson
    passer = resident()
    enrol(user=passer, course=world["course"])
    _submit(passer, world["exercise"], passing=True, capture=django_capture_on_commit_callbacks)
    client = login_as(passer)
    assert not _what_the_trainee_sees(client, world)["completed_badge"]

    ExercisePage.objects.filter(pk=world["exercise"].pk).update(
        feedback_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    from courses.exercises.tasks import release_feedback_task

    assert release_feedback_task.delay().get() == 1  # the beat task, as the schedule runs it
    assert release_feedback_task.delay().get() == 0  # once only

    assert _what_the_trainee_sees(client, world)["completed_badge"]


def test_with_immediate_feedback_the_lesson_completes_at_once(
    login_as, django_capture_on_commit_callbacks
):
    exercise = make_exercise(feedback_timing=FeedbackTiming.IMMEDIATE)
    course = build_course(title="Immediate", lessons_per_module=1)
    module = ModulePage.objects.child_of(course).first()
    lesson = add_lesson(
        module,
        "Immediate lesson",
        rule="exercise",
        body=[
            (
                "reporting_exercise",
                {"title": "C", "instructions": "<p>R.</p>", "exercise_page": exercise},
            )
        ],
    )
    ExercisePage.objects.filter(pk=exercise.pk).update(lesson=lesson)
    trainee = resident()
    enrol(user=trainee, course=course)
    _submit(
        trainee,
        ExercisePage.objects.get(pk=exercise.pk),
        passing=True,
        capture=django_capture_on_commit_callbacks,
    )

    html = login_as(trainee).get(lesson.url).content.decode()
    assert "badge--ok" in html and "Completed" in html
