"""A member searches within a recording's transcript and jumps to the moment.

On the recording's page (the 8 s demo clip, WebVTT captions) the member types in "Search
the transcript": without a reload, the number of matching lines is announced in the live
region and each match is listed as a button with the words found highlighted. Reached
with the keyboard and pressed, a match plays the video from its cue. Case and accents do
not matter; a word in no line says so. At 390 px the search fits and axe finds nothing
serious; no console error or CSP violation on the way.
"""

import re

import pytest

from tests.browser.axe import assert_accessible
from tests.browser.test_webinars import (
    CAPTIONS,
    DEMO_VIDEO,
    serialized_db,  # noqa: F401 - the fixture
    sign_in,
)
from tests.factories import member
from tests.webinars import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THIRD_CUE = "00:00:06.000 --> 00:00:08.000\nA résumé of the report goes to the referrer.\n"


def test_member_finds_a_line_of_the_transcript_and_plays_from_it(
    serialized_db,  # noqa: F811
    page,
    live_server,
):
    recording = factories.recording(
        access="members",
        video=DEMO_VIDEO.read_bytes(),
        video_name="mrrt.webm",
        video_duration=8,
        vtt=CAPTIONS.rstrip("\n") + "\n\n" + THIRD_CUE,
        title="Structured reporting with MRRT",
    )
    viewer = member()
    problems: list[str] = []
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective));"
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.set_viewport_size({"width": 390, "height": 844})

    sign_in(page, viewer, recording.url)
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    page.evaluate("document.querySelector('video').muted = true")
    search = page.get_by_role("searchbox", name="Search the transcript")
    status = page.locator("#transcript-search-status")
    assert status.get_attribute("aria-live") == "polite"
    loaded_at = page.evaluate("performance.timeOrigin")

    # Typed in lower case: the line that says "structured report" is found, no reload.
    search.click()
    page.keyboard.type("structured report")
    hits = page.get_by_role("list", name="Lines that match").get_by_role("button")
    hits.first.wait_for()
    assert status.inner_text() == (
        "1 line contains “structured report”. Press a line to play from there."
    )
    assert hits.count() == 1
    assert hits.first.inner_text().startswith("0:04")
    assert hits.first.locator("mark").all_inner_texts() == ["structured", "report"]

    # From the search box, Tab reaches the match; Enter plays the video from 0:04.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("0:04")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => { const v = document.querySelector('video');"
        " return !v.paused && v.currentTime >= 4 && v.currentTime < 6; }"
    )
    assert status.inner_text() == "Playing from 0:04."
    assert hits.first.get_attribute("aria-current") == "true"
    page.evaluate("document.querySelector('video').pause()")

    # Accents and case are ignored; several words must all be in the line.
    search.fill("RESUME referrer")
    page.get_by_text(re.compile("^1 line contains")).wait_for()
    assert hits.first.locator("mark").all_inner_texts() == ["résumé", "referrer"]
    search.fill("report")
    page.get_by_text(re.compile("^2 lines contain “report”")).wait_for()
    assert hits.count() == 2
    search.fill("gadolinium")
    page.get_by_text("No line of the transcript contains “gadolinium”.").wait_for()
    assert hits.count() == 0

    assert page.evaluate("performance.timeOrigin") == loaded_at  # never reloaded
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    search.fill("template")
    hits.first.wait_for()
    assert_accessible(page)
    assert not problems, problems
