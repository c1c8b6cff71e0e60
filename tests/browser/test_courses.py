"""Courses in a real browser, on the demo content: a resident signs up, verifies by the
emailed link, enrols in the demo course "Structured reporting and DICOM SR essentials",
completes every required lesson the way its rule wants (and plays the demo lesson video
until the browser shows a caption from its WebVTT track), sends the evaluation, downloads
the certificate PDF and checks it on the public verification page.

The instructor's journey is in ``test_course_authoring.py``, the video lesson in
``test_lesson_video.py``; their shared steps in ``journeys.py``. Correct answers are always
read from the database, never from the page (the page does not carry them). The default
test database is an in-memory SQLite shared with the live server thread, so the test
writes only while the browser is idle and retries a read that collides with a write of
the server ("database table is locked").
"""

from __future__ import annotations

import io
import re
import time

import pytest
from django.core.management import call_command

from content.demo_files import read
from courses.demo import COURSES
from courses.models import (
    Certificate,
    CoursePage,
    LessonPage,
    LessonProgress,
)
from courses.selectors import course_lessons
from members.models import User
from tests.browser.journeys import (
    COURSE_TITLE,
    correct_choice_ids,
    db,
    pdf_text,
    sign_up_and_verify,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


VIDEO_LESSON = "why-structured-reporting"


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())


def first_caption_of(lesson: LessonPage) -> str:
    """The first cue of the lesson video's captions, as the demo's data file writes it."""
    course = read(COURSES / "structured-reporting-dicom-sr.json")
    lessons = {item["slug"]: item for module in course["modules"] for item in module["lessons"]}
    (video,) = [b for b in lessons[lesson.slug]["body"] if b["type"] == "video"]
    return video["captions"]["cues"][0]["text"]


def watch_with_captions(page) -> str:
    """Play the lesson video (muted: autoplay rules allow that without a gesture) until the
    browser shows a caption from the track the site served; returns the caption's text."""
    player = "document.querySelector('video.lesson-video__player')"
    page.evaluate(f"() => {{ const v = {player}; v.muted = true; return v.play(); }}")
    page.wait_for_function(
        f"() => {{ const t = {player}.textTracks[0];"
        " return t && t.mode === 'showing' && t.activeCues && t.activeCues.length > 0; }",
        timeout=10_000,
    )
    state = page.evaluate(
        f"() => {{ const v = {player}; const track = v.querySelector('track');"
        " return {error: v.error && v.error.code, time: v.currentTime, track: track.readyState,"
        " caption: v.textTracks[0].activeCues[0].text}; }"
    )
    with page.expect_response(lambda r: "/video-progress/" in r.url) as report:
        page.evaluate(f"() => {player}.pause()")  # a pause reports how far it played
    assert report.value.ok
    assert state["error"] is None and state["time"] > 0, state
    assert state["track"] == 2, state  # HTMLTrackElement.LOADED: the VTT was fetched and parsed
    return state["caption"]


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
    # The demo course has read and quiz lessons only (its video lesson completes when read).
    assert rules <= {"read", "quiz"}, rules

    # Enrolling opens the first lesson.
    page.get_by_role("button", name="Enrol in this course").click()
    page.get_by_role("heading", name=lessons[0].title, level=1).wait_for()
    assert page.get_by_text(f"You are enrolled in “{COURSE_TITLE}”.").is_visible()

    videos_watched = 0
    for number, lesson in enumerate(lessons):
        page.get_by_role("heading", name=lesson.title, level=1).wait_for()
        if page.locator("video.lesson-video__player").count():
            assert watch_with_captions(page) == first_caption_of(lesson)
            videos_watched += 1
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
    assert videos_watched == 1  # the demo course's one video lesson
    watched = db(lambda: LessonProgress.objects.get(user__email=email, lesson__slug=VIDEO_LESSON))
    assert max(watched.video_fractions.values()) > 0  # video-progress.js reported playing

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
