"""The question-bank editor in the admin holds a question to the bank's rules: it is saved
only with two choices or more and a key that fits its type, and otherwise says why above
the choices (a 200 with the form, never a 500, nothing saved)."""

import pytest
from django.urls import reverse

from courses.models import Question
from tests.courses.factories import DomainFactory
from tests.factories import instructor

pytestmark = pytest.mark.django_db


def _post(client, *, qtype="single", correct=(0,)):
    domain = DomainFactory(letter="C")
    data = {
        "domain": domain.pk,
        "difficulty": "medium",
        "type": qtype,
        "stem": "Which system archives the images?",
        "explanation": "The PACS archives them.",
        "choices-TOTAL_FORMS": "2",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for i, text in enumerate(["PACS", "RIS"]):
        data[f"choices-{i}-text"] = text
        data[f"choices-{i}-ORDER"] = str(i + 1)
        if i in correct:
            data[f"choices-{i}-is_correct"] = "on"
    return client.post(reverse("wagtailsnippets_courses_question:add"), data)


@pytest.mark.parametrize(
    ("qtype", "correct", "message"),
    [
        ("single", (), "Mark at least one choice as correct."),
        ("single", (0, 1), "A single-answer question has exactly one correct choice"),
    ],
)
def test_a_question_without_a_fitting_key_is_refused_with_the_reason(
    client, login_as, qtype, correct, message
):
    login_as(instructor())
    response = _post(client, qtype=qtype, correct=correct)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.parametrize(("qtype", "correct"), [("single", (0,)), ("multiple", (0, 1))])
def test_a_question_with_a_fitting_key_is_saved(client, login_as, qtype, correct):
    login_as(instructor())
    response = _post(client, qtype=qtype, correct=correct)
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get()
    assert sorted(c.is_correct for c in question.choices.all()) == sorted(
        i in correct for i in range(2)
    )
