"""Questions written inside a lesson's quiz block join the question bank on publish.

The lesson's draft keeps a new question inline (courses.quiz_blocks.NewQuestionBlock);
when the lesson is published, each becomes a `Question` with its `Choice`s and takes its
place among the block's chosen questions, in the live page and in the revision just
published (and any newer draft that still holds it), so editing the lesson again shows
it as a bank question and a second publish creates nothing twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction

from content.page_cache import content_changed
from courses.models import Choice, LessonPage, Question
from courses.question_rules import choice_problems

if TYPE_CHECKING:
    from wagtail.fields import StreamField
    from wagtail.models import Revision

logger = logging.getLogger(__name__)


def move_inline_questions(*, body: list[dict[str, Any]], created: dict[str, int]) -> list[dict]:
    """The lesson body (raw stream data) with each inline question named in `created`
    (list item id -> question id) moved to its quiz's chosen questions, in order."""
    moved = []
    for block in body:
        value = block.get("value") if isinstance(block, dict) else None
        if block.get("type") != "quiz" or not isinstance(value, dict):
            moved.append(block)
            continue
        kept, chosen = [], list(value.get("questions") or [])
        for item in value.get("new_questions") or []:
            item_id = item.get("id") if isinstance(item, dict) else None
            if item_id in created:
                chosen.append({"type": "item", "value": created[item_id], "id": item_id})
            else:
                kept.append(item)
        moved.append({**block, "value": {**value, "questions": chosen, "new_questions": kept}})
    return moved


def _create_question(value: Mapping[str, Any]) -> Question | None:
    choices = [(c["text"] or "", bool(c["is_correct"])) for c in value["choices"]]
    if not value["domain"] or not (value["stem"] or "").strip() or not value["explanation"]:
        return None
    if choice_problems(question_type=value["type"], choices=choices):
        return None
    question = Question.objects.create(
        domain=value["domain"],
        difficulty=value["difficulty"],
        type=value["type"],
        stem=value["stem"].strip(),
        explanation=value["explanation"].strip(),
    )
    Choice.objects.bulk_create(
        Choice(question=question, sort_order=i, text=text.strip(), is_correct=correct)
        for i, (text, correct) in enumerate((t, c) for t, c in choices if t.strip())
    )
    return question


def _has_inline_questions(lesson: LessonPage) -> bool:
    return any(
        isinstance(block, dict)
        and block.get("type") == "quiz"
        and (block.get("value") or {}).get("new_questions")
        for block in lesson.body.raw_data
    )


@transaction.atomic
def publish_inline_questions(
    *, lesson: LessonPage, revision: Revision | None = None
) -> list[Question]:
    """Turn the published lesson's inline questions into bank questions (see module doc).

    The editor validated them before publishing; one that still breaks the bank's rules
    (published by another path) stays inline, unseen by learners, and is logged."""
    if not _has_inline_questions(lesson):
        return []  # the usual publish: nothing converted, no block value loaded
    created: dict[str, int] = {}
    questions = []
    for block in lesson.body:
        if block.block_type != "quiz":
            continue
        for item in block.value["new_questions"].bound_blocks:
            question = _create_question(item.value)
            if question is None:
                logger.warning("lesson %s: inline question %s left inline", lesson.pk, item.id)
                continue
            created[item.id] = question.id
            questions.append(question)
    if not created:
        return []
    field = cast("StreamField", LessonPage._meta.get_field("body"))
    lesson.body = move_inline_questions(body=list(lesson.body.get_prep_value()), created=created)
    LessonPage.objects.filter(pk=lesson.pk).update(body=lesson.body)
    # An update sends no signal: the lesson's cached frame must not keep the inline drafts.
    content_changed()
    if revision is not None:
        # The revision object the caller holds is rewritten too, not only its row.
        later = [revision, *lesson.revisions.filter(pk__gt=revision.pk)]
        for stored_revision in later:
            raw = stored_revision.content.get("body")
            stored = json.loads(raw) if isinstance(raw, str) else raw
            if not isinstance(stored, list):
                continue
            stored_revision.content["body"] = json.dumps(
                move_inline_questions(body=stored, created=created),
                cls=field.json_field.encoder,
            )
            stored_revision.save(update_fields=["content"])
    return questions
