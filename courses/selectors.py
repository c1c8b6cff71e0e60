"""Reads: curriculum coverage, course outlines, progress, dashboards and statistics."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from courses.choice_order import choices_in_order, lesson_quiz_seed, order_for
from courses.models import (
    Certificate,
    Choice,
    CourseEvaluation,
    CourseIndexPage,
    CoursePage,
    Domain,
    Enrolment,
    LearningObjective,
    LessonPage,
    LessonProgress,
    ModulePage,
    Question,
    QuizAttempt,
    Topic,
)
from courses.outline import outline_html
from courses.teaching import teaches
from members.models import User

AnyUser = User | AnonymousUser


def live_course_index() -> CourseIndexPage | None:
    return CourseIndexPage.objects.live().first()


# --- Curriculum -------------------------------------------------------------------------


def curriculum_with_coverage() -> list[Domain]:
    """Domains -> topics -> objectives, each objective with its live courses and lessons.

    Only pages without a view restriction are named: the curriculum is one fragment
    shared by every visitor (content.fragments)."""
    objectives = LearningObjective.objects.order_by("sort_order", "id").prefetch_related(
        Prefetch("courses", queryset=CoursePage.objects.live().public().order_by("title")),
        Prefetch("lessons", queryset=LessonPage.objects.live().public().order_by("path")),
    )
    topics = Topic.objects.order_by("sort_order", "id").prefetch_related(
        Prefetch("objectives", queryset=objectives)
    )
    domains = list(Domain.objects.prefetch_related(Prefetch("topics", queryset=topics)))
    for domain in domains:
        domain.objective_count = 0
        domain.covered_count = 0
        for topic in domain.topics.all():
            for objective in topic.objectives.all():
                objective.is_covered = bool(objective.courses.all() or objective.lessons.all())
                domain.objective_count += 1
                domain.covered_count += objective.is_covered
    return domains


# --- Course structure -------------------------------------------------------------------


@dataclass
class ModuleOutline:
    module: ModulePage
    lessons: list[LessonPage] = field(default_factory=list)


def course_outline(course: CoursePage) -> list[ModuleOutline]:
    """Modules and their live lessons in tree order, in a constant number of queries."""
    return course_outlines([course])[course.pk]


def course_outlines(courses: list[CoursePage]) -> dict[int, list[ModuleOutline]]:
    """The outlines of many courses in two queries, whatever the number of courses."""
    outlines: dict[int, list[ModuleOutline]] = {c.pk: [] for c in courses}
    if not courses:
        return outlines
    course_by_path = {c.path: c.pk for c in courses}
    children = Q()
    for course in courses:
        children |= Q(path__startswith=course.path, depth=course.depth + 1)
    modules: dict[str, ModuleOutline] = {}
    for module in ModulePage.objects.live().filter(children).order_by("path"):
        outline = ModuleOutline(module)
        modules[module.path] = outline
        outlines[course_by_path[module.path[: -module.steplen]]].append(outline)
    if not modules:
        return outlines
    grandchildren = Q()
    for course in courses:
        grandchildren |= Q(path__startswith=course.path, depth=course.depth + 2)
    lessons = LessonPage.objects.live().filter(grandchildren).order_by("path").defer("body")
    for lesson in lessons:
        outline = modules.get(lesson.path[: -lesson.steplen])
        if outline is not None:
            outline.lessons.append(lesson)
    return outlines


def course_lessons(course: CoursePage) -> list[LessonPage]:
    return [lesson for m in course_outline(course) for lesson in m.lessons]


def course_for_lesson(lesson: LessonPage) -> CoursePage | None:
    return CoursePage.objects.ancestor_of(lesson).first()


def enrolment_for(user: AnyUser, course: CoursePage) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, course=course).first()


def progress_by_lesson(user: AnyUser, lesson_ids: list[int]) -> dict[int, LessonProgress]:
    if not user.is_authenticated or not lesson_ids:
        return {}
    rows = LessonProgress.objects.filter(user=user, lesson_id__in=lesson_ids)
    return {row.lesson_id: row for row in rows}


@dataclass
class CourseProgress:
    total: int
    completed: int
    next_lesson: LessonPage | None

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def all_done(self) -> bool:
        return self.total > 0 and self.completed >= self.total


def course_progress(
    user: AnyUser,
    course: CoursePage,
    lessons: list[LessonPage] | None = None,
    progress: dict[int, LessonProgress] | None = None,
) -> CourseProgress:
    """Required lessons completed, and the lesson to continue with."""
    if lessons is None:
        lessons = course_lessons(course)
    if progress is None:
        progress = progress_by_lesson(user, [lesson.id for lesson in lessons])
    required = [lesson for lesson in lessons if lesson.required]
    done = [lesson for lesson in required if _is_done(progress.get(lesson.id))]
    next_lesson = next((x for x in lessons if not _is_done(progress.get(x.id))), None)
    return CourseProgress(total=len(required), completed=len(done), next_lesson=next_lesson)


def _is_done(row: LessonProgress | None) -> bool:
    return row is not None and row.completed_at is not None


def course_cards(index: CourseIndexPage, user: AnyUser) -> list[dict[str, Any]]:
    courses = list(
        CoursePage.objects.child_of(index).live().order_by("path").select_related("cover_image")
    )
    enrolled = set()
    if user.is_authenticated:
        enrolled = set(
            Enrolment.objects.filter(user=user, course__in=courses).values_list(
                "course_id", flat=True
            )
        )
    return [{"course": c, "enrolled": c.id in enrolled} for c in courses]


def course_page_context(course: CoursePage, user: AnyUser) -> dict[str, Any]:
    outline = course_outline(course)
    lessons = [lesson for m in outline for lesson in m.lessons]
    progress = progress_by_lesson(user, [lesson.id for lesson in lessons])
    for lesson in lessons:
        lesson.is_done = _is_done(progress.get(lesson.id))
    enrolment = enrolment_for(user, course)
    context: dict[str, Any] = {
        "outline": outline,
        "outline_html": outline_html(
            course, outline, done_ids=[x.id for x in lessons if x.is_done]
        ),
        "enrolment": enrolment,
        "objectives": course.objectives.select_related("topic__domain").order_by(
            "topic__domain__letter", "sort_order"
        ),
        "prerequisites": course.prerequisites.live(),
        "is_instructor": teaches(user, course),
    }
    if enrolment:
        context["progress"] = course_progress(user, course, lessons, progress)
        context["evaluation"] = CourseEvaluation.objects.filter(user=user, course=course).first()
        context["certificate"] = Certificate.objects.filter(user=user, course=course).first()
    return context


@dataclass
class QuizView:
    block_id: str
    title: str
    pass_mark: int
    questions: list[Question]
    last_attempt: QuizAttempt | None = None
    # (question, its choices in the order drawn for the learner's next attempt)
    shown: list[tuple[Question, list[Choice]]] = field(default_factory=list)


def questions_with_choices(ids: list[int]) -> dict[int, Question]:
    """Questions by id with their choices, in two queries whatever the number."""
    qs = Question.objects.filter(id__in=ids).prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("sort_order", "id"))
    )
    return {q.id: q for q in qs}


def lesson_page_context(lesson: LessonPage, user: AnyUser) -> dict[str, Any]:
    course = course_for_lesson(lesson)
    context: dict[str, Any] = {"course": course}
    blocks = list(lesson.body)
    quiz_ids: list[int] = []
    for block in blocks:
        if block.block_type == "quiz":
            quiz_ids.extend(q.id for q in block.value["questions"] if q is not None)
    bank = questions_with_choices(quiz_ids) if quiz_ids else {}
    attempts: dict[str, QuizAttempt] = {}
    attempt_counts: dict[str, int] = defaultdict(int)
    if quiz_ids and user.is_authenticated:
        for attempt in QuizAttempt.objects.filter(user=user, lesson=lesson).order_by("created_at"):
            attempts[attempt.block_id] = attempt
            attempt_counts[attempt.block_id] += 1
    items = []
    for block in blocks:
        item: dict[str, Any] = {"block": block}
        if block.block_type == "quiz":
            questions = [
                bank[q.id] for q in block.value["questions"] if q is not None and q.id in bank
            ]
            seed = lesson_quiz_seed(
                user_id=user.id or 0,
                lesson_id=lesson.id,
                block_id=block.id,
                attempt_number=attempt_counts[block.id] + 1,
            )
            order = order_for(questions=questions, seed=seed)
            item["quiz"] = QuizView(
                block_id=block.id,
                title=block.value["title"],
                pass_mark=block.value["pass_mark"],
                questions=questions,
                last_attempt=attempts.get(block.id),
                shown=[(q, choices_in_order(question=q, order=order)) for q in questions],
            )
        items.append(item)
    context["body_items"] = items
    if course is None:
        return context
    outline = course_outline(course)
    lessons = [x for m in outline for x in m.lessons]
    progress = progress_by_lesson(user, [x.id for x in lessons])
    for x in lessons:
        x.is_done = _is_done(progress.get(x.id))
    index = next((i for i, x in enumerate(lessons) if x.id == lesson.id), None)
    context.update(
        {
            "outline": outline,
            "outline_html": outline_html(
                course,
                outline,
                current_id=lesson.id,
                done_ids=[x.id for x in lessons if x.is_done],
            ),
            "enrolment": enrolment_for(user, course),
            "lesson_progress": progress.get(lesson.id),
            "course_progress": course_progress(user, course, lessons, progress),
            "previous_lesson": lessons[index - 1] if index else None,
            "next_lesson": lessons[index + 1]
            if index is not None and index + 1 < len(lessons)
            else None,
        }
    )
    return context


# --- Dashboard --------------------------------------------------------------------------


def my_learning(user: User) -> dict[str, Any]:
    """The learner's dashboard: one outline query and one progress query for all courses."""
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course")
        .order_by("-enrolled_at")
    )
    outlines = course_outlines([e.course for e in enrolments])
    lessons_of = {
        course_id: [lesson for m in outline for lesson in m.lessons]
        for course_id, outline in outlines.items()
    }
    progress = progress_by_lesson(
        user, [lesson.id for lessons in lessons_of.values() for lesson in lessons]
    )
    rows = []
    for enrolment in enrolments:
        lessons = lessons_of[enrolment.course_id]
        rows.append(
            {
                "enrolment": enrolment,
                "progress": course_progress(user, enrolment.course, lessons, progress),
            }
        )
    today = timezone.localdate()
    upcoming = sorted(
        (r for r in rows if r["enrolment"].deadline and not r["enrolment"].completed_at),
        key=lambda r: r["enrolment"].deadline,
    )
    for r in upcoming:
        r["overdue"] = r["enrolment"].deadline < today
    return {
        "rows": rows,
        "upcoming": upcoming,
        "certificates": list(Certificate.objects.filter(user=user)),
        "practice_exams": list(user.practice_exams.filter(submitted_at__isnull=False)[:5]),
    }


# --- Instructor -------------------------------------------------------------------------


def course_statistics(course: CoursePage) -> dict[str, Any]:
    lessons = course_lessons(course)
    enrolments = list(
        Enrolment.objects.filter(course=course).select_related("user").order_by("user__email")
    )
    required_ids = [lesson.id for lesson in lessons if lesson.required]
    done_counts = dict(
        LessonProgress.objects.filter(lesson_id__in=required_ids, completed_at__isnull=False)
        .values_list("user_id")
        .annotate(n=Count("id"))
        .values_list("user_id", "n")
    )
    rows = []
    for e in enrolments:
        done = done_counts.get(e.user_id, 0)
        percent = round(100 * done / len(required_ids)) if required_ids else 0
        rows.append({"enrolment": e, "done": done, "percent": percent})
    completed = sum(1 for e in enrolments if e.completed_at)
    attempts = list(QuizAttempt.objects.filter(lesson_id__in=[x.id for x in lessons]))
    question_ids = {int(qid) for a in attempts for qid in a.results}
    questions = {
        q.id: q for q in Question.objects.filter(id__in=question_ids).select_related("domain")
    }
    per_domain: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_question: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for attempt in attempts:
        for qid, ok in attempt.results.items():
            question = questions.get(int(qid))
            if question is None:
                continue
            per_domain[str(question.domain)][0] += bool(ok)
            per_domain[str(question.domain)][1] += 1
            per_question[question.id][0] += not ok
            per_question[question.id][1] += 1
    domain_rows = [
        {"domain": name, "correct": c, "total": t, "percent": round(100 * c / t)}
        for name, (c, t) in sorted(per_domain.items())
    ]
    missed = sorted(
        (
            {"question": questions[qid], "missed": m, "total": t, "percent": round(100 * m / t)}
            for qid, (m, t) in per_question.items()
            if m
        ),
        key=lambda r: (-r["percent"], -r["missed"]),
    )[:10]
    return {
        "rows": rows,
        "enrolled": len(enrolments),
        "completed": completed,
        "completion_rate": round(100 * completed / len(enrolments)) if enrolments else 0,
        "domain_rows": domain_rows,
        "missed": missed,
    }


def answer_review(
    *,
    questions: list[Question],
    answers: dict[str, list[int]],
    order: dict[str, list[int]],
    results: dict[str, bool] | None = None,
) -> list[dict[str, Any]]:
    """What a learner answered, question by question, with the choices in the order the
    attempt showed them. Right or wrong is the result stored when it was scored where the
    attempt kept one (a key edited later does not rewrite history), else the chosen set
    compared with the correct set."""
    review = []
    for question in questions:
        chosen = set(answers.get(str(question.id), []))
        review.append(
            {
                "question": question,
                "correct": results.get(str(question.id), False)
                if results is not None
                else chosen == set(question.correct_choice_ids()),
                "choices": [
                    {"choice": c, "chosen": c.id in chosen}
                    for c in choices_in_order(question=question, order=order)
                ],
            }
        )
    return review
