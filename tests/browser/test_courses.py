"""Courses in a real browser, on the demo content.

1. A resident signs up, verifies by the emailed link, enrols in the demo course
   "Structured reporting and DICOM SR essentials", completes every required lesson the
   way its rule wants, sends the evaluation, downloads the certificate PDF and checks it
   on the public verification page.
2. An instructor signs in with a password and a TOTP code, adds a quiz lesson in the
   Wagtail admin and publishes it; a resident takes the quiz (one right, one wrong) and
   the instructor sees the result in the course's instructor view.
3. A video lesson (a 4 s clip made by ffmpeg, WebVTT captions): played muted,
   video-progress.js reports progress and the lesson completes from 90%, on a slow
   connection too.

Correct answers are always read from the database, never from the page (the page does
not carry them). The default test database is an in-memory SQLite shared with the live
server thread, so the test writes only while the browser is idle and retries a read that
collides with a write of the server ("database table is locked").
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import OperationalError
from wagtail.documents.models import Document
from wagtail.models import GroupPagePermission
from wagtailmedia.models import Media

from courses.demo_questions import QUESTIONS
from courses.models import (
    Certificate,
    CoursePage,
    LessonPage,
    LessonProgress,
    ModulePage,
    Question,
)
from courses.selectors import course_lessons
from courses.services import enrol
from members.models import User
from members.roles import ROLE_GROUPS, Role
from tests.courses.factories import teaching
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "a-long-browser-passphrase-42"
COURSE_TITLE = "Structured reporting and DICOM SR essentials"


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())


def db(read, timeout: float = 8.0):
    """Run a database read, retrying while the live server holds a write lock."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return read()
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def correct_choice_ids(lesson: LessonPage) -> list[tuple[int, list[int]]]:
    """(question id, correct choice ids) for every quiz question of the lesson, from the DB."""
    lesson = LessonPage.objects.get(pk=lesson.pk)
    out = []
    for block in lesson.body:
        if block.block_type == "quiz":
            for question in block.value["questions"]:
                ids = sorted(question.correct_choice_ids())
                out.append((question.id, ids))
    return out


def pdf_text(data: bytes) -> bytes:
    """The drawn strings of a ReportLab PDF (its streams are ASCII85 + Flate)."""
    import base64
    import zlib

    text = b""
    for body in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = body.strip()
        if raw.endswith(b"~>"):
            raw = base64.a85decode(raw[:-2])
        try:
            text += zlib.decompress(raw)
        except zlib.error:
            continue
    return text


def sign_up_and_verify(
    page, email: str, *, first_name: str = "Test", last_name: str = "Resident"
) -> None:
    page.goto("/")
    page.get_by_role("link", name="Create account").click()
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill(last_name)
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    message = next(m for m in reversed(mail.outbox) if email in m.to)
    link = re.search(r"http://\S+/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Your profile").wait_for()


def test_resident_signs_up_completes_the_demo_course_and_gets_a_certificate(
    page, demo, live_server
):
    started = time.monotonic()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    email = "resident.journey@example.org"
    # The page fixture sets the site URL (ACADEMY_BASE_URL) to the live server's.

    # Sign up with a name and verify through the emailed link (allauth signs the user in).
    sign_up_and_verify(page, email, first_name="Maria", last_name="Rossi")

    # From the home page to the curriculum, then to the course through the catalogue.
    page.get_by_role("link", name="Imaging Informatics Academy").first.click()
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("link", name="Curriculum").click()
    page.get_by_role("heading", name="Curriculum", exact=True).wait_for()
    assert page.get_by_role("link", name=COURSE_TITLE).first.is_visible()
    main_nav.get_by_role("link", name="Courses").click()
    page.get_by_role("link", name=COURSE_TITLE).click()
    page.get_by_role("heading", name=COURSE_TITLE, level=1).wait_for()

    course = db(lambda: CoursePage.objects.get(title=COURSE_TITLE))
    lessons = db(lambda: course_lessons(course))
    required = [lesson for lesson in lessons if lesson.required]
    assert len(lessons) == 6
    rules = {lesson.completion_rule for lesson in required}
    # The demo course has read and quiz lessons only: no video or exercise rule to meet.
    assert rules <= {"read", "quiz"}, rules

    # Enrolling opens the first lesson.
    page.get_by_role("button", name="Enrol in this course").click()
    page.get_by_role("heading", name=lessons[0].title, level=1).wait_for()
    assert page.get_by_text(f"You are enrolled in “{COURSE_TITLE}”.").is_visible()

    for number, lesson in enumerate(lessons):
        page.get_by_role("heading", name=lesson.title, level=1).wait_for()
        if lesson.completion_rule == "read":
            page.get_by_role("button", name="Mark as read").click()
            page.get_by_text(f"“{lesson.title}” is complete.").wait_for()
        else:
            assert lesson.completion_rule == "quiz"
            answers = db(lambda lesson=lesson: correct_choice_ids(lesson))
            assert answers
            for question_id, choice_ids in answers:
                for choice_id in choice_ids:
                    page.locator(f"#q{question_id}-c{choice_id}").check()
            page.get_by_role("button", name="Submit answers").click()
            page.get_by_role("heading", name=f"Quiz feedback: {lesson.title}").wait_for()
            assert page.get_by_text("You scored 100%").is_visible()
            assert page.locator(".badge", has_text="Passed").is_visible()
            page.get_by_role("link", name="Back to the lesson").click()
            page.get_by_role("heading", name=lesson.title, level=1).wait_for()
        assert page.locator(".lesson .badge--ok", has_text="Completed").is_visible()
        done = page.get_by_text(f"Course: {number + 1} of {len(required)} required lessons")
        assert done.is_visible()
        if number + 1 < len(lessons):
            page.get_by_role("link", name=f"Next: {lessons[number + 1].title}").click()

    assert db(
        lambda: LessonProgress.objects.filter(user__email=email, completed_at__isnull=False).count()
    ) == len(required)

    # The evaluation, then the certificate.
    page.get_by_role("link", name=re.compile("All lessons done")).click()
    page.get_by_role("link", name="Complete the course evaluation").click()
    page.get_by_role("heading", name=f"Evaluation: {COURSE_TITLE}").wait_for()
    page.get_by_label("5 - very useful").check()
    page.get_by_label(re.compile(r"^Comments")).fill(
        "Clear and practical; the TID 1500 part helped."
    )
    page.get_by_label(re.compile(r"^Hours you actually spent")).fill("1.5")
    page.get_by_role("button", name="Send evaluation").click()
    page.get_by_text("Thank you for your feedback.").wait_for()
    # Before it is issued, the learner checks the name the certificate prints.
    page.get_by_role("heading", name="Confirm the name on your certificate").wait_for()
    name_field = page.get_by_label("Name on your certificate")
    assert name_field.input_value() == "Maria Rossi"  # as given at sign-up
    name_field.fill("Dr Maria Rossi")
    page.get_by_role("button", name="Confirm and issue my certificate").click()
    page.get_by_text("Your certificate is being issued to Dr Maria Rossi.").wait_for()
    page.get_by_role("link", name="Download your certificate (PDF)").wait_for()

    main_nav.get_by_role("link", name="My learning").click()
    page.get_by_role("heading", name="My learning", level=1).wait_for()
    certificates = page.get_by_role("table", name="Your certificates")
    row = certificates.get_by_role("row", name=re.compile(re.escape(COURSE_TITLE)))
    assert row.get_by_role("cell").nth(1).inner_text().strip() == "1.5"  # ECMEC capped by hours
    pdf_link = row.get_by_role("link", name=re.compile("PDF"))
    href = pdf_link.get_attribute("href")
    code = re.search(r"/certificates/([^/]+)/download/", href).group(1)
    certificate = db(lambda: Certificate.objects.get(user__email=email))
    assert certificate.code == code

    with page.expect_download() as download_info:
        pdf_link.click()
    download = download_info.value
    assert download.suggested_filename == f"certificate-{code}.pdf"
    with open(download.path(), "rb") as fh:
        data = fh.read()
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert b"(Dr Maria Rossi) Tj" in text
    verify_url = f"{live_server.url}/certificates/verify/{code}/"
    assert f"(Verify at: {verify_url}) Tj".encode() in text
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # Anyone can verify the code on the public page (a fresh, signed-out context).
    public = page.context.browser.new_context(base_url=page.url.split("/my-learning")[0])
    try:
        verifier = public.new_page()
        verifier.goto(verify_url)  # the printed link leads to the verification
        verifier.get_by_role("heading", name="Certificate verified").wait_for()
        assert "Dr Maria Rossi" in verifier.locator("main").inner_text()
        verifier.goto("/certificates/verify/")
        verifier.get_by_label("Verification code").fill(code)
        verifier.get_by_role("button", name="Verify").click()
        verifier.get_by_role("heading", name="Certificate verified").wait_for()
        assert verifier.url.endswith(f"/certificates/verify/{code}/")
        text = verifier.locator("main").inner_text()
        assert COURSE_TITLE in text
        assert db(lambda: User.objects.get(email=email).name) in text
        assert "1.5 ECMEC" in text
    finally:
        public.close()

    assert errors == []
    assert time.monotonic() - started < 60


# --- The instructor's journey -----------------------------------------------------------

NEW_LESSON = "Storage commitment and MPPS in the SR workflow"


def let_instructors_author_courses(course: CoursePage) -> None:
    """The Wagtail permissions an instructor needs to write lessons in this course.

    The project ships the Instructors group without any Wagtail permission (an instructor
    who signs in gets "You do not have permission to access the admin"), so an
    administrator has to grant these; the test does it the way the admin's Groups screen
    would store it: admin access, question-bank access for the quiz chooser and
    add/change/publish on the course's pages.
    """
    group = Group.objects.get(name=ROLE_GROUPS[Role.INSTRUCTOR])
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="courses",
            codename__in=["add_question", "change_question", "view_question"],
        ),
    )
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=course,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def current_totp_code(secret: str) -> str:
    """The code an authenticator app shows now (waiting out the last seconds of a period,
    since allauth accepts only the current period by default)."""
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in_with_totp(page, user, secret: str, next_url: str) -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label(re.compile(r"^Email")).fill(user.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name="Two-Factor Authentication").wait_for()
    page.get_by_label("Code").fill(current_totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"**{next_url}")


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(user.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name="Your profile").wait_for()


def choose_question(page, index: int, question: Question) -> None:
    """Open the snippet chooser of list item `index` and pick the question by its stem."""
    chooser = page.locator(f"#body-0-value-questions-{index}-value-chooser")
    chooser.get_by_role("button", name="Choose question").click()
    modal = page.locator(".modal.show, .modal[aria-hidden=false]").last
    # Whole words only: the chooser's search has no autocomplete fields for questions.
    modal.get_by_role("textbox", name=re.compile("Search")).fill(
        question.stem[:40].rsplit(" ", 1)[0]
    )
    modal.get_by_role("link", name=question.stem[:60]).first.click()
    page.locator(f"#body-0-value-questions-{index}-value-title").filter(
        has_text=question.stem[:40]
    ).wait_for()


def test_instructor_adds_a_quiz_lesson_and_sees_a_learners_result(page, browser, live_server, demo):
    started = time.monotonic()
    course = CoursePage.objects.get(title=COURSE_TITLE)
    module = ModulePage.objects.child_of(course).get(slug="dicom-sr")
    right = Question.objects.get(stem=QUESTIONS["storage-commit"][3])
    missed = Question.objects.get(stem=QUESTIONS["mpps"][3])
    assert right.type == missed.type == "single"
    let_instructors_author_courses(course)
    instructor = UserFactory(roles=[Role.INSTRUCTOR], display_name="Ines Instructor")
    teaching(course, instructor)  # an instructor sees the learners of the courses they teach
    secret = generate_totp_secret()
    TOTP.activate(instructor, secret)
    learner = UserFactory(roles=[Role.RESIDENT], display_name="Rafa Resident")
    # Every row the test needs exists now; from here the test only reads (see db()).

    # The instructor signs in with password + TOTP code and lands in the Wagtail admin.
    sign_in_with_totp(page, instructor, secret, "/admin/")
    page.get_by_role("heading", name="Site summary").wait_for()  # the admin dashboard

    # Add a lesson under the "DICOM Structured Reports" module.
    page.goto(f"/admin/pages/{module.id}/")
    page.get_by_role("link", name=re.compile("Add child page")).first.click()
    page.wait_for_url("**/admin/pages/add/courses/lessonpage/**")
    page.locator("#id_title").fill(NEW_LESSON)
    page.locator("#id_summary").fill("Who confirms what after the images are sent.")
    page.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Quiz", exact=True).click()
    page.locator("#body-0-value-title").fill("Check: storage commitment and MPPS")
    choose_question(page, 0, right)
    page.locator(
        "xpath=//div[@id='body-0-value-questions-0-value-chooser']"
        "/following::button[contains(@class, 'c-sf-add-button')][1]"
    ).click()
    choose_question(page, 1, missed)
    page.locator("#body-0-value-pass_mark").fill("70")
    page.locator("#id_completion_rule").select_option("quiz")
    page.get_by_role("button", name="More actions").last.click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text(re.compile(f"Page '{NEW_LESSON}' created and published")).wait_for()

    lesson = db(lambda: LessonPage.objects.get(title=NEW_LESSON))
    assert lesson.live and lesson.get_parent().id == module.id
    assert lesson.completion_rule == "quiz" and lesson.required
    (block,) = [b for b in lesson.body if b.block_type == "quiz"]
    assert [q.id for q in block.value["questions"]] == [right.id, missed.id]
    assert block.value["pass_mark"] == 70

    # A resident, in a browser of their own, enrols and takes the new quiz.
    resident_context = browser.new_context(base_url=live_server.url)
    try:
        rpage = resident_context.new_page()
        sign_in(rpage, learner)
        rpage.goto(course.url)
        rpage.get_by_role("button", name="Enrol in this course").click()
        first = db(lambda: course_lessons(course)[0])
        rpage.get_by_role("heading", name=first.title, level=1).wait_for()
        rpage.get_by_role("button", name="Mark as read").click()
        rpage.get_by_text(f"“{first.title}” is complete.").wait_for()
        outline = rpage.get_by_role("navigation", name="Course outline")
        outline.get_by_role("link", name=NEW_LESSON).click()
        rpage.get_by_role("heading", name=NEW_LESSON, level=1).wait_for()
        quiz = rpage.locator("section.quiz")
        assert quiz.get_by_role("heading", name="Check: storage commitment and MPPS").is_visible()
        (right_choice,) = right.correct_choice_ids()
        wrong_choice = next(c.id for c in missed.choices.all() if not c.is_correct)
        rpage.locator(f"#q{right.id}-c{right_choice}").check()
        rpage.locator(f"#q{missed.id}-c{wrong_choice}").check()
        rpage.get_by_role("button", name="Submit answers").click()
        rpage.get_by_role("heading", name=f"Quiz feedback: {NEW_LESSON}").wait_for()
        assert rpage.get_by_text("You scored 50% (pass mark 70%)").is_visible()
        assert rpage.get_by_text("Not passed, try again").is_visible()
    finally:
        resident_context.close()

    # The instructor opens the course's instructor view from the course page.
    page.goto(course.url)
    page.get_by_role("link", name="Instructor view").click()
    page.get_by_role("heading", name=f"Instructor view: {COURSE_TITLE}").wait_for()
    enrolments = page.get_by_role("table", name="Enrolments and progress")
    row = enrolments.get_by_role("row", name=re.compile(re.escape(learner.email)))
    cells = row.get_by_role("cell")
    total = len(db(lambda: [x for x in course_lessons(course) if x.required]))
    assert total == 7
    assert cells.nth(2).inner_text().strip() == f"{round(100 / total)}%"  # 1 of 7 lessons
    assert cells.nth(3).inner_text().strip() == "no"
    most_missed = page.get_by_role("table", name="Most missed questions")
    missed_rows = most_missed.locator("tbody tr")
    assert missed_rows.count() == 1
    assert missed.stem[:100] in missed_rows.first.inner_text()
    assert "1 of 1 (100%)" in missed_rows.first.inner_text()
    assert right.stem[:60] not in most_missed.inner_text()
    assert time.monotonic() - started < 60


# --- A video lesson ---------------------------------------------------------------------

CAPTIONS = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:02.000\n"
    "A test pattern stands in for a lecture.\n\n"
    "00:00:02.000 --> 00:00:04.000\n"
    "The lesson completes at ninety percent.\n"
)


def make_video_lesson(tmp_path) -> LessonPage:
    """A required video lesson (4 s VP8 WebM made by ffmpeg, WebVTT captions) in the demo
    course's last module."""
    clip = tmp_path / "clip.webm"
    subprocess.run(
        [
            *("ffmpeg", "-loglevel", "error", "-f", "lavfi"),
            *("-i", "testsrc=duration=4:size=320x240:rate=15"),
            *("-c:v", "libvpx", "-b:v", "200k", str(clip)),
        ],
        check=True,
        timeout=60,
    )
    media = Media.objects.create(
        title="Test pattern",
        file=ContentFile(clip.read_bytes(), name="clip.webm"),
        type="video",
        duration=4,
    )
    captions = Document.objects.create(
        title="Test pattern captions", file=ContentFile(CAPTIONS.encode(), name="clip.vtt")
    )
    course = CoursePage.objects.get(title=COURSE_TITLE)
    module = ModulePage.objects.child_of(course).get(slug="in-practice")
    lesson = LessonPage(
        title="A test-pattern video",
        slug="test-pattern-video",
        completion_rule="video",
        body=[
            (
                "video",
                {
                    "video": media,
                    "captions": captions,
                    "captions_language": "en",
                    "title": "Test pattern",
                },
            )
        ],
    )
    module.add_child(instance=lesson)
    lesson.full_clean()  # the rule validation an editor would meet
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is needed to make the clip")
def test_lesson_video_reports_progress_and_completes_at_90_percent(
    page, live_server, demo, tmp_path
):
    lesson = make_video_lesson(tmp_path)
    (media_id,) = lesson.video_media_ids()
    learner = UserFactory(roles=[Role.RESIDENT])
    enrol(user=learner, course=CoursePage.objects.get(title=COURSE_TITLE))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    reports: list[dict] = []  # what the server answered to each progress POST

    def on_response(response):
        if "/video-progress/" in response.url:
            reports.append({"sent": response.request.post_data_json, **response.json()})

    page.on("response", on_response)

    def slow_network(route):
        time.sleep(0.4)  # each report is still in flight when the next events fire
        route.continue_()

    page.route("**/video-progress/", slow_network)

    sign_in(page, learner)
    page.goto(lesson.url)
    page.get_by_role("heading", name=lesson.title, level=1).wait_for()
    video = page.locator("video.lesson-video__player")
    assert video.get_attribute("data-media-id") == str(media_id)
    assert video.get_attribute("data-progress-url").endswith(
        f"/learn/lessons/{lesson.id}/video-progress/"
    )
    assert page.locator("video track[kind=captions]").get_attribute("srclang") == "en"

    # Autoplay rules allow a muted play() without a user gesture.
    page.evaluate(
        "() => { const v = document.querySelector('video.lesson-video__player');"
        " v.muted = true; return v.play(); }"
    )
    page.wait_for_function(
        "() => document.querySelector('video.lesson-video__player').ended", timeout=20_000
    )
    # The "ended" event reports the whole video, even while an earlier report is in flight.
    deadline = time.monotonic() + 10
    while not any(r["sent"]["fraction"] == 1 for r in reports) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert reports and reports[-1]["sent"]["fraction"] == 1, reports

    assert all(r["sent"]["media_id"] == media_id for r in reports)
    before = [r for r in reports if r["fraction"] < 0.9]
    after = [r for r in reports if r["fraction"] >= 0.9]
    assert before, reports  # progress is reported while the video plays
    assert not any(r["completed"] or r["watched"] for r in before), reports
    assert after and all(r["completed"] and r["watched"] for r in after), reports
    row = db(lambda: LessonProgress.objects.get(user=learner, lesson=lesson))
    assert row.completed_at is not None and row.video_watched_at is not None
    assert row.video_fractions[str(media_id)] >= 0.9

    page.reload()
    assert page.locator(".lesson .badge--ok", has_text="Completed").is_visible()
    assert errors == []
