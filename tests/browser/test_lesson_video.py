"""A video lesson (a 4 s clip made by ffmpeg, WebVTT captions): played muted,
video-progress.js reports progress and the lesson completes from 90%, on a slow
connection too.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtailmedia.models import Media

from courses.models import (
    CoursePage,
    LessonPage,
    LessonProgress,
    ModulePage,
)
from courses.services import enrol
from members.roles import Role
from tests.browser.journeys import CAPTIONS, COURSE_TITLE, db, sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())


# --- A video lesson ---------------------------------------------------------------------


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
