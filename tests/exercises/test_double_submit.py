"""Two quick submits of one report (a double click, a resent form) use one attempt, and
both requests end on the result page: real concurrency, two connections to PostgreSQL."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from courses.exercises.models import Submission, SubmissionStatus
from tests.exercises.factories import make_exercise, perfect_report
from tests.factories import resident
from tests.support.services import require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 6  # the race was lost in 4 of 6 tries before the fix


def _race(url: str, data: dict, user, clients: int = 2) -> list:
    """POST the same form from `clients` browsers of one user at the same moment."""
    barrier = threading.Barrier(clients)
    answers: list = [None] * clients

    def post(index: int) -> None:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        try:
            barrier.wait(timeout=30)
            answers[index] = client.post(url, data)
        finally:
            connections.close_all()  # this thread's connection

    threads = [threading.Thread(target=post, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def _submitted(user) -> list[Submission]:
    return list(Submission.objects.filter(user=user).exclude(status=SubmissionStatus.DRAFT))


@pytest.mark.parametrize(
    ("attempts_allowed", "page_sends_attempt"),
    [(1, True), (3, True), (1, False)],
    ids=["one-attempt", "three-attempts", "form-without-attempt-number"],
)
def test_a_double_submit_uses_one_attempt_and_both_end_on_the_result_page(
    attempts_allowed, page_sends_attempt
):
    require_postgresql()
    exercise = make_exercise(attempts_allowed=attempts_allowed)
    case = exercise.cases.get()
    url = reverse("exercise-case", kwargs={"exercise_id": exercise.pk, "case_id": case.pk})
    data = {**perfect_report(exercise, case), "action": "confirm_submit"}
    for _round in range(ROUNDS):
        trainee = resident()
        if page_sends_attempt:
            # What the workspace form carries: the attempt it was shown for.
            browser = Client()
            browser.force_login(trainee)
            page = browser.get(url).content.decode()
            data["attempt"] = re.search(r'name="attempt" value="(\d+)"', page).group(1)
            assert data["attempt"] == "1"
        answers = _race(url, data, trainee)

        statuses = [answer.status_code for answer in answers]
        assert statuses == [302, 302], statuses
        submissions = _submitted(trainee)
        assert len(submissions) == 1, "one attempt used"
        result_url = reverse("exercise-submission", kwargs={"submission_id": submissions[0].pk})
        assert [answer["Location"] for answer in answers] == [result_url, result_url]
        viewer = Client()
        viewer.force_login(trainee)
        assert viewer.get(result_url).status_code == 200
