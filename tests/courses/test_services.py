"""Services: enrolment, progress, quizzes, practice exams, certificates and import."""

from decimal import Decimal

import pytest
from django.http import QueryDict

from courses import services
from courses.models import (
    Certificate,
    Enrolment,
    LessonProgress,
    PracticeExamAttempt,
    Question,
    QuizAttempt,
)
from tests.courses.factories import (
    all_domains,
    build_course,
    lessons_of,
    make_question,
)
from tests.factories import UserFactory, instructor, resident

pytestmark = pytest.mark.django_db


def _post(**lists) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in lists.items():
        data.setlist(key, [str(v) for v in values])
    return data


def _right(question) -> list[int]:
    return sorted(question.correct_choice_ids())


# --- Enrolment --------------------------------------------------------------------------


def test_enrolling_twice_keeps_one_enrolment():
    user, course = resident(), build_course()
    first = services.enrol(user=user, course=course)
    second = services.enrol(user=user, course=course)
    assert first.pk == second.pk
    assert Enrolment.objects.filter(user=user, course=course).count() == 1


def test_cohort_emails_report_each_bad_line_by_number():
    UserFactory(email="ok@example.org")
    users, errors = services.parse_cohort_emails(
        text="ok@example.org\n\nnot-an-email\nnobody@example.org"
    )
    assert [u.email for u in users] == ["ok@example.org"]
    assert errors == [
        "Line 3: 'not-an-email' is not a valid email address.",
        "Line 4: no account uses nobody@example.org.",
    ]


def test_cohort_enrolment_sets_enrolled_by_and_deadline():
    teacher, learner, course = instructor(), resident(), build_course()
    import datetime

    deadline = datetime.date(2030, 1, 31)
    services.enrol_cohort(course=course, users=[learner], by=teacher, deadline=deadline)
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.enrolled_by == teacher
    assert enrolment.deadline == deadline


# --- Progress ---------------------------------------------------------------------------


def test_marking_a_lesson_read_twice_is_idempotent():
    user, course = resident(), build_course()
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    first = services.record_lesson_read(user=user, lesson=lesson)
    second = services.record_lesson_read(user=user, lesson=lesson)
    assert first.completed_at == second.completed_at is not None
    assert first.read_at == second.read_at
    assert LessonProgress.objects.filter(user=user, lesson=lesson).count() == 1


def test_progress_survives_editing_the_lesson_body():
    user, course = resident(), build_course()
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    services.record_lesson_read(user=user, lesson=lesson)
    lesson.body = [("rich_text", "<p>Rewritten</p>"), ("rich_text", "<p>New block</p>")]
    lesson.save_revision().publish()
    row = LessonProgress.objects.get(user=user, lesson_id=lesson.id)
    assert row.completed_at is not None


def test_a_quiz_lesson_is_not_completed_by_reading_it():
    user = resident()
    course = build_course(quiz_questions=[make_question()])
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    row = services.record_lesson_read(user=user, lesson=lesson)
    assert row.read_at is not None and row.completed_at is None


def test_exercise_passed_completes_an_exercise_lesson():
    user, course = resident(), build_course()
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    lesson.completion_rule = "exercise"  # in memory: the rule is read from the lesson given
    assert services.record_exercise_passed(user=user, lesson=lesson).completed_at is not None
    assert services.record_exercise_passed(user=user, lesson=lesson).completed_at is not None


# --- Quizzes ----------------------------------------------------------------------------


def quiz_block_id(lesson) -> str:
    return next(b.id for b in lesson.body if b.block_type == "quiz")


def test_quiz_is_scored_on_the_server_and_passing_completes_the_lesson():
    user = resident()
    q1, q2 = make_question(), make_question(multiple=True)
    course = build_course(quiz_questions=[q1, q2])
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    attempt = services.submit_quiz(
        user=user,
        lesson=lesson,
        block_id=quiz_block_id(lesson),
        data=_post(**{f"q{q1.id}": _right(q1), f"q{q2.id}": []}),
    )
    assert attempt.score == 50 and attempt.passed  # pass mark 50
    assert attempt.results == {str(q1.id): True, str(q2.id): False}
    assert LessonProgress.objects.get(user=user, lesson=lesson).completed_at is not None


def test_a_multiple_answer_question_needs_exactly_the_right_set():
    q = make_question(multiple=True)
    choices = sorted(q.choices.all(), key=lambda c: c.sort_order)
    all_three = {c.id for c in choices}
    assert services.score_answers(questions=[q], answers={q.id: set(_right(q))})[1] == 100
    assert services.score_answers(questions=[q], answers={q.id: {choices[0].id}})[1] == 0
    assert services.score_answers(questions=[q], answers={q.id: all_three})[1] == 0


def test_a_single_answer_question_with_two_answers_scores_nothing():
    q = make_question()
    wrong = next(c.id for c in q.choices.all() if not c.is_correct)
    answers = services.parse_answers(
        data=_post(**{f"q{q.id}": [_right(q)[0], wrong]}), questions=[q]
    )
    assert answers[q.id] == set()


def test_quiz_rejects_learners_who_are_not_enrolled():
    q = make_question()
    course = build_course(quiz_questions=[q])
    lesson = lessons_of(course)[0]
    with pytest.raises(services.CourseError, match="Enrol"):
        services.submit_quiz(
            user=resident(), lesson=lesson, block_id=quiz_block_id(lesson), data=_post()
        )
    assert not QuizAttempt.objects.exists()


# --- Video progress ---------------------------------------------------------------------


def test_video_progress_keeps_the_furthest_fraction_and_refuses_foreign_media():
    user, course = resident(), build_course()
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    lesson.video_media_ids = lambda: {7}  # a lesson with one video, media id 7
    lesson.completion_rule = "video"
    assert (
        services.record_video_progress(
            user=user, lesson=lesson, media_id=7, fraction=0.5
        ).completed_at
        is None
    )
    row = services.record_video_progress(user=user, lesson=lesson, media_id=7, fraction=0.3)
    assert row.video_fractions == {"7": 0.5}
    row = services.record_video_progress(user=user, lesson=lesson, media_id=7, fraction=0.95)
    assert row.video_watched_at is not None and row.completed_at is not None
    with pytest.raises(services.CourseError):
        services.record_video_progress(user=user, lesson=lesson, media_id=8, fraction=0.5)
    with pytest.raises(services.CourseError):
        services.record_video_progress(user=user, lesson=lesson, media_id=7, fraction=1.5)


# --- Completion and certificates --------------------------------------------------------


def _complete_all(user, course):
    for lesson in lessons_of(course):
        services.record_lesson_read(user=user, lesson=lesson)


def test_certificate_needs_lessons_and_evaluation_and_is_issued_once(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(display_name="Ada Lovelace")
    course = build_course(cme_credits=Decimal("1.0"))
    services.enrol(user=user, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        _complete_all(user, course)
    assert not Certificate.objects.exists()  # evaluation still missing
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_evaluation(
            user=user, course=course, rating=5, comments="Good", hours_spent=Decimal("1.0")
        )
    assert not Certificate.objects.exists()  # the learner has not confirmed the name yet
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_certificate_name(user=user, course=course, name="Ada Lovelace")
    certificate = Certificate.objects.get(user=user, course=course)
    assert certificate.learner_name == "Ada Lovelace"
    assert certificate.credits == Decimal("1.0")
    assert certificate.accreditation_number == "TEST-0001"
    assert len(certificate.code) >= 16
    assert certificate.pdf.name.endswith(".pdf")
    # Issuing again (a retried task) returns the same certificate.
    from courses.tasks import issue_certificate

    assert issue_certificate.delay(user.id, course.id).get() == certificate.code
    assert Certificate.objects.filter(user=user).count() == 1


def test_credits_are_capped_by_the_hours_the_learner_spent():
    course = build_course(cme_credits=Decimal("1.0"))
    course.cme_credits = Decimal("2.0")
    assert services.claimed_credits(course=course, hours_spent=Decimal("1.2")) == Decimal("1.0")
    assert services.claimed_credits(course=course, hours_spent=Decimal("5")) == Decimal("2.0")


def test_evaluation_before_finishing_the_lessons_is_refused():
    user, course = resident(), build_course()
    services.enrol(user=user, course=course)
    with pytest.raises(services.CourseError, match="required lesson"):
        services.submit_evaluation(
            user=user, course=course, rating=4, comments="", hours_spent=Decimal(1)
        )


def test_course_without_evaluation_requirement_certifies_on_completion(
    django_capture_on_commit_callbacks,
):
    user = resident()
    course = build_course(requires_evaluation=False)
    services.enrol(user=user, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        _complete_all(user, course)
    assert Enrolment.objects.get(user=user, course=course).completed_at is not None
    assert services.awaiting_name_confirmation(user=user, course=course) is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_certificate_name(user=user, course=course, name=user.name)
    assert Certificate.objects.filter(user=user, course=course).count() == 1


def test_the_certificate_prints_the_name_the_learner_confirmed(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(display_name="", first_name="", last_name="", email="newres1@example.org")
    course = build_course(requires_evaluation=False)
    services.enrol(user=user, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        _complete_all(user, course)
    assert not Certificate.objects.exists()

    with pytest.raises(services.CourseError, match="Enter the name"):
        services.confirm_certificate_name(user=user, course=course, name="   ")
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_certificate_name(user=user, course=course, name=" Dr  Maria Rossi ")

    certificate = Certificate.objects.get(user=user, course=course)
    assert certificate.learner_name == "Dr Maria Rossi"
    user.refresh_from_db()
    assert user.name == "Dr Maria Rossi"  # the profile's name on certificates, for the next
    # Issued: confirming again changes nothing.
    with pytest.raises(services.CourseError, match="issued already"):
        services.confirm_certificate_name(user=user, course=course, name="Someone Else")
    assert Certificate.objects.get(user=user, course=course).learner_name == "Dr Maria Rossi"


def test_a_name_cannot_be_confirmed_before_the_course_is_complete():
    user, course = resident(), build_course(requires_evaluation=False)
    services.enrol(user=user, course=course)
    with pytest.raises(services.CourseError, match="not complete"):
        services.confirm_certificate_name(user=user, course=course, name="Ada Lovelace")
    assert Enrolment.objects.get(user=user, course=course).certificate_name == ""


def test_cme_credits_follow_one_per_hour_in_half_steps():
    from django.core.exceptions import ValidationError

    course = build_course()
    course.estimated_minutes, course.cme_credits = 60, Decimal("1.5")
    with pytest.raises(ValidationError):
        course.clean()
    course.cme_credits = Decimal("0.7")
    with pytest.raises(ValidationError):
        course.clean()
    course.estimated_minutes, course.cme_credits = 90, Decimal("1.5")
    course.clean()


# --- Practice exam ----------------------------------------------------------------------


def test_largest_remainder_apportionment():
    assert services.apportion(total=10, weights={"A": 5, "B": 5, "F": 18}) == {
        "A": 2,
        "B": 2,
        "F": 6,
    }
    seats = services.apportion(
        total=130, weights=dict(zip("ABCDEFGHIJ", [5, 5, 10, 8, 5, 18, 14, 12, 11, 13]))
    )
    assert sum(seats.values()) == 130
    # The 2018 shares add up to 101%: quotas are 130 * w / 101, remainders break ties.
    assert seats["F"] == 23 and seats["C"] == 13 and seats["G"] == 18


def test_practice_draw_honours_domain_weights_and_is_deterministic():
    domains = all_domains()
    for domain in domains.values():
        for _ in range(25):
            make_question(domain)
    ids = services.draw_practice_questions(count=100, seed=42)
    assert ids == services.draw_practice_questions(count=100, seed=42)
    assert len(ids) == len(set(ids)) == 100
    letters = Question.objects.filter(id__in=ids).values_list("domain__letter", flat=True)
    counts = {letter: list(letters).count(letter) for letter in domains}
    expected = services.apportion(total=100, weights={k: d.weight for k, d in domains.items()})
    assert counts == expected
    total_weight = sum(d.weight for d in domains.values())
    for letter, domain in domains.items():
        assert abs(counts[letter] - 100 * domain.weight / total_weight) < 1


def test_practice_draw_passes_seats_on_when_a_domain_runs_short():
    domains = all_domains()
    make_question(domains["F"])  # F wants 18 of 20 but has only one question
    for _ in range(30):
        make_question(domains["J"])
    ids = services.draw_practice_questions(count=20, seed=1)
    assert len(ids) == 20


def test_practice_exam_scores_overall_and_per_domain():
    domains = all_domains()
    qf, qj = make_question(domains["F"]), make_question(domains["J"])
    attempt = services.start_practice_exam(user=resident(), count=5, seed=3)
    assert set(attempt.question_ids) == {qf.id, qj.id}
    attempt = services.submit_practice_exam(
        attempt=attempt, data=_post(**{f"q{qf.id}": _right(qf)})
    )
    assert attempt.score == 50
    assert [(d["letter"], d["percent"]) for d in attempt.per_domain] == [("F", 100), ("J", 0)]
    with pytest.raises(services.CourseError):
        services.submit_practice_exam(attempt=attempt, data=_post())


def test_practice_exam_after_the_deadline_is_not_scored():
    import datetime

    from django.utils import timezone

    q = make_question(all_domains()["F"])
    attempt = services.start_practice_exam(user=resident(), count=5, minutes=10, seed=1)
    PracticeExamAttempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=5)
    )
    attempt.refresh_from_db()
    attempt = services.submit_practice_exam(attempt=attempt, data=_post(**{f"q{q.id}": _right(q)}))
    assert attempt.expired and attempt.score == 0
