"""Submissions and grading through the services: queued then graded after commit, feedback
that cites the rule, idempotent grading, attempts, drafts, requeueing and bulk regrades."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone

from courses.exercises import services
from courses.exercises.models import (
    GradeResult,
    RegradeJob,
    Submission,
    SubmissionStatus,
)
from tests.exercises.factories import (
    make_exercise,
    perfect_report,
)
from tests.factories import resident

pytestmark = pytest.mark.django_db


# --- Submissions and grading ------------------------------------------------------------


def test_submit_commits_a_queued_submission_then_grading_stores_the_result(
    django_capture_on_commit_callbacks,
):
    exercise = make_exercise()
    case = exercise.cases.get()
    user = resident()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submission = services.submit(
            user=user, exercise=exercise, case=case, values=perfect_report(exercise, case)
        )
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.QUEUED
    assert len(callbacks) == 1, "grading is queued only once the transaction commits"
    callbacks[0]()  # eager Celery in tests: runs the task now
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.GRADED
    result = submission.result
    assert result.passed and result.score == pytest.approx(1.0)
    assert {f["field"] for f in result.feedback} >= {"right_ica_psv", "impression"}
    assert result.grader_version.startswith("iia-grader/")
    assert result.key_hash == services.ensure_key(exercise=exercise, case=case).key_hash


def test_a_wrong_report_fails_with_feedback_that_cites_the_rule(
    django_capture_on_commit_callbacks,
):
    exercise = make_exercise()
    case = exercise.cases.get()
    values = perfect_report(exercise, case)
    values["right_stenosis_grade"] = (
        "normal" if values["right_stenosis_grade"] != "normal" else "ge70"
    )
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submit(user=resident(), exercise=exercise, case=case, values=values)
    feedback = {f["field"]: f for f in GradeResult.objects.get(submission=submission).feedback}
    assert feedback["right_stenosis_grade"]["correct"] is False
    assert "sru-carotid-2003" in feedback["right_stenosis_grade"]["rule"]


def test_grading_twice_with_the_same_key_is_a_no_op(django_capture_on_commit_callbacks):
    exercise = make_exercise()
    case = exercise.cases.get()
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submit(
            user=resident(), exercise=exercise, case=case, values=perfect_report(exercise, case)
        )
    first = GradeResult.objects.get(submission=submission)
    again = services.grade_submission(submission_id=submission.pk)
    assert again.pk == first.pk
    assert GradeResult.objects.get(pk=first.pk).grading_count == 1
    assert GradeResult.objects.get(pk=first.pk).graded_at == first.graded_at


def test_values_are_checked_by_the_engine():
    exercise = make_exercise()
    with pytest.raises(services.ExerciseError, match="above the maximum 1000") as refused:
        services.submit(
            user=resident(),
            exercise=exercise,
            case=exercise.cases.get(),
            values={"right_ica_psv": 5000.0},
        )
    assert refused.value.field == "right_ica_psv"  # structured: no message to split
    assert Submission.objects.count() == 0


def test_attempts_allowed_is_respected(django_capture_on_commit_callbacks):
    exercise = make_exercise(attempts_allowed=2)
    case = exercise.cases.get()
    user = resident()
    with django_capture_on_commit_callbacks(execute=True):
        services.save_draft(
            user=user, exercise=exercise, case=case, values={"right_ica_psv": 100.0}
        )
        one = services.submit(
            user=user, exercise=exercise, case=case, values={"right_ica_psv": 100.0}
        )
        two = services.submit(
            user=user, exercise=exercise, case=case, values={"right_ica_psv": 110.0}
        )
    assert (one.attempt, two.attempt) == (1, 2)
    with pytest.raises(services.AttemptsExhausted):
        services.submit(user=user, exercise=exercise, case=case, values={"right_ica_psv": 120.0})
    assert Submission.objects.filter(user=user).count() == 2


def test_a_draft_is_saved_and_becomes_the_next_attempt(django_capture_on_commit_callbacks):
    exercise = make_exercise()
    case = exercise.cases.get()
    user = resident()
    draft = services.save_draft(
        user=user, exercise=exercise, case=case, values={"right_ica_psv": 100.0}
    )
    assert draft.status == SubmissionStatus.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.submit(
            user=user, exercise=exercise, case=case, values={"right_ica_psv": 101.0}
        )
    assert submitted.pk == draft.pk
    assert submitted.values == {"right_ica_psv": 101.0}


def test_requeue_stale_queues_old_queued_and_grading_submissions_again(
    django_capture_on_commit_callbacks,
):
    exercise = make_exercise()
    case = exercise.cases.get()
    with django_capture_on_commit_callbacks(execute=False):
        stuck = services.submit(
            user=resident(), exercise=exercise, case=case, values=perfect_report(exercise, case)
        )
        fresh = services.submit(
            user=resident(), exercise=exercise, case=case, values={"right_ica_psv": 100.0}
        )
    old = timezone.now() - datetime.timedelta(minutes=30)
    Submission.objects.filter(pk=stuck.pk).update(status=SubmissionStatus.GRADING, queued_at=old)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stale(minutes=10) == 1
    assert Submission.objects.get(pk=stuck.pk).status == SubmissionStatus.GRADED
    assert Submission.objects.get(pk=fresh.pk).status == SubmissionStatus.QUEUED


def test_the_requeue_command_reports_what_it_did(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("exercises_requeue_stale", "--minutes", "5", stdout=out)
    assert "Re-queued 0" in out.getvalue()


def test_bulk_regrade_records_progress_and_applies_a_changed_key(
    django_capture_on_commit_callbacks,
):
    exercise = make_exercise(cases=2)
    users = [resident(), resident()]
    with django_capture_on_commit_callbacks(execute=True):
        for user in users:
            for case in exercise.cases.all():
                values = perfect_report(exercise, case)
                values.pop("right_ica_psv")
                services.submit(user=user, exercise=exercise, case=case, values=values)
    scores_before = sorted(GradeResult.objects.values_list("score", flat=True))
    # The instructor decides the ICA PSV no longer counts.
    exercise.rubric = {"right_ica_psv": {"weight": 0}}
    exercise.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_regrade(exercise=exercise)
    job = RegradeJob.objects.get(pk=job.pk)
    assert (job.status, job.total, job.done, job.changed) == ("done", 4, 4, 4)
    scores_after = sorted(GradeResult.objects.values_list("score", flat=True))
    assert all(a > b for a, b in zip(scores_after, scores_before, strict=True))
    assert set(GradeResult.objects.values_list("grading_count", flat=True)) == {2}
