"""Practice exams: questions drawn by curriculum domain weight, scored per domain."""

from __future__ import annotations

import datetime
import random
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext

from courses.choice_order import order_for, practice_exam_seed
from courses.models import Domain, PracticeExamAttempt
from courses.scoring import score_answers
from courses.selectors import questions_with_choices
from courses.services.errors import CourseError
from courses.services.quizzes import parse_answers
from members.models import User


def apportion(*, total: int, weights: dict[str, int]) -> dict[str, int]:
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


def draw_practice_questions(*, count: int, seed: int) -> list[int]:
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
        seats = apportion(total=remaining, weights=weights)
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
    *, user: User, count: int, minutes: int | None = None, seed: int | None = None
) -> PracticeExamAttempt:
    seed = seed if seed is not None else secrets.randbits(48)
    ids = draw_practice_questions(count=count, seed=seed)
    if not ids:
        raise CourseError(gettext("The question bank is empty; there is nothing to practise yet."))
    deadline = timezone.now() + datetime.timedelta(minutes=minutes) if minutes else None
    bank = questions_with_choices(ids)
    order = order_for(
        questions=[bank[i] for i in ids if i in bank], seed=practice_exam_seed(attempt_seed=seed)
    )
    return PracticeExamAttempt.objects.create(
        user=user, seed=seed, question_ids=ids, choice_order=order, deadline=deadline
    )


DEADLINE_GRACE = datetime.timedelta(seconds=30)


@transaction.atomic
def submit_practice_exam(
    *, attempt: PracticeExamAttempt, data: MultiValueDict[str, str]
) -> PracticeExamAttempt:
    attempt = PracticeExamAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.submitted_at:
        raise CourseError(gettext("This practice exam was already submitted."))
    bank = questions_with_choices(attempt.question_ids)
    questions = [bank[i] for i in attempt.question_ids if i in bank]
    now = timezone.now()
    if attempt.deadline and now > attempt.deadline + DEADLINE_GRACE:
        attempt.expired = True
        answers: dict[int, set[int]] = {q.id: set() for q in questions}
    else:
        answers = parse_answers(data=data, questions=questions)
    results, score = score_answers(questions=questions, answers=answers)
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
