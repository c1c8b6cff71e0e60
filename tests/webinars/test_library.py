"""The recordings library: filters and transcript search."""

import datetime

import pytest

from tests.factories import member
from tests.webinars import factories

pytestmark = pytest.mark.django_db


def test_filters_by_year_speaker_and_domain(client):
    alice = factories.speaker(name="Alice Adams")
    old = factories.recording(title="Old talk", recorded_on=datetime.date(2023, 1, 5))
    new = factories.recording(
        title="New talk", recorded_on=datetime.date(2025, 2, 1), speakers=[alice]
    )
    new.domains.add("Standards")
    new.save()
    index = factories.index_page()

    by_year = client.get(index.url, {"year": "2023"}).content.decode()
    by_speaker = client.get(index.url, {"speaker": alice.pk}).content.decode()
    by_domain = client.get(index.url, {"domain": "standards"}).content.decode()
    nonsense = client.get(index.url, {"year": "abc", "speaker": "x"})

    assert old.title in by_year and new.title not in by_year
    assert new.title in by_speaker and old.title not in by_speaker
    assert new.title in by_domain and old.title not in by_domain
    # An impossible filter is said to the visitor (issue 10), not silently dropped.
    assert nonsense.status_code == 400
    assert "must be" in nonsense.content.decode()


def test_upcoming_webinars_are_listed_past_ones_are_not(client):
    future = factories.webinar(title="Future webinar")
    past = factories.webinar(
        title="Past webinar",
        start=datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC),
    )

    html = client.get(factories.index_page().url).content.decode()

    assert future.title in html
    assert past.title not in html


def test_transcript_search_links_entitled_users_to_the_moment(client, login_as):
    recording = factories.recording(access="members", title="DICOMweb in practice")

    html = login_as(member()).get("/search/", {"q": "pixel data"}).content.decode()

    assert "DICOMweb in practice at 3:12" in html
    assert f"{recording.url}?t=192#player" in html


def test_transcript_search_ignores_unpublished_recordings(client):
    recording = factories.recording(access="public")
    recording.unpublish()

    html = client.get("/search/", {"q": "pixel data"}).content.decode()

    assert "at 3:12" not in html
