"""What trainees must never see: expected values before feedback is due, and the correct
choices of quizzes and practice exams."""

from __future__ import annotations

import base64
import contextlib
import re
import zlib

import pytest

from tests.security.matrix import (
    send,
)

pytestmark = pytest.mark.django_db


# --- what trainees must never see -------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    """The PDF's content streams, decoded (ASCII85 and/or Flate), as text."""
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = match.group(1).strip()
        if raw.endswith(b"~>"):  # ReportLab: /Filter [/ASCII85Decode /FlateDecode]
            with contextlib.suppress(ValueError):
                raw = base64.a85decode(raw[:-2])
        with contextlib.suppress(zlib.error):
            raw = zlib.decompress(raw)
        chunks.append(raw)
    return b"\n".join(chunks).decode("latin-1")


def _body(response) -> str:
    if response["Content-Type"].startswith("application/pdf"):
        return _pdf_text(response.content)
    return response.content.decode("utf-8", "replace")


@pytest.mark.parametrize("role", ["resident", "member"])
def test_no_expected_value_before_feedback_is_due(world, role):
    """The thyroid exercise gives feedback after a deadline a week away: until then the
    trainee's pages and exports carry no score, no expected value and no explanation."""
    from courses.exercises import selectors, services
    from courses.exercises.models import Submission

    ids = world.ids[role]
    submission = Submission.objects.get(pk=ids["own_deferred_submission"])
    # Positive control: an instructor sees the feedback rows for this very submission.
    full = selectors.result_view(submission, world.users["instructor"])
    assert full["rows"], "the deferred submission has no feedback rows to hide"
    answer_key = services.ensure_key(exercise=submission.exercise.specific, case=submission.case)
    key = services.effective_key(answer_key=answer_key, exercise=submission.exercise.specific)
    # The explanations exist only in the grade; expected option labels also appear in the
    # workspace form's choices (and the case itself), so they are looked for elsewhere.
    whys = {row["why"] for row in full["rows"] if len(row["why"]) > 12}
    expected = {
        row["expected"]
        for row in full["rows"]
        if len(row["expected"]) > 3 and row["given"] == "left empty"
    }
    assert whys and expected
    client = world.client(role)
    sid = submission.pk
    exercise_id, case_id = ids["deferred_exercise_id"], submission.case_id
    urls = [
        f"/exercises/submissions/{sid}/",
        f"/exercises/submissions/{sid}/status/",
        f"/exercises/submissions/{sid}/report.pdf",
        f"/exercises/submissions/{sid}/report.fhir.json",
        f"/exercises/{exercise_id}/",
        f"/exercises/{exercise_id}/cases/{case_id}/",
        "/exercises/",
        "/my-learning/",
    ]
    leaks = []
    for url in urls:
        response = send(client, "GET", url)
        assert response.status_code == 200, (url, response.status_code)
        body = _body(response)
        for marker in ("Expected", "Score ", "feedback-table"):
            if marker in body:
                leaks.append(f"{url}: '{marker}'")
        secrets = whys if "/cases/" in url else whys | expected
        leaks += [f"{url}: {secret!r}" for secret in secrets if secret in body]
    assert not leaks, "answer key shown before feedback is due:\n  " + "\n  ".join(leaks)
    assert key["fields"], "empty key: the test would prove nothing"
    # The instructor's PDF of the same submission does carry the feedback (control).
    staff_pdf = send(world.client("instructor"), "GET", urls[2])
    assert "Score" in _body(staff_pdf)


def test_quiz_and_practice_exam_pages_hide_the_correct_choices(world):
    from courses.models import PracticeExamAttempt, Question

    client = world.client("resident")
    lesson = world.objects["lesson_quiz"]
    page = send(client, "GET", lesson.url).content.decode()
    block = next(b for b in lesson.body if b.block_type == "quiz")
    questions = list(block.value["questions"])
    assert questions
    for question in questions:
        question = question if isinstance(question, Question) else Question.objects.get(pk=question)
        assert question.stem in page or question.stem[:40] in page
        assert question.explanation not in page
        assert "is_correct" not in page and "data-correct" not in page
    exam = PracticeExamAttempt.objects.get(pk=world.ids["resident"]["own_practice_exam"])
    page = send(client, "GET", f"/learn/practice-exam/{exam.pk}/").content.decode()
    for question in Question.objects.filter(pk__in=exam.question_ids):
        assert question.explanation not in page
