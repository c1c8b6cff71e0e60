"""Questions to the experts: who asks, answers, votes and moderates."""

import pytest
from django.core import mail
from django.urls import reverse

from content.webinars import services
from content.webinars.models import Question, QuestionVote
from tests.factories import UserFactory, instructor, member, resident, staff
from tests.webinars import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def webinar():
    return factories.webinar(access="public")


def ask(client, page, text="How do I query QIDO-RS by accession number?"):
    return client.post(reverse("webinars-ask", args=[page.pk]), {"text": text})


def test_member_asks_and_the_question_is_shown_escaped(client, login_as, webinar):
    client = login_as(member())

    response = ask(client, webinar, "Is <script>alert(1)</script> allowed?")

    assert response.status_code == 302
    html = client.get(webinar.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_non_members_cannot_ask(client, login_as, webinar, who):
    if who == "resident":
        client = login_as(resident())

    response = ask(client, webinar)

    assert response.status_code in (302, 403)
    assert not Question.objects.exists()


def test_question_length_is_limited(client, login_as, webinar):
    response = ask(login_as(member()), webinar, "x" * 1001)

    assert response.status_code == 400
    assert "too long" in response.content.decode()


def test_empty_question_is_refused(client, login_as, webinar):
    assert ask(login_as(member()), webinar, "   ").status_code == 400


def test_rate_limit_is_five_questions_per_ten_minutes(client, login_as, webinar):
    client = login_as(member())
    for n in range(5):
        assert ask(client, webinar, f"Question {n}").status_code == 302

    response = ask(client, webinar, "One more")

    assert response.status_code == 429
    assert "wait a few minutes" in response.content.decode()
    assert Question.objects.count() == 5


def test_one_upvote_per_user_and_a_second_click_withdraws_it(client, login_as, webinar):
    question = services.ask_question(member(), webinar, "Why FHIR ImagingStudy?")
    voter = member()
    client = login_as(voter)
    url = reverse("webinars-vote", args=[question.pk])

    client.post(url)
    assert QuestionVote.objects.filter(question=question).count() == 1
    client.post(url)
    assert QuestionVote.objects.filter(question=question).count() == 0


def test_one_cannot_upvote_ones_own_question_and_sees_no_button_for_it(client, login_as, webinar):
    asker = member()
    own = services.ask_question(asker, webinar, "My own question about QIDO-RS?")
    other = services.ask_question(member(), webinar, "Someone else's question?")
    client = login_as(asker)

    page = client.get(webinar.url).content.decode()
    assert reverse("webinars-vote", args=[own.pk]) not in page
    assert reverse("webinars-vote", args=[other.pk]) in page

    response = client.post(reverse("webinars-vote", args=[own.pk]))
    assert response.status_code == 403
    assert "You cannot upvote your own question." in response.content.decode()
    assert not QuestionVote.objects.filter(question=own).exists()


def test_a_long_unbroken_question_wraps_instead_of_running_off_the_page(client, webinar):
    from django.contrib.staticfiles import finders

    services.ask_question(member(), webinar, "x" * 900)
    page = client.get(webinar.url).content.decode()
    assert 'class="question__text"' in page
    from pathlib import Path

    css = Path(finders.find("css/webinars.css")).read_text()
    rule = next(line for line in css.splitlines() if "overflow-wrap" in line)
    assert ".question__text" in rule and "overflow-wrap: anywhere" in rule
    assert "css/webinars.css" in page


def test_speaker_user_and_instructor_answer_but_a_member_cannot(client, login_as):
    speaker_user = UserFactory()
    webinar = factories.webinar(speakers=[factories.speaker(user=speaker_user)])
    question = services.ask_question(member(), webinar, "What about DICOM SR?")
    url = reverse("webinars-answer", args=[question.pk])

    assert login_as(member()).post(url, {"answer": "No"}).status_code == 403
    assert login_as(speaker_user).post(url, {"answer": "Use TID 1500."}).status_code == 302
    assert login_as(instructor()).post(url, {"answer": "And MRRT."}).status_code == 302
    question.refresh_from_db()
    assert question.answer == "And MRRT."
    assert "Answered" in login_as(member()).get(webinar.url).content.decode()


def test_staff_hide_and_edit_and_others_cannot(client, login_as, webinar):
    question = services.ask_question(member(), webinar, "Rude question")
    url = reverse("webinars-moderate", args=[question.pk])

    assert login_as(instructor()).post(url, {"action": "hide"}).status_code == 403
    assert login_as(staff()).post(url, {"action": "hide"}).status_code == 302
    question.refresh_from_db()
    assert question.hidden
    assert "Rude question" not in login_as(member()).get(webinar.url).content.decode()

    login_as(staff()).post(url, {"action": "edit", "text": "Polite question"})
    question.refresh_from_db()
    assert question.text == "Polite question"


def test_staff_lock_the_qa(client, login_as, webinar):
    url = reverse("webinars-qa-lock", args=[webinar.pk])
    assert login_as(member()).post(url, {"locked": "1"}).status_code == 403

    login_as(staff()).post(url, {"locked": "1"})

    response = ask(login_as(member()), webinar)
    assert response.status_code == 403
    assert "closed" in response.content.decode()


def test_questions_on_a_recording(client, login_as):
    recording = factories.recording(access="members")

    assert ask(login_as(member()), recording).status_code == 302
    assert Question.objects.get().page_id == recording.pk


def test_speaker_digest_is_sent_once_per_question():
    with_email = factories.speaker(email="speaker@example.org")
    webinar = factories.webinar(speakers=[with_email, factories.speaker()])
    services.ask_question(member(), webinar, "First question")
    services.ask_question(member(), webinar, "Second question")

    assert services.send_question_digests() == 1
    assert services.send_question_digests() == 0
    services.ask_question(member(), webinar, "Third question")
    assert services.send_question_digests() == 1

    assert [m.to for m in mail.outbox] == [["speaker@example.org"]] * 2
    assert "First question" in mail.outbox[0].body and "Second question" in mail.outbox[0].body
    assert "First question" not in mail.outbox[1].body
    assert "Third question" in mail.outbox[1].body
