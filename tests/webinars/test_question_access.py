"""Questions and answers follow the access of the recording or webinar they are on, and
no page names anyone by a piece of their email address (issue 10 item 6)."""

import pytest

from content.webinars.models import Question
from tests.factories import MembershipFactory, UserFactory, member
from tests.webinars import factories

pytestmark = pytest.mark.django_db

QUESTION = "Does the archive keep the original pixel spacing?"
ANSWER = "Yes, the spacing survives the migration unchanged."


def _asked_on(page, author=None) -> Question:
    author = author or MembershipFactory(user__display_name="Dr Quentin Asker").user
    answerer = UserFactory(display_name="Prof Ada Answer")
    return Question.objects.create(
        page=page, author=author, text=QUESTION, answer=ANSWER, answered_by=answerer
    )


def _page(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def _shows_the_question(html: str) -> bool:
    return QUESTION in html or ANSWER in html or "Quentin Asker" in html or "Ada Answer" in html


def test_anonymous_visitors_do_not_see_questions_on_a_members_only_recording(client):
    recording = factories.recording(access="members")
    _asked_on(recording)

    html = _page(client, recording)

    assert not _shows_the_question(html)
    assert "shown to those who may watch this recording" in html


def test_signed_in_non_members_do_not_see_them_either(client):
    recording = factories.recording(access="members")
    _asked_on(recording)
    client.force_login(UserFactory())

    assert not _shows_the_question(_page(client, recording))


def test_members_see_questions_answers_and_names(client):
    recording = factories.recording(access="members")
    _asked_on(recording)
    client.force_login(member())

    html = _page(client, recording)

    assert QUESTION in html and ANSWER in html
    assert "Dr Quentin Asker" in html and "Answer by Prof Ada Answer" in html


def test_signed_in_recordings_show_questions_after_sign_in(client):
    recording = factories.recording(access="signed_in")
    _asked_on(recording)

    assert not _shows_the_question(_page(client, recording))
    client.force_login(UserFactory())
    assert QUESTION in _page(client, recording)


def test_public_recordings_show_questions_to_everyone(client):
    recording = factories.recording(access="public")
    _asked_on(recording)

    assert QUESTION in _page(client, recording)


def test_members_only_webinars_keep_their_questions_to_members(client):
    webinar = factories.webinar(access="members")
    _asked_on(webinar)

    assert not _shows_the_question(_page(client, webinar))
    client.force_login(member())
    assert QUESTION in _page(client, webinar)


def test_a_speaker_with_an_account_reads_the_questions_to_answer_them(client):
    speaker_user = UserFactory(display_name="Dr Speaker Account")
    speaker = factories.speaker(user=speaker_user)
    recording = factories.recording(access="members", speakers=[speaker])
    _asked_on(recording)
    client.force_login(speaker_user)

    assert QUESTION in _page(client, recording)


def test_nobody_is_named_by_their_email_address(client):
    nameless = MembershipFactory(
        user__email="maria.rossi@hospital.example", user__display_name=""
    ).user
    nameless.first_name = nameless.last_name = ""
    nameless.save()
    answerer = UserFactory(email="j.smith@clinic.example", display_name="")
    recording = factories.recording(access="public")
    Question.objects.create(
        page=recording, author=nameless, text=QUESTION, answer=ANSWER, answered_by=answerer
    )

    html = _page(client, recording)

    assert "maria.rossi" not in html and "j.smith" not in html
    assert "A member ·" in html
    assert "Answer by A member" in html
    client.force_login(nameless)
    signed_in = _page(client, recording)
    assert "maria.rossi" not in signed_in.split("<main", 1)[0]  # the header's account link
    assert "Your account" in signed_in
