"""Writes: enrolment, progress, quizzes, practice exams, evaluation, certificates, import."""

from __future__ import annotations

import csv
import datetime
import io
import json
import random
import secrets
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import (
    Certificate,
    Choice,
    CompletionRule,
    CourseEvaluation,
    CoursePage,
    Difficulty,
    Domain,
    Enrolment,
    LessonPage,
    LessonProgress,
    PracticeExamAttempt,
    ProgressStatus,
    Question,
    QuestionType,
    QuizAttempt,
)
from courses.selectors import (
    course_for_lesson,
    course_progress,
    questions_with_choices,
)
from members.models import User

VIDEO_WATCHED_FRACTION = 0.9


class CourseError(Exception):
    """A learner action that cannot be done; the message is safe to show."""


# --- Enrolment --------------------------------------------------------------------------


def enrol(
    user: User,
    course: CoursePage,
    *,
    by: User | None = None,
    deadline: datetime.date | None = None,
) -> Enrolment:
    """Enrol `user` (idempotent); a cohort enrolment may set or move the deadline."""
    enrolment, created = Enrolment.objects.get_or_create(
        user=user, course=course, defaults={"enrolled_by": by or user, "deadline": deadline}
    )
    if not created and deadline and enrolment.deadline != deadline:
        enrolment.deadline = deadline
        enrolment.save(update_fields=["deadline"])
    return enrolment


@dataclass
class CohortResult:
    enrolled: list[User] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_cohort_emails(text: str) -> tuple[list[User], list[str]]:
    """One email per line -> users, or a message per bad line (with its line number)."""
    users: list[User] = []
    errors: list[str] = []
    seen: set[str] = set()
    lines = text.splitlines()
    if len(lines) > 1000:
        return [], ["Paste at most 1000 lines at a time."]
    for number, raw in enumerate(lines, start=1):
        email = raw.strip().strip(",;").strip()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            errors.append(f"Line {number}: '{email[:80]}' is not a valid email address.")
            continue
        key = email.lower()
        if key in seen:
            continue
        seen.add(key)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            errors.append(f"Line {number}: no account uses {email}.")
            continue
        users.append(user)
    if not users and not errors:
        errors.append("Paste at least one email address.")
    return users, errors


@transaction.atomic
def enrol_cohort(
    course: CoursePage, users: list[User], *, by: User, deadline: datetime.date | None = None
) -> list[Enrolment]:
    return [enrol(user, course, by=by, deadline=deadline) for user in users]


def require_enrolment(user: User, course: CoursePage | None) -> Enrolment:
    if course is None:
        raise CourseError("This lesson is not part of a course.")
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None:
        raise CourseError("Enrol in the course first.")
    return enrolment


# --- Progress ---------------------------------------------------------------------------


def _progress_row(user: User, lesson: LessonPage) -> LessonProgress:
    row, _ = LessonProgress.objects.select_for_update().get_or_create(user=user, lesson=lesson)
    return row


def _rule_met(lesson: LessonPage, row: LessonProgress) -> bool:
    return {
        CompletionRule.READ: row.read_at is not None,
        CompletionRule.QUIZ: row.quiz_passed_at is not None,
        CompletionRule.VIDEO: row.video_watched_at is not None,
        CompletionRule.EXERCISE: row.exercise_passed_at is not None,
    }[CompletionRule(lesson.completion_rule)]


def _save_and_check(user: User, lesson: LessonPage, row: LessonProgress) -> LessonProgress:
    newly_completed = False
    if row.completed_at is None and _rule_met(lesson, row):
        row.completed_at = timezone.now()
        row.status = ProgressStatus.COMPLETED
        newly_completed = True
    row.save()
    if newly_completed:
        course = course_for_lesson(lesson)
        if course is not None:
            check_course_completion(user, course)
    return row


@transaction.atomic
def record_lesson_read(user: User, lesson: LessonPage) -> LessonProgress:
    row = _progress_row(user, lesson)
    if row.read_at is None:
        row.read_at = timezone.now()
    return _save_and_check(user, lesson, row)


@transaction.atomic
def record_quiz_result(user: User, lesson: LessonPage, passed: bool) -> LessonProgress:
    row = _progress_row(user, lesson)
    if passed and row.quiz_passed_at is None:
        row.quiz_passed_at = timezone.now()
    return _save_and_check(user, lesson, row)


@transaction.atomic
def record_video_progress(
    user: User, lesson: LessonPage, media_id: int, fraction: float
) -> LessonProgress:
    """Keep the furthest fraction watched of each video; all videos at 90% = watched."""
    media_ids = lesson.video_media_ids()
    if media_id not in media_ids:
        raise CourseError("That video is not part of this lesson.")
    if not 0 <= fraction <= 1:
        raise CourseError("The fraction must be between 0 and 1.")
    row = _progress_row(user, lesson)
    fractions = dict(row.video_fractions)
    key = str(media_id)
    fractions[key] = round(max(float(fractions.get(key, 0.0)), fraction), 4)
    row.video_fractions = fractions
    if row.video_watched_at is None and all(
        fractions.get(str(m), 0) >= VIDEO_WATCHED_FRACTION for m in media_ids
    ):
        row.video_watched_at = timezone.now()
    return _save_and_check(user, lesson, row)


@transaction.atomic
def record_exercise_passed(user: User, lesson: LessonPage) -> LessonProgress:
    """Called by the exercises feature when a learner passes the lesson's exercise."""
    row = _progress_row(user, lesson)
    if row.exercise_passed_at is None:
        row.exercise_passed_at = timezone.now()
    return _save_and_check(user, lesson, row)


def check_course_completion(user: User, course: CoursePage) -> bool:
    """Mark the enrolment complete when every required lesson is; then certify if due."""
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None:
        return False
    if not course_progress(user, course).all_done:
        return False
    if enrolment.completed_at is None:
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at"])
    if certificate_due(user, course):
        from courses.tasks import issue_certificate

        user_id, course_id = user.id, course.id
        transaction.on_commit(lambda: issue_certificate.delay(user_id, course_id))
    return True


# --- Quizzes ----------------------------------------------------------------------------


def score_answers(
    questions: list[Question], answers: dict[int, set[int]]
) -> tuple[dict[str, bool], int]:
    """Each question is right only if the chosen set equals the correct set."""
    results = {
        str(q.id): answers.get(q.id, set()) == set(q.correct_choice_ids()) for q in questions
    }
    score = round(100 * sum(results.values()) / len(questions)) if questions else 0
    return results, score


def parse_answers(data, questions: list[Question]) -> dict[int, set[int]]:
    """Answers from a POST (`q<id>` -> choice ids), keeping only valid choices."""
    answers: dict[int, set[int]] = {}
    for question in questions:
        valid = {c.id for c in question.choices.all()}
        chosen: set[int] = set()
        for raw in data.getlist(f"q{question.id}"):
            try:
                value = int(raw)
            except (TypeError, ValueError):
                continue
            if value in valid:
                chosen.add(value)
        if question.type == QuestionType.SINGLE and len(chosen) > 1:
            chosen = set()  # a tampered single-answer question scores nothing
        answers[question.id] = chosen
    return answers


def find_quiz_block(lesson: LessonPage, block_id: str):
    for block in lesson.body:
        if block.block_type == "quiz" and block.id == block_id:
            return block
    raise CourseError("That quiz is not on this lesson any more.")


@transaction.atomic
def submit_quiz(user: User, lesson: LessonPage, block_id: str, data) -> QuizAttempt:
    require_enrolment(user, course_for_lesson(lesson))
    block = find_quiz_block(lesson, block_id)
    ids = [q.id for q in block.value["questions"] if q is not None]
    bank = questions_with_choices(ids)
    questions = [bank[i] for i in ids if i in bank]
    if not questions:
        raise CourseError("This quiz has no questions.")
    answers = parse_answers(data, questions)
    if not any(answers.values()):
        raise CourseError("Answer at least one question before submitting.")
    results, score = score_answers(questions, answers)
    pass_mark = int(block.value["pass_mark"])
    attempt = QuizAttempt.objects.create(
        user=user,
        lesson=lesson,
        block_id=block_id,
        answers={str(k): sorted(v) for k, v in answers.items()},
        results=results,
        score=score,
        pass_mark=pass_mark,
        passed=score >= pass_mark,
    )
    record_quiz_result(user, lesson, attempt.passed)
    return attempt


# --- Practice exam ----------------------------------------------------------------------


def apportion(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Largest-remainder (Hamilton) apportionment of `total` seats by `weights`."""
    weight_sum = sum(weights.values())
    if total <= 0 or weight_sum <= 0:
        return {key: 0 for key in weights}
    quotas = {key: total * w / weight_sum for key, w in weights.items()}
    seats = {key: int(q) for key, q in quotas.items()}
    left = total - sum(seats.values())
    by_remainder = sorted(weights, key=lambda k: (-(quotas[k] - seats[k]), k))
    for key in by_remainder[:left]:
        seats[key] += 1
    return seats


def draw_practice_questions(count: int, seed: int) -> list[int]:
    """Question ids drawn by domain weight; a domain short of questions passes its seats on."""
    rng = random.Random(seed)
    pool: dict[str, list[int]] = {}
    weights: dict[str, int] = {}
    for domain in Domain.objects.all():
        ids = list(domain.questions.order_by("id").values_list("id", flat=True))
        if ids and domain.weight:
            pool[domain.letter] = ids
            weights[domain.letter] = domain.weight
    count = min(count, sum(len(v) for v in pool.values()))
    chosen: list[int] = []
    remaining = count
    while remaining > 0 and weights:
        seats = apportion(remaining, weights)
        for letter, n in seats.items():
            take = min(n, len(pool[letter]))
            picked = rng.sample(pool[letter], take)
            chosen.extend(picked)
            pool[letter] = [i for i in pool[letter] if i not in set(picked)]
            remaining -= take
        weights = {k: w for k, w in weights.items() if pool[k]}
    rng.shuffle(chosen)
    return chosen


def start_practice_exam(
    user: User, count: int, minutes: int | None = None, seed: int | None = None
) -> PracticeExamAttempt:
    seed = seed if seed is not None else secrets.randbits(48)
    ids = draw_practice_questions(count, seed)
    if not ids:
        raise CourseError("The question bank is empty; there is nothing to practise yet.")
    deadline = timezone.now() + datetime.timedelta(minutes=minutes) if minutes else None
    return PracticeExamAttempt.objects.create(
        user=user, seed=seed, question_ids=ids, deadline=deadline
    )


DEADLINE_GRACE = datetime.timedelta(seconds=30)


@transaction.atomic
def submit_practice_exam(attempt: PracticeExamAttempt, data) -> PracticeExamAttempt:
    attempt = PracticeExamAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.submitted_at:
        raise CourseError("This practice exam was already submitted.")
    bank = questions_with_choices(attempt.question_ids)
    questions = [bank[i] for i in attempt.question_ids if i in bank]
    now = timezone.now()
    if attempt.deadline and now > attempt.deadline + DEADLINE_GRACE:
        attempt.expired = True
        answers: dict[int, set[int]] = {q.id: set() for q in questions}
    else:
        answers = parse_answers(data, questions)
    results, score = score_answers(questions, answers)
    per_domain: dict[int, dict[str, Any]] = {}
    domains = {d.id: d for d in Domain.objects.all()}
    for question in questions:
        d = domains[question.domain_id]
        row = per_domain.setdefault(
            d.id, {"letter": d.letter, "name": d.name, "correct": 0, "total": 0}
        )
        row["total"] += 1
        row["correct"] += results[str(question.id)]
    rows = sorted(per_domain.values(), key=lambda r: r["letter"])
    for row in rows:
        row["percent"] = round(100 * row["correct"] / row["total"])
    attempt.answers = {str(k): sorted(v) for k, v in answers.items()}
    attempt.score = score
    attempt.per_domain = rows
    attempt.submitted_at = now
    attempt.save()
    return attempt


# --- Evaluation and certificates --------------------------------------------------------


@transaction.atomic
def submit_evaluation(
    user: User, course: CoursePage, *, rating: int, comments: str, hours_spent: Decimal
) -> CourseEvaluation:
    require_enrolment(user, course)
    if not course_progress(user, course).all_done:
        raise CourseError("Complete every required lesson before the evaluation.")
    evaluation, created = CourseEvaluation.objects.get_or_create(
        user=user,
        course=course,
        defaults={"rating": rating, "comments": comments, "hours_spent": hours_spent},
    )
    if not created:
        raise CourseError("You have already submitted the evaluation for this course.")
    check_course_completion(user, course)
    return evaluation


def certificate_due(user: User, course: CoursePage) -> bool:
    if Certificate.objects.filter(user=user, course=course).exists():
        return False
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None or enrolment.completed_at is None:
        return False
    if course.requires_evaluation:
        return CourseEvaluation.objects.filter(user=user, course=course).exists()
    return True


def claimed_credits(course: CoursePage, hours_spent: Decimal | None) -> Decimal:
    """ECMEC: the course's credits, capped by the hours the learner says they spent."""
    ecmec = course.cme_credits
    if hours_spent is not None:
        claimed = (Decimal(hours_spent) * 2).to_integral_value(rounding=ROUND_FLOOR) / 2
        ecmec = min(ecmec, claimed)
    return ecmec


def new_verification_code() -> str:
    return secrets.token_urlsafe(12)  # 16 URL-safe characters, 96 bits


def issue_certificate(user: User, course: CoursePage, provider: str) -> Certificate | None:
    """Issue the certificate once (idempotent); None while it is not yet due."""
    from courses.pdf import render_certificate_pdf

    with transaction.atomic():
        existing = Certificate.objects.filter(user=user, course=course).first()
        if existing is not None:
            return existing
        if not certificate_due(user, course):
            return None
        enrolment = Enrolment.objects.get(user=user, course=course)
        evaluation = CourseEvaluation.objects.filter(user=user, course=course).first()
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    user=user,
                    course=course,
                    code=new_verification_code(),
                    learner_name=user.name,
                    course_title=course.title,
                    credits=claimed_credits(course, evaluation.hours_spent if evaluation else None),
                    accreditation_number=course.accreditation_number,
                    provider=provider,
                    completed_on=timezone.localdate(enrolment.completed_at),
                )
        except IntegrityError:
            return Certificate.objects.get(user=user, course=course)
        certificate.pdf.save(
            f"{certificate.code}.pdf", ContentFile(render_certificate_pdf(certificate)), save=True
        )
    return certificate


# --- Question import --------------------------------------------------------------------


@dataclass
class ImportReport:
    imported: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


MAX_IMPORT_BYTES = 1024 * 1024
CSV_COLUMNS = ["domain", "difficulty", "type", "stem", "explanation", "choices", "correct"]


def _rows_from_file(name: str, data: bytes) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CourseError("The file is not UTF-8 text.") from error
    if name.lower().endswith(".json"):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as error:
            raise CourseError(f"The JSON is not valid (line {error.lineno}).") from error
        except (ValueError, RecursionError) as error:  # too deeply nested, or a huge number
            raise CourseError(
                "The JSON is not valid (nested too deeply or a number too long)."
            ) from error
        if not isinstance(rows, list):
            raise CourseError("The JSON must be a list of question objects.")
        return rows
    if name.lower().endswith(".csv"):
        try:
            reader = csv.DictReader(io.StringIO(text))
            missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise CourseError(f"The CSV header lacks: {', '.join(missing)}.")
            rows = []
            for raw in reader:
                row: dict[str, Any] = {k: (v or "").strip() for k, v in raw.items() if k}
                texts = [t.strip() for t in row.get("choices", "").split("|")]
                correct = {c.strip() for c in row.get("correct", "").split("|") if c.strip()}
                row["choices"] = [
                    {"text": t, "correct": str(i) in correct} for i, t in enumerate(texts, 1)
                ]
                row["_correct_raw"] = correct
                rows.append(row)
            return rows
        except csv.Error as error:
            raise CourseError(f"The CSV cannot be read: {error}.") from error
    raise CourseError("Upload a .csv or .json file.")


def _validate_row(row: Any, domains: dict[str, Domain]) -> tuple[dict[str, Any] | None, list[str]]:
    if not isinstance(row, dict):
        return None, ["is not an object"]
    problems = []
    letter = str(row.get("domain", "")).strip().upper()
    if letter not in domains:
        problems.append(f"domain '{letter}' is not one of {', '.join(sorted(domains))}")
    difficulty = str(row.get("difficulty", "medium")).strip().lower() or "medium"
    if difficulty not in Difficulty.values:
        problems.append(f"difficulty must be one of {', '.join(Difficulty.values)}")
    qtype = str(row.get("type", "single")).strip().lower() or "single"
    if qtype not in QuestionType.values:
        problems.append(f"type must be one of {', '.join(QuestionType.values)}")
    stem = str(row.get("stem", "")).strip()
    if not stem:
        problems.append("stem is empty")
    explanation = str(row.get("explanation", "")).strip()
    if not explanation:
        problems.append("explanation is empty")
    choices = row.get("choices")
    clean_choices = []
    if not isinstance(choices, list):
        problems.append("choices must be a list")
    else:
        for c in choices:
            if not isinstance(c, dict) or not str(c.get("text", "")).strip():
                problems.append("every choice needs a text")
                break
            if len(str(c["text"])) > 500:
                problems.append("a choice is longer than 500 characters")
                break
            clean_choices.append(
                {"text": str(c["text"]).strip(), "is_correct": c.get("correct") is True}
            )
        raw = row.get("_correct_raw")  # set by the CSV reader only; a JSON key is ignored
        if isinstance(raw, set):
            bad = [c for c in raw if not c.isdigit() or not 1 <= int(c) <= len(clean_choices)]
            if bad:
                problems.append(f"correct refers to no choice: {', '.join(sorted(bad))}")
        if len(clean_choices) < 2:
            problems.append("needs at least two choices")
        n_correct = sum(c["is_correct"] for c in clean_choices)
        if n_correct == 0:
            problems.append("no choice is marked correct")
        elif qtype == "single" and n_correct > 1:
            problems.append("a single-answer question has more than one correct choice")
    if any("\x00" in t for t in (stem, explanation, *(c["text"] for c in clean_choices))):
        problems.append("contains a NUL character")  # PostgreSQL text cannot hold one
    if problems:
        return None, problems
    return {
        "domain": domains[letter],
        "difficulty": difficulty,
        "type": qtype,
        "stem": stem,
        "explanation": explanation,
        "choices": clean_choices,
    }, []


def import_questions(file) -> ImportReport:
    """Import questions from a CSV or JSON upload: all rows or none.

    CSV columns: domain (A-J), difficulty, type, stem, explanation, choices (separated
    by '|'), correct (choice numbers from 1, separated by '|'). JSON: a list of objects
    with the same keys and `choices` as [{"text": ..., "correct": true}].
    """
    report = ImportReport()
    if file.size > MAX_IMPORT_BYTES:
        report.errors.append("The file is larger than 1 MB.")
        return report
    try:
        rows = _rows_from_file(file.name or "", file.read())
    except CourseError as error:
        report.errors.append(str(error))
        return report
    if not rows:
        report.errors.append("The file has no questions.")
        return report
    domains = {d.letter: d for d in Domain.objects.all()}
    valid = []
    # CSV row 1 is the header, so data row i is line i + 1; JSON items count from 1.
    offset = 1 if (file.name or "").lower().endswith(".csv") else 0
    for number, row in enumerate(rows, start=1):
        clean, problems = _validate_row(row, domains)
        if problems:
            report.errors.append(f"Row {number + offset}: {'; '.join(problems)}.")
        else:
            valid.append(clean)
    if report.errors:
        return report
    with transaction.atomic():
        for item in valid:
            question = Question.objects.create(
                domain=item["domain"],
                difficulty=item["difficulty"],
                type=item["type"],
                stem=item["stem"],
                explanation=item["explanation"],
            )
            Choice.objects.bulk_create(
                Choice(question=question, sort_order=i, text=c["text"], is_correct=c["is_correct"])
                for i, c in enumerate(item["choices"])
            )
    report.imported = len(valid)
    return report
