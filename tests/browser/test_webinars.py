"""A member watches a members-only recording in a real browser: the video plays, English
captions show, a chapter link seeks, leaving the page saves the position (pagehide beacon)
and coming back resumes there. A signed-in non-member gets the teaser and a 403 for the
video file."""

import re
import threading
import time
from pathlib import Path

import pytest
from django.db import OperationalError
from django.urls import reverse

from content.webinars.models import ViewingProgress
from tests.factories import TEST_PASSWORD, member, resident
from tests.webinars import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# 8 s, 320x180, VP9 + Opus: plays in Debian's Chromium.
DEMO_VIDEO = (
    Path(__file__).resolve().parents[2]
    / "content/webinars/demo_media/structured-reporting-mrrt.webm"
)
CAPTIONS = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:04.000\n"
    "An MRRT template is an HTML5 document with coded fields.\n\n"
    "00:00:04.000 --> 00:00:08.000\n"
    "Measurements from a structured report fill the template.\n"
)


# With the default in-memory SQLite, pytest-django hands the live server the test's own
# database connection, and every request thread shares it. A page that loads its video and
# caption track at once then races on that one connection ("cannot start a transaction
# within a transaction", "database table is locked" -> 503). Serialize the Django work of
# requests (and this thread's queries) on a lock; streamed file bytes go out after it is
# released. On PostgreSQL (CI) nothing is shared and the lock is not installed.
DB_LOCK = threading.RLock()


@pytest.fixture
def serialized_db(live_server):
    if not live_server.thread.connections_override:
        yield
        return
    httpd = live_server.thread.httpd
    app = httpd.get_app()

    def locked_app(environ, start_response):
        with DB_LOCK:
            return app(environ, start_response)

    httpd.set_app(locked_app)
    yield
    httpd.set_app(app)


def sign_in(page, user, next_url: str) -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label(re.compile(r"^Email")).fill(user.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"**{next_url}")


def video_time(page) -> float:
    return page.evaluate("document.querySelector('video').currentTime")


def wait_until(predicate, timeout: float = 8.0, interval: float = 0.2):
    """Poll the database until predicate() is truthy. With the in-memory SQLite of the
    default test settings a read can collide with the live server's write ("database table
    is locked"); that is retried, not a failure."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with DB_LOCK:
                value = predicate()
        except OperationalError:
            value = None
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def test_member_watches_seeks_leaves_and_resumes_non_member_is_refused(
    serialized_db, page, browser, live_server
):
    recording = factories.recording(
        access="members",
        video=DEMO_VIDEO.read_bytes(),
        video_name="mrrt.webm",
        video_duration=8,
        vtt=CAPTIONS,
        chapters=[(0, "What MRRT defines"), (4, "Measurements from DICOM SR")],
        title="Structured reporting with MRRT",
    )
    url = recording.url
    video_url = reverse("webinars-video", args=[recording.pk])
    caption_url = reverse("webinars-caption", args=[recording.pk, recording.captions.get().pk])
    # Every user exists before the browser starts: writes from this thread while the live
    # server reads the same in-memory SQLite tables fail with "database table is locked".
    viewer = member()
    non_member = resident()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None
        ),
    )
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )

    # --- The member signs in, opens the recording, plays it.
    sign_in(page, viewer, url)
    # Opening the page and leaving without playing saves nothing (no 0:00 "progress").
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    page.goto("/webinars/")
    time.sleep(0.5)
    with DB_LOCK:
        assert not ViewingProgress.objects.filter(user=viewer).exists()
    page.goto(url)
    video = page.locator("video.js-recording-video")
    assert video.locator("source").get_attribute("src") == video_url
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    assert page.evaluate("document.querySelector('video').duration") == pytest.approx(8, abs=0.2)
    page.evaluate("document.querySelector('video').muted = true")
    page.evaluate("document.querySelector('video').play()")
    page.wait_for_function("() => document.querySelector('video').currentTime > 0.5")
    assert not page.evaluate("document.querySelector('video').paused")

    # English captions are loaded and showing.
    tracks = page.evaluate(
        "Array.from(document.querySelector('video').textTracks)"
        ".map(t => ({lang: t.language, mode: t.mode, kind: t.kind}))"
    )
    assert tracks == [{"lang": "en", "mode": "showing", "kind": "captions"}]
    page.wait_for_function(
        "() => { const t = document.querySelector('video').textTracks[0];"
        " return t.cues && t.cues.length === 2; }"
    )

    # A chapter link seeks in place (no reload) and keeps playing.
    page.get_by_role("link", name=re.compile("Measurements from DICOM SR")).click()
    page.wait_for_function(
        "() => { const v = document.querySelector('video');"
        " return v.currentTime >= 4 && v.currentTime < 5.5; }"
    )
    assert page.url.endswith("?t=4#player")
    page.evaluate("document.querySelector('video').pause()")

    # Seek while paused (nothing reported yet for this position), then leave the page:
    # the pagehide beacon stores it.
    page.evaluate("document.querySelector('video').currentTime = 6.3")
    page.wait_for_function(
        "() => Math.abs(document.querySelector('video').currentTime - 6.3) < 0.1"
    )
    page.goto("/webinars/")

    def saved():
        row = ViewingProgress.objects.filter(user=viewer, recording=recording).first()
        return row if row and row.position_seconds == 6 else None

    progress = wait_until(saved)
    assert progress is not None, ViewingProgress.objects.filter(user=viewer).values()
    assert progress.duration_seconds == pytest.approx(8, abs=0.2)
    assert progress.watched_at is None

    # --- Back on the page, the player starts where the member left off.
    page.goto(url)
    page.wait_for_function("() => Math.abs(document.querySelector('video').currentTime - 6) < 0.3")
    resume = page.get_by_role("button", name="Resume from 0:06")
    assert resume.is_visible()
    page.evaluate("document.querySelector('video').muted = true")
    resume.click()
    page.wait_for_function(
        "() => { const v = document.querySelector('video');"
        " return !v.paused && v.currentTime > 6; }"
    )
    assert page.locator(".js-resume").is_hidden()

    # Pausing reports the position; leave the page idle before the next user comes in.
    page.evaluate("document.querySelector('video').pause()")
    paused_at = int(video_time(page))
    page.goto("/webinars/")
    assert wait_until(
        lambda: ViewingProgress.objects.filter(
            user=viewer, recording=recording, position_seconds=paused_at
        ).exists()
    )
    assert errors == []

    # --- A signed-in non-member gets the teaser, no video, and 403 for the file.
    context = browser.new_context(base_url=live_server.url)
    try:
        other = context.new_page()
        sign_in(other, non_member, url)
        assert other.get_by_role("heading", name="For society members").is_visible()
        assert other.locator("video").count() == 0
        assert other.locator("source").count() == 0
        assert video_url not in other.content()
        assert other.request.get(video_url).status == 403
        assert other.request.get(caption_url).status == 403
    finally:
        context.close()
