"""What members and visitors type: the webinar progress endpoint, questions to the experts,
account deletion and site search. Random input never gives a 5xx, and text that is
stored comes back escaped."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from config.inputs import CONTROL_CHARACTERS
from content.webinars.models import Question as WebinarQuestion
from content.webinars.models import ViewingProgress
from members.models import User
from tests.factories import TEST_PASSWORD, member, resident
from tests.robustness.conftest import (
    SCRIPT_MARKER,
    assert_no_raw_marker,
    assert_not_server_error,
    bounded,
)
from tests.robustness.inputs import NASTY, form_value
from tests.webinars import factories as webinar_factories

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::UserWarning")]

HOST = {"HTTP_HOST": "localhost"}


# --- Webinar progress -------------------------------------------------------------------


@pytest.fixture
def recording_client(client, login_as):
    recording = webinar_factories.recording(access="members")
    return login_as(member()), reverse("webinars-progress", args=[recording.pk])


def json_values():
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=8,
    )


@st.composite
def progress_body(draw) -> tuple[bytes, str]:
    kind = draw(st.sampled_from(["valid", "valid", "object", "json", "bytes", "form", "big"]))
    if kind == "valid":
        seconds = st.floats(0, 24 * 3600) | st.integers(0, 24 * 3600)
        obj = {"position": draw(seconds), "duration": draw(st.none() | seconds)}
        return json.dumps(obj).encode(), "application/json"
    if kind == "object":
        obj = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "position": json_values() | st.sampled_from(["NaN", "Infinity", "1e400"]),
                    "duration": json_values(),
                },
            )
        )
        return json.dumps(obj).encode(), "application/json"
    if kind == "json":
        return json.dumps(draw(json_values())).encode(), "application/json"
    if kind == "bytes":
        content_type = draw(st.sampled_from(["application/json", "text/plain", "", "x/y"]))
        return draw(st.binary(max_size=300)), content_type
    if kind == "form":
        position = draw(form_value())
        return f"position={position}&duration=1e999".encode(), "application/x-www-form-urlencoded"
    return b'{"position": 1, "pad": "' + b"x" * 3000 + b'"}', "application/json"


@bounded(60)
@given(body=progress_body())
def test_progress_endpoint_answers_4xx_or_200(recording_client, body):
    client, url = recording_client
    data, content_type = body
    response = client.post(url, data, content_type=content_type)
    assert_not_server_error(response)
    event(f"status {response.status_code}")
    assert response.status_code in (200, 400, 413)
    assert "error" in response.json() or response.status_code == 200
    for row in ViewingProgress.objects.all():
        assert 0 <= row.position_seconds <= 24 * 3600
        assert 0 <= row.max_fraction <= 1


def test_progress_nan_and_infinity_literals_are_refused(recording_client):
    client, url = recording_client
    for raw in (b'{"position": NaN}', b'{"position": Infinity}', b'{"position": 1e400}'):
        response = client.post(url, raw, content_type="application/json")
        assert response.status_code == 400, raw
    assert not ViewingProgress.objects.exists()


# --- Questions to the experts -----------------------------------------------------------


@pytest.fixture
def asking(client, login_as):
    webinar = webinar_factories.webinar(access="public")
    asker = member()
    return {
        "client": login_as(asker),
        "asker": asker,
        "webinar": webinar,
        "url": reverse("webinars-ask", args=[webinar.pk]),
    }


@bounded(50)
@given(
    text=st.one_of(
        st.text(max_size=200),
        st.sampled_from(NASTY),
        st.text(max_size=50).map(lambda t: f"{t}{SCRIPT_MARKER}{t}"),
        st.integers(990, 1010).map(lambda n: "q" * n),
    ),
    next_url=st.none() | st.sampled_from(["//evil.example/", "javascript:alert(1)", "/ok/"]),
)
def test_asking_any_text_is_stored_and_shown_escaped(asking, text, next_url):
    WebinarQuestion.objects.filter(author=asking["asker"]).delete()  # stay under the rate limit
    payload = {"text": text} if next_url is None else {"text": text, "next": next_url}
    response = asking["client"].post(asking["url"], payload)
    assert_not_server_error(response)
    event(f"status {response.status_code}")
    if response.status_code == 302:
        assert not response["Location"].startswith(("//evil", "javascript:"))
        stored = WebinarQuestion.objects.get(author=asking["asker"])
        assert "\x00" not in stored.text
        html = asking["client"].get(asking["webinar"].url).content.decode()
        assert_no_raw_marker(html)
        if SCRIPT_MARKER in text:
            assert "&lt;script&gt;alert(&#x27;xss-robust&#x27;)&lt;/script&gt;" in html
    else:
        assert response.status_code == 400
        assert not WebinarQuestion.objects.filter(author=asking["asker"]).exists()


def test_a_question_with_a_nul_character_is_refused(asking):
    response = asking["client"].post(asking["url"], {"text": "What about \x00 bytes?"})
    assert response.status_code == 400
    assert not WebinarQuestion.objects.exists()


def test_a_very_long_question_is_refused_with_a_message(asking):
    response = asking["client"].post(asking["url"], {"text": "Why? " * 50_000})
    assert response.status_code == 400
    assert "too long" in response.content.decode()


# --- Account deletion -------------------------------------------------------------------


@bounded(40)
@given(
    password=st.one_of(st.just(TEST_PASSWORD), st.text(max_size=30), st.sampled_from(NASTY)),
    confirmation=st.sampled_from(["DELETE", " DELETE ", "delete", "DELETE\x00"])
    | st.text(max_size=30),
)
def test_account_deletion_form_never_fails_and_deletes_only_when_confirmed(
    client, login_as, password, confirmation
):
    user = resident()  # a fresh account for every example (a deletion may go through)
    login_as(user)
    response = client.post(
        reverse("members:delete_my_account"), {"password": password, "confirmation": confirmation}
    )
    assert_not_server_error(response)
    should_delete = password == TEST_PASSWORD and confirmation.strip() == "DELETE"
    event(f"status {response.status_code}")
    if should_delete:
        assert response.status_code == 302
        erased = User.objects.get(pk=user.pk)
        assert not erased.is_active and erased.email != user.email
    else:
        assert response.status_code == 400
        kept = User.objects.get(pk=user.pk)
        assert kept.is_active and kept.email == user.email
        assert_no_raw_marker(response.content.decode())
    client.logout()


# --- Site search ------------------------------------------------------------------------


@pytest.fixture
def searchable():
    recording = webinar_factories.recording(access="public", title="DICOMweb in practice")
    return recording


@bounded(60)
@given(
    query=st.one_of(
        st.text(max_size=60),
        st.sampled_from(NASTY + ['"', "'", "*", "OR", "AND NOT", "(", ")", "-", "NEAR(", "^"]),
        st.lists(st.sampled_from(['"', "*", "QIDO", "AND", "(", "-", ":", "OR"]), max_size=8).map(
            " ".join
        ),
        st.just("x" * 1000),
    ),
    page=st.none() | st.text(max_size=5) | st.integers().map(str),
)
def test_search_never_fails_and_echoes_the_query_escaped(client, searchable, query, page):
    params = {"q": query} if page is None else {"q": query, "page": page}
    response = client.get("/search/", params, **HOST)
    assert_not_server_error(response)
    event(f"status {response.status_code}")
    if CONTROL_CHARACTERS.search(query + (page or "")):
        # No link of the site carries a control character: refused with a message.
        assert response.status_code == 400
        assert "not allowed" in response.content.decode()
        return
    assert response.status_code == 200
    assert_no_raw_marker(response.content.decode())
