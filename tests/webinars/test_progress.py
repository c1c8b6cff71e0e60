"""Resume where you stopped; watched at 90%."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content.webinars.models import ViewingProgress, validate_webvtt
from tests.factories import member, resident
from tests.webinars import factories

pytestmark = pytest.mark.django_db


def watched(user, recording) -> bool:
    return ViewingProgress.objects.filter(
        user=user, recording=recording, watched_at__isnull=False
    ).exists()


def post_json(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


@pytest.fixture
def recording():
    return factories.recording(access="members")  # media duration is 200 s


def test_position_is_saved_and_the_page_offers_to_resume(client, login_as, recording):
    client = login_as(member())
    url = reverse("webinars-progress", args=[recording.pk])

    response = post_json(client, url, {"position": 192, "duration": 600})

    assert response.status_code == 200
    assert response.json()["watched"] is False
    html = client.get(recording.url).content.decode()
    assert 'data-resume="192.0"' in html
    assert "Resume from 3:12" in html
    assert "Start over" in html


def test_watched_at_ninety_percent(client, login_as, recording):
    user = member()
    client = login_as(user)
    url = reverse("webinars-progress", args=[recording.pk])
    post_json(client, url, {"position": 170, "duration": 200})
    assert not watched(user, recording)

    response = post_json(client, url, {"position": 180, "duration": 200})

    assert response.json()["watched"] is True
    assert watched(user, recording)
    # Seeking back later keeps it watched.
    post_json(client, url, {"position": 10, "duration": 200})
    assert watched(user, recording)


def test_beacon_form_body_with_csrf_token_is_accepted(login_as, recording):
    from django.test import Client

    user = member()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(recording.url)  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value

    response = client.post(
        reverse("webinars-progress", args=[recording.pk]),
        {"position": "42", "duration": "200", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 200
    assert ViewingProgress.objects.get(user=user).position_seconds == 42


def test_json_post_without_csrf_token_is_refused(recording):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member())

    response = post_json(client, reverse("webinars-progress", args=[recording.pk]), {"position": 1})

    assert response.status_code == 403


def test_json_post_with_csrf_header_is_accepted(recording):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member())
    client.get(recording.url)
    token = client.cookies["csrftoken"].value

    response = post_json(
        client,
        reverse("webinars-progress", args=[recording.pk]),
        {"position": 5},
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"position": "abc"}, "must be a number"),
        ({"position": -3}, "between 0"),
        ({"position": 10**9}, "between 0"),
        ({"position": "nan"}, "between 0"),
        ({"position": True}, "must be a number"),
        ({"duration": 20}, "'position' is required"),
        ([1, 2], "JSON object"),
    ],
)
def test_bad_positions_are_400_with_a_message(client, login_as, recording, payload, message):
    client = login_as(member())

    response = post_json(client, reverse("webinars-progress", args=[recording.pk]), payload)

    assert response.status_code == 400
    assert message in response.json()["error"]


def test_invalid_json_is_400(client, login_as, recording):
    client = login_as(member())

    response = client.post(
        reverse("webinars-progress", args=[recording.pk]),
        "{not json",
        content_type="application/json",
    )

    assert response.status_code == 400


def test_huge_body_is_413(client, login_as, recording):
    client = login_as(member())

    response = post_json(
        client,
        reverse("webinars-progress", args=[recording.pk]),
        {"position": 1, "x": "a" * 10_000},
    )

    assert response.status_code == 413


def test_progress_requires_sign_in_and_entitlement(client, login_as, recording):
    url = reverse("webinars-progress", args=[recording.pk])

    assert post_json(client, url, {"position": 1}).status_code == 403
    assert post_json(login_as(resident()), url, {"position": 1}).status_code == 403
    assert not ViewingProgress.objects.exists()


def test_progress_for_unknown_recording_is_404(client, login_as):
    response = post_json(
        login_as(member()), reverse("webinars-progress", args=[999999]), {"position": 1}
    )

    assert response.status_code == 404


def test_search_link_time_is_honoured_by_the_player_script(client):
    recording = factories.recording(access="public")

    html = client.get(recording.url + "?t=192").content.decode()

    assert "js/webinars/player.js" in html
    assert 'id="player"' in html


class TestCaptionValidation:
    def test_vtt_must_start_with_webvtt(self):
        with pytest.raises(ValidationError, match="must start with 'WEBVTT'"):
            validate_webvtt(SimpleUploadedFile("x.vtt", b"1\n00:00:00,000 --> 00:00:01,000\nHi"))

    def test_vtt_with_bom_is_accepted(self):
        validate_webvtt(SimpleUploadedFile("x.vtt", b"\xef\xbb\xbfWEBVTT\n\n"))

    def test_webvttx_is_not_webvtt(self):
        with pytest.raises(ValidationError):
            validate_webvtt(SimpleUploadedFile("x.vtt", b"WEBVTTX\n"))

    def test_vtt_size_is_limited(self):
        with pytest.raises(ValidationError, match="at most 512 KB"):
            validate_webvtt(SimpleUploadedFile("x.vtt", b"WEBVTT\n\n" + b"a" * 600_000))


def test_transcript_comes_from_the_first_caption_file(recording):
    cues = list(recording.transcript_cues.values_list("start", "text"))

    assert cues[0] == (0.0, "Welcome to DICOMweb in practice.")
    assert cues[1] == (4.0, "QIDO-RS lets you search for studies over HTTP.")
    assert cues[2][0] == 192.0


def test_the_page_sets_the_csrf_cookie_the_player_reports_with(login_as):
    """A resident on a signed-in recording sees no form, yet the player's reports need the
    csrftoken cookie: the page sets it."""
    from django.test import Client

    recording = factories.recording(access="signed_in")
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident())

    response = client.get(recording.url)

    assert "csrfmiddlewaretoken" not in response.content.decode()
    token = response.cookies["csrftoken"].value
    saved = post_json(
        client,
        reverse("webinars-progress", args=[recording.pk]),
        {"position": 12},
        HTTP_X_CSRFTOKEN=token,
    )
    assert saved.status_code == 200
