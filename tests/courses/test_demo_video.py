"""The demo course's video lesson, as a visitor's browser fetches it: the page carries the
video and a captions track, and the site itself serves both files."""

from __future__ import annotations

import io
import re

import pytest

from content import demo as content_demo
from content.demo_files import read
from courses import demo as courses_demo
from courses.models import LessonPage
from members import demo as members_demo
from tests.support.demo import after_commit, rolled_back

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}
LESSON = "why-structured-reporting"
COURSE_FILE = courses_demo.COURSES / "structured-reporting-dicom-sr.json"


@pytest.fixture(scope="module")
def demo_course(django_db_setup, django_db_blocker):
    """The site pages, accounts and courses of the demo (not exercises or webinars)."""
    with rolled_back(django_db_blocker):
        with after_commit():
            for module in (content_demo, members_demo, courses_demo):
                module.load(io.StringIO())
        yield


def written_video() -> dict:
    """The video block as the data file writes it (what the page should show)."""
    course = read(COURSE_FILE)
    lessons = [item for module in course["modules"] for item in module["lessons"]]
    (lesson,) = [item for item in lessons if item["slug"] == LESSON]
    (video,) = [block for block in lesson["body"] if block["type"] == "video"]
    return video


def fetch(client, url: str) -> tuple[int, str, bytes]:
    response = client.get(url, **HOST)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, response.headers.get("Content-Type", ""), body


def test_the_demo_lesson_page_has_a_video_with_a_default_captions_track(client, demo_course):
    page = client.get(LessonPage.objects.get(slug=LESSON).url, **HOST).content.decode()

    (player,) = re.findall(r"<video [^>]*>.*?</video>", page, flags=re.S)
    assert re.search(r'<source src="/media/[^"]+\.webm" type="video/webm">', player)
    track = re.search(r"<track ([^>]*)>", player).group(1)
    assert 'kind="captions"' in track and 'srclang="en"' in track and "default" in track
    assert written_video()["title"] in page
    assert "this demo video stands in for a recorded lecture" in page  # the transcript
    assert "Demo content." in page


def test_the_site_serves_the_demo_lesson_video_and_its_webvtt_captions(client, demo_course):
    page = client.get(LessonPage.objects.get(slug=LESSON).url, **HOST).content.decode()
    video_url = re.search(r'<source src="([^"]+)"', page).group(1)
    captions_url = re.search(r'<track [^>]*src="([^"]+)"', page).group(1)
    written = written_video()

    status, content_type, body = fetch(client, video_url)
    assert (status, content_type) == (200, "video/webm")
    assert body == (courses_demo.MEDIA / written["video"]["file"]).read_bytes()

    status, content_type, body = fetch(client, captions_url)
    assert status == 200 and content_type.startswith("text/vtt")
    text = body.decode()
    assert text.startswith("WEBVTT\n")
    for cue in written["captions"]["cues"]:
        assert f"{cue['start']} --> {cue['end']}\n{cue['text']}\n" in text


def test_loading_the_course_demo_again_makes_no_second_video_or_captions(demo_course):
    from wagtail.documents.models import Document
    from wagtailmedia.models import Media

    before = (Media.objects.count(), Document.objects.count(), LessonPage.objects.count())
    with after_commit():
        courses_demo.load(io.StringIO())

    assert (Media.objects.count(), Document.objects.count(), LessonPage.objects.count()) == before
    body = LessonPage.objects.get(slug=LESSON).body
    (block,) = [b for b in body if b.block_type == "video"]
    assert block.value["video"].title == written_video()["video"]["title"]


def test_edited_cues_reach_the_served_captions_on_the_next_load(client, demo_course, monkeypatch):
    from wagtail.documents.models import Document

    data = courses_demo.read_data()
    (course,) = [course for path, course in data["courses"] if path == COURSE_FILE]
    lesson = course["modules"][0]["lessons"][0]
    (video,) = [b for b in lesson["body"] if b["type"] == "video"]
    video["captions"]["cues"][0]["text"] = "Edited by the demo's editor."
    monkeypatch.setattr(courses_demo, "read_data", lambda: data)
    documents = Document.objects.count()

    with after_commit():
        courses_demo.load(io.StringIO())

    page = client.get(LessonPage.objects.get(slug=LESSON).url, **HOST).content.decode()
    captions_url = re.search(r'<track [^>]*src="([^"]+)"', page).group(1)
    assert "00:00:00.000 --> 00:00:03.000\nEdited by the demo's editor.\n" in (
        fetch(client, captions_url)[2].decode()
    )
    assert Document.objects.count() == documents


def test_only_an_enrolled_learner_reports_video_progress_from_the_shared_lesson(
    client, demo_course
):
    from django.test import Client

    from courses.services import enrol
    from tests.factories import resident

    lesson = LessonPage.objects.get(slug=LESSON)
    learner, visitor = resident(), resident()
    enrol(user=learner, course=lesson.get_parent().get_parent().specific)
    pages = {}
    for name, user in (("enrolled", learner), ("not enrolled", visitor), ("anonymous", None)):
        browser = Client()
        if user:
            browser.force_login(user)
        pages[name] = browser.get(lesson.url, **HOST).content.decode()

    progress = f'data-progress-url="/learn/lessons/{lesson.id}/video-progress/"'
    assert progress in pages["enrolled"]
    assert "data-progress-url" not in pages["not enrolled"] + pages["anonymous"]
    assert not any("\x02" in page for page in pages.values())  # every marker filled in
