"""One page of every page type and every main view, on the demo content, at 1366 px and
390 px, as the visitor who would open it (anonymous, a resident who is a member, an
instructor who teaches the demo course).

On every page: nothing wider than the window (no horizontal scrolling), no console error
and no Content-Security-Policy violation, and axe-core finds no serious or critical
issue. A full-page screenshot of each is written to the directory the test prints
(`bench/out/screenshots/page-types/` unless ACADEMY_SCREENSHOT_DIR says otherwise;
bench/out/ is gitignored), so a reviewer can look at every page type at both widths.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from members.roles import Role
from tests.browser.axe import axe_violations
from tests.courses.factories import teaching
from tests.factories import MembershipFactory, UserFactory
from tests.support.signin import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

REPOSITORY = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(
    os.environ.get("ACADEMY_SCREENSHOT_DIR")
    or REPOSITORY / "bench" / "out" / "screenshots" / "page-types"
)
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}

COURSE = "/courses/structured-reporting-dicom-sr/"
MODULE = COURSE + "templates-and-terms/"
LESSON_WITH_QUIZ = MODULE + "mrrt-radlex-radelement/"


@dataclass(frozen=True)
class Visit:
    name: str
    path: str
    status: int = 200


def _demo_urls() -> dict[str, str]:
    """Paths that carry ids of the demo content."""
    from courses.exercises.models import ExercisePage
    from courses.models import CoursePage

    course = CoursePage.objects.get(slug="structured-reporting-dicom-sr")
    exercise = ExercisePage.objects.get(slug="demo-carotid-stenosis-exercise")
    case = exercise.cases.order_by("pk").first()
    base = f"/exercises/manage/{exercise.pk}"
    return {
        "course_id": str(course.pk),
        "template": f"/exercises/manage/templates/{exercise.report_template_id}/",
        "key": f"{base}/keys/{case.pk}/",
        "preview": f"{base}/preview/{case.pk}/",
        "exercise_page": exercise.url,
        "exercise": f"/exercises/{exercise.pk}/",
        "workspace": f"/exercises/{exercise.pk}/cases/{case.pk}/",
        "gradebook": f"/exercises/manage/{exercise.pk}/gradebook/",
        "keys": f"/exercises/manage/{exercise.pk}/keys/",
    }


def _graded_submission(user) -> str:
    """A graded carotid report of the learner's, through the trainee's own service."""
    from courses.exercises import services
    from courses.exercises.models import ExercisePage, Submission

    exercise = ExercisePage.objects.get(slug="demo-carotid-stenosis-exercise")
    case = exercise.cases.order_by("pk").first()
    key = services.ensure_key(exercise=exercise, case=case)
    values = {
        name: field["expected"]
        for name, field in key.derived["fields"].items()
        if field.get("expected") is not None and name != "impression"
    }
    submission = services.submit(user=user, exercise=exercise, case=case, values=values)
    services.grade_submission(submission_id=submission.pk)
    assert Submission.objects.get(pk=submission.pk).status == "graded"
    return f"/exercises/submissions/{submission.pk}/"


def _quiz_attempt(user) -> str:
    """A scored attempt of the learner's at the demo lesson's quiz, through the quiz service
    (the first choice of each question, whatever it is)."""
    from django.utils.datastructures import MultiValueDict

    from courses.models import LessonPage
    from courses.services import submit_quiz

    lesson = LessonPage.objects.get(slug=LESSON_WITH_QUIZ.rstrip("/").rsplit("/", 1)[1])
    block = next(b for b in lesson.body if b.block_type == "quiz")
    answers = {
        f"q{q.id}": [str(q.choices.order_by("sort_order", "id").first().id)]
        for q in block.value["questions"]
        if q is not None
    }
    attempt = submit_quiz(user=user, lesson=lesson, block_id=block.id, data=MultiValueDict(answers))
    return f"/learn/quiz-attempts/{attempt.pk}/"


def _visits(ids: dict[str, str]) -> dict[str, list[Visit]]:
    return {
        "anonymous": [
            Visit("home", "/"),
            Visit("standard-page", "/about/"),
            Visit("course-index", "/courses/"),
            Visit("course", COURSE),
            Visit("module", MODULE),
            Visit("lesson-with-quiz", LESSON_WITH_QUIZ),
            Visit("curriculum", "/curriculum/"),
            Visit("webinar-library", "/webinars/"),
            Visit("webinar-event", "/webinars/fhir-imagingstudy-live/"),
            Visit("recording-public", "/webinars/gdpr-for-imaging-ai/"),
            Visit("recording-members-only-teaser", "/webinars/dicomweb-in-practice/"),
            Visit("search-results", "/search/?q=DICOM"),
            Visit("membership-join", "/membership/join/"),
            Visit("sign-in", "/accounts/login/"),
            Visit("sign-up", "/accounts/signup/"),
            Visit("certificate-verify", "/certificates/verify/"),
            Visit("not-found", "/no-such-page/", status=404),
            Visit("patterns", "/patterns/"),
        ],
        "resident": [
            Visit("my-learning", "/my-learning/"),
            Visit("profile", "/accounts/profile/"),
            Visit("privacy", "/accounts/profile/privacy/"),
            Visit("email-addresses", "/accounts/email/"),
            Visit("course-enrolled", COURSE),
            Visit("lesson-with-quiz-enrolled", LESSON_WITH_QUIZ),
            Visit("practice-exam", "/learn/practice-exam/"),
            Visit("recording-members-only", "/webinars/dicomweb-in-practice/"),
            Visit("exercise-list", "/exercises/"),
            Visit("exercise-page", ids["exercise_page"]),
            Visit("exercise-detail", ids["exercise"]),
            Visit("exercise-workspace", ids["workspace"]),
            Visit("exercise-result", ids["submission"]),
            Visit("quiz-result", ids["quiz_attempt"]),
            Visit("not-allowed", "/exercises/manage/", status=403),
            Visit("course-evaluation", f"/learn/courses/{ids['course_id']}/evaluation/"),
            Visit("membership-join-signed-in", "/membership/join/"),
            Visit("webinar-event-signed-in", "/webinars/fhir-imagingstudy-live/"),
        ],
        "instructor": [
            Visit("course-instructor", f"/learn/courses/{ids['course_id']}/instructor/"),
            Visit("cohort-enrolment", f"/learn/courses/{ids['course_id']}/cohort/"),
            Visit("curriculum-coverage", "/curriculum/"),
            Visit("question-import", "/learn/questions/import/"),
            Visit("exercise-manage", "/exercises/manage/"),
            Visit("exercise-gradebook", ids["gradebook"]),
            Visit("exercise-keys", ids["keys"]),
            Visit("exercise-answer-key", ids["key"]),
            Visit("exercise-preview", ids["preview"]),
            Visit("exercise-trainee", ids["trainee"]),
            Visit("report-template", ids["template"]),
            Visit("case-upload", "/exercises/manage/cases/upload/"),
            Visit("case-generate", "/exercises/manage/cases/generate/"),
            Visit("template-import", "/exercises/manage/templates/import/"),
            Visit("new-exercise", "/exercises/manage/exercises/new/"),
            Visit("patterns-staff", "/patterns/"),
        ],
    }


def _users():
    from courses.models import CoursePage
    from courses.services import enrol

    course = CoursePage.objects.get(slug="structured-reporting-dicom-sr")
    resident = MembershipFactory(
        user=UserFactory(roles=[Role.RESIDENT], display_name="Rhea Resident")
    ).user
    enrol(user=resident, course=course)
    instructor = UserFactory(roles=[Role.INSTRUCTOR], display_name="Ines Instructor")
    TOTP.activate(instructor, generate_totp_secret())
    teaching(course, instructor)
    return {"anonymous": None, "resident": resident, "instructor": instructor}


def _session_cookie(user, base_url: str) -> list[dict]:
    """The cookie of a complete sign-in (password and, for the instructor, the second
    factor): the sign-in forms have their own browser tests."""
    if user is None:
        return []
    client = sign_in(Client(), user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base_url}]


def _console_text(message) -> str:
    """A console message; for the Wagtail user bar's own content checks (shown to
    editors), the rules that failed."""
    if isinstance(message, str):
        return message
    if message.text.startswith("axe.run results") and len(message.args) > 1:
        results = message.args[1].json_value()
        failed = [
            (v.get("id"), [n.get("target") for n in v.get("nodes", [])[:3]])
            for v in results.get("violations", [])
        ]
        return f"Wagtail's content checker: {failed}"
    return message.text


def _overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: no horizontal scroll)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def _wide_elements(page) -> list[str]:
    return page.evaluate(
        """() => { const w = document.documentElement.clientWidth; const out = [];
           for (const el of document.querySelectorAll('body *')) {
             const r = el.getBoundingClientRect();
             if (r.right > w + 1 && r.width > 0) {
               out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                 (el.className && typeof el.className === 'string'
                    ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
             } }
           return out.slice(0, 8); }"""
    )


def test_every_page_type_at_desktop_and_phone_width(page, live_server, capsys):
    call_command("load_demo", stdout=io.StringIO())
    users = _users()
    ids = _demo_urls() | {
        "submission": _graded_submission(users["resident"]),
        "quiz_attempt": _quiz_attempt(users["resident"]),
    }
    ids["trainee"] = ids["gradebook"].replace("gradebook/", f"trainees/{users['resident'].pk}/")
    visits = _visits(ids)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    messages: list = []
    page.on(
        "console",
        lambda m: (
            messages.append(m) if m.type == "error" or "Content Security Policy" in m.text else None
        ),
    )
    page.on("pageerror", lambda error: messages.append(f"uncaught: {error}"))

    problems: dict[str, list] = {}
    written: list[Path] = []
    for role, user in users.items():
        page.context.clear_cookies()
        page.context.add_cookies(_session_cookie(user, live_server.url))
        for width_name, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            for visit in visits[role]:
                label = f"{role}/{width_name}/{visit.name}"
                messages.clear()
                response = page.goto(visit.path)
                page.wait_for_load_state("load")
                found = []
                if response is None or response.status != visit.status:
                    found.append(f"status {response and response.status} at {page.url}")
                overflow = _overflow(page)
                if overflow > 0:
                    found.append(f"{overflow} px too wide: {_wide_elements(page)}")
                # A 403 or 404 page is itself the document the browser reports as failed.
                errors = [
                    text
                    for text in map(_console_text, messages)
                    if not (visit.status != 200 and f"status of {visit.status}" in text)
                ]
                if errors:
                    found.append(f"console: {errors}")
                violations = axe_violations(page)
                if violations:
                    found.append(
                        [
                            (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
                            for v in violations
                        ]
                    )
                shot = SCREENSHOTS / f"{role}--{width_name}--{visit.name}.png"
                page.screenshot(path=str(shot), full_page=True)
                written.append(shot)
                if found:
                    problems[label] = found

    with capsys.disabled():
        print(f"\nScreenshots of every page type ({len(written)}): {SCREENSHOTS}")
        for shot in written:
            print(f"  {shot}")
    assert problems == {}, "\n".join(f"{label}: {found}" for label, found in problems.items())
    assert len(written) == 2 * sum(len(v) for v in visits.values())
