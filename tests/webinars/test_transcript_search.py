"""The recording page offers a search within its transcript to those who may watch it.

The search itself runs in the browser (tests/browser/test_transcript_search.py); here, what
the page hands it: a labelled search box, a polite live region and the cues, only with the
transcript, and only as static files under the strict CSP (no inline script)."""

import pytest

from tests.factories import member, resident
from tests.webinars import factories

pytestmark = pytest.mark.django_db

SCRIPT = '<script src="/static/js/webinars/transcript-search.js" defer></script>'


def test_a_member_gets_the_transcript_search_beside_the_cues(client, login_as):
    recording = factories.recording(access="members")
    response = login_as(member()).get(recording.url)
    html = response.content.decode()
    assert SCRIPT in html
    assert '<label for="transcript-query">Search the transcript</label>' in html
    assert 'id="transcript-search-status"' in html and 'aria-live="polite"' in html
    # Hidden until the script runs: without it the form could do nothing.
    assert 'class="transcript-search js-transcript-search" role="search"' in html
    assert "hidden\n" in html.split("js-transcript-search", 1)[1][:120]
    assert '<span class="transcript__text">' in html
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_no_search_without_a_transcript_or_for_those_who_may_not_watch(client, login_as):
    without_captions = factories.recording(access="public", vtt=None)
    assert SCRIPT not in login_as(member()).get(without_captions.url).content.decode()
    members_only = factories.recording(access="members")
    html = login_as(resident()).get(members_only.url).content.decode()
    assert SCRIPT not in html and "Search the transcript" not in html
