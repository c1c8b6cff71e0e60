"""What every visitor of a lesson shares, built once per lesson and content version.

A signed-in lesson page used to rebuild, on every request, what is the same for every
learner: the course it belongs to, the course's lesson list (for progress and
previous/next), the quiz questions and their choices, and the HTML of every text, figure,
video and download block. `lesson_frame` keeps all of it as plain values (no model
instances, so reading it back from Redis is cheap) under `page_cache.content_version()`,
which every publish, unpublish, move, delete, privacy change and question, image,
document or media edit replaces. Only per-learner parts stay per request: the quiz
forms (each learner's choice order), progress, enrolment and attempts. Previews build
the frame afresh from the draft and never store it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from content.fragments import cached_fragment
from courses.models import LessonPage

from .structure import ModuleOutline, course_for_lesson, course_outline

# Where a video block's progress address goes; filled in for enrolled learners only.
VIDEO_PROGRESS_MARKER = "\x02video-progress\x03"
_VIDEO_PROGRESS = re.compile(re.escape(VIDEO_PROGRESS_MARKER))
# Where a question's choices go, in the order drawn for each learner's attempt.
CHOICES_MARKER = "\x02choices\x03"


@dataclass(frozen=True)
class QuizChoice:
    id: int
    text: str
    sort_order: int
    html: str  # its input and label, rendered once (courses/includes/quiz_choice.html)


@dataclass(frozen=True)
class QuizQuestion:
    id: int
    type: str
    stem: str
    # In the bank's order (sort order, then id): the order choice_order shuffles from.
    choices: tuple[QuizChoice, ...]
    html: str  # its fieldset, with CHOICES_MARKER where the choices go


@dataclass(frozen=True)
class QuizPart:
    block_id: str
    title: str
    pass_mark: int
    questions: tuple[QuizQuestion, ...]
    action: str  # where its form posts
    head_html: str  # title and instructions


@dataclass(frozen=True)
class LessonLink:
    id: int
    title: str
    url: str
    required: bool


@dataclass(frozen=True)
class CourseFrame:
    id: int
    title: str
    url: str
    enrol_url: str
    lessons: tuple[LessonLink, ...]


@dataclass(frozen=True)
class LessonFrame:
    course: CourseFrame | None
    # The body in order: rendered HTML of the blocks every visitor sees alike, and quizzes.
    parts: tuple[str | QuizPart, ...]
    heading_html: str  # course link, title, summary, duration and completion rule
    read_url: str
    video_progress_url: str

    @property
    def quizzes(self) -> list[QuizPart]:
        return [part for part in self.parts if isinstance(part, QuizPart)]


def lesson_frame(lesson: LessonPage, *, preview: bool = False) -> LessonFrame:
    """The shared part of `lesson`'s page (built from the draft, uncached, in a preview)."""
    if preview:
        return _build(lesson)
    # The frame holds translated words (labels, notes): one per language.
    return cached_fragment("lesson-frame", lesson.pk, get_language(), render=lambda: _build(lesson))


def body_html(part: str, *, progress_url: str | None) -> SafeString:
    """A shared block's HTML for this visitor: the video progress address only for those
    whose progress is recorded."""
    attribute = f' data-progress-url="{progress_url}"' if progress_url else ""
    # Safe: `part` was rendered (escaped) by the block's template; the address is ours.
    return mark_safe(_VIDEO_PROGRESS.sub(attribute, part))  # noqa: S308


def _build(lesson: LessonPage) -> LessonFrame:
    from courses.selectors.lessons import questions_with_choices

    blocks = list(lesson.body)
    quiz_ids = [
        q.id
        for block in blocks
        if block.block_type == "quiz"
        for q in block.value["questions"]
        if q is not None
    ]
    bank = questions_with_choices(quiz_ids) if quiz_ids else {}
    parts: list[str | QuizPart] = []
    for block in blocks:
        if block.block_type == "quiz":
            questions = [
                bank[q.id] for q in block.value["questions"] if q is not None and q.id in bank
            ]
            quiz = {
                "block_id": block.id,
                "title": str(block.value["title"]),
                "pass_mark": int(block.value["pass_mark"]),
                "questions": tuple(
                    _quiz_question(q, number=n) for n, q in enumerate(questions, start=1)
                ),
            }
            parts.append(
                QuizPart(
                    **quiz,
                    action=reverse("lesson-quiz", args=[lesson.pk, block.id]),
                    head_html=render_to_string("courses/includes/quiz_head.html", {"quiz": quiz}),
                )
            )
        else:
            context: dict[str, Any] = {"page": lesson, "video_progress": VIDEO_PROGRESS_MARKER}
            parts.append(str(block.render(context=context)))
    course = _course_frame(lesson)
    heading = render_to_string(
        "courses/includes/lesson_heading.html", {"page": lesson, "course": course}
    )
    return LessonFrame(
        course=course,
        parts=tuple(parts),
        heading_html=heading,
        read_url=reverse("lesson-read", args=[lesson.pk]),
        video_progress_url=reverse("lesson-video-progress", args=[lesson.pk]),
    )


def _quiz_question(question: Any, *, number: int) -> QuizQuestion:
    choice_html = get_template("courses/includes/quiz_choice.html")
    html = render_to_string(
        "courses/includes/quiz_question.html",
        {"q": question, "number": number, "choices": CHOICES_MARKER},
    )
    return QuizQuestion(
        id=question.id,
        type=question.type,
        stem=question.stem,
        html=html,
        choices=tuple(
            QuizChoice(
                id=c.id,
                text=c.text,
                sort_order=c.sort_order,
                html=str(choice_html.render({"q": question, "c": c})),
            )
            for c in question.choices.all()
        ),
    )


def _course_frame(lesson: LessonPage) -> CourseFrame | None:
    course = course_for_lesson(lesson)
    if course is None:
        return None
    lessons = lesson_links(course_outline(course))
    return CourseFrame(
        id=course.id,
        title=course.title,
        url=course.get_url() or "",
        enrol_url=reverse("course-enrol", args=[course.pk]),
        lessons=lessons,
    )


def lesson_links(outline: list[ModuleOutline]) -> tuple[LessonLink, ...]:
    """A course's lessons in order, as the shared frames keep them."""
    return tuple(
        LessonLink(id=x.id, title=x.title, url=x.get_url() or "", required=x.required)
        for module in outline
        for x in module.lessons
    )
