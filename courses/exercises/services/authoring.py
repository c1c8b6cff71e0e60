"""Building an exercise step by step (the instructor's guided flow): a draft page under
its course or the exercise library, its cases, rubric and answer keys, then publishing.

Every step saves the page and a new draft revision in one transaction, so a refused step
leaves the exercise as it was; the page goes live only through ``publish_exercise``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext
from wagtail.models import Page, Site

from courses.exercises.models import (
    AnswerKey,
    ExerciseIndexPage,
    ExercisePage,
    FeedbackTiming,
    ReportTemplate,
    SampleCase,
)
from courses.exercises.services.errors import ExerciseError
from courses.exercises.services.key_entries import check_key_entry
from courses.exercises.services.keys import derive_key, effective_key, key_hash, refresh_key_hashes
from members.models import User

LIBRARY = "library"
CLEAN_EXCLUDE = ["path", "depth", "url_path", "translation_key", "locale", "slug"]


class KeyAnswersRefused(ExerciseError):
    """Answers refused, each with its message (``errors``: field id -> message)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(gettext("Some answers cannot be right; see the fields marked."))
        self.errors = errors


def _library() -> Page:
    """The exercise library (an ExerciseIndexPage), made under the home page if missing."""
    index = ExerciseIndexPage.objects.order_by("pk").first()
    if index is not None:
        return index
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ExerciseError(gettext("The site has no home page to hold an exercise library."))
    index = ExerciseIndexPage(title=gettext("Exercises"), slug="exercises")
    site.root_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def _unique_slug(parent: Page, title: str) -> str:
    base = slugify(title)[:60] or "exercise"
    slug, n = base, 1
    while parent.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _validate(exercise: ExercisePage) -> None:
    """The model's checks (rubric entries, mapping, rule sets) as a refusal to show."""
    from django.core.exceptions import ValidationError

    try:
        exercise.full_clean(exclude=CLEAN_EXCLUDE)
    except ValidationError as error:
        raise ExerciseError("; ".join(error.messages), error.messages) from None


def _save_draft(exercise: ExercisePage, user: User) -> ExercisePage:
    _validate(exercise)
    exercise.save()
    exercise.save_revision(user=user, log_action=True)
    return exercise


@transaction.atomic
def create_exercise(
    *,
    user: User,
    parent_id: int | str,
    title: str,
    report_template: ReportTemplate,
    mapping_id: str,
    rule_set_ids: str,
    pass_mark: Decimal,
    attempts_allowed: int,
    instructions: str = "",
    homes: list[tuple[int, str]],
) -> ExercisePage:
    """A draft exercise (not live) under a course the user teaches or the library."""
    if str(parent_id) == LIBRARY:
        parent = _library()
    else:
        allowed = {str(pk) for pk, _ in homes}
        if str(parent_id) not in allowed:
            raise ExerciseError(
                gettext("You cannot add an exercise there; choose one of: %(homes)s.")
                % {"homes": "; ".join(label for _, label in homes)},
                field="parent",
            )
        parent = Page.objects.get(pk=parent_id).specific
    exercise = ExercisePage(
        title=title,
        slug=_unique_slug(parent, title),
        report_template=report_template,
        mapping_id=mapping_id,
        rule_set_ids=rule_set_ids,
        pass_mark=pass_mark,
        attempts_allowed=attempts_allowed,
        feedback_timing=FeedbackTiming.IMMEDIATE,
        instructions="".join(
            f"<p>{escape(p.strip())}</p>" for p in instructions.split("\n\n") if p.strip()
        ),
        live=False,
        owner=user,
    )
    _validate(exercise)
    parent.add_child(instance=exercise)
    exercise.save_revision(user=user, log_action=True)
    return exercise


@transaction.atomic
def set_exercise_cases(
    *, exercise: ExercisePage, cases: list[SampleCase], user: User
) -> list[AnswerKey]:
    """The exercise's cases, each with a key derived by the engine (overrides kept)."""
    if not cases:
        raise ExerciseError(gettext("Choose at least one case."), field="cases")
    exercise.cases.set(cases)
    _save_draft(exercise, user)
    AnswerKey.objects.filter(exercise=exercise).exclude(case__in=cases).delete()
    return [derive_key(exercise=exercise, case=case) for case in cases]


@transaction.atomic
def set_rubric(*, exercise: ExercisePage, rubric: Mapping[str, Any], user: User) -> ExercisePage:
    """Per-field weights, tolerances and synonyms (checked by the engine's entry checker
    in the model's validation); every key's hash follows."""
    fields = {f["id"] for f in exercise.report_template.parsed.get("fields", [])}
    unknown = sorted(set(rubric) - fields)
    if unknown:
        raise ExerciseError(
            gettext("Not fields of this template: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    exercise.rubric = {k: dict(v) for k, v in rubric.items()}
    _save_draft(exercise, user)
    refresh_key_hashes(exercise=exercise)
    return exercise


@transaction.atomic
def set_key_answers(*, answer_key: AnswerKey, answers: Mapping[str, Any]) -> AnswerKey:
    """The right answer per field for one case. An answer equal to the engine's is no
    override; another is one, checked against the template and the rule sets; an empty
    answer for a field the engine did not key leaves it unkeyed. All or nothing."""
    exercise = answer_key.exercise
    derived = (answer_key.derived or {}).get("fields", {})
    overrides = {k: dict(v) for k, v in (answer_key.overrides or {}).items()}
    errors: dict[str, str] = {}
    for field_id, value in answers.items():
        engine = derived.get(field_id)
        engine_expected = engine.get("expected") if engine else None
        current = overrides.get(field_id, {})
        rest = {k: v for k, v in current.items() if k not in {"expected", "comparator"}}
        if value == engine_expected or (value is None and engine is None):
            if rest:
                overrides[field_id] = rest
            else:
                overrides.pop(field_id, None)
            continue
        try:
            overrides[field_id] = check_key_entry(
                exercise=exercise,
                field_id=field_id,
                spec={**rest, "expected": value},
                derived_fields=derived,
            )
        except ExerciseError as error:
            errors[field_id] = error.message
    if errors:
        raise KeyAnswersRefused(errors)
    from reporting.grading import KeyError_, compile_key

    candidate = AnswerKey(
        exercise=exercise, case=answer_key.case, derived=answer_key.derived, overrides=overrides
    )
    merged = effective_key(answer_key=candidate, exercise=exercise)
    try:
        compile_key(merged)
    except KeyError_ as error:
        raise KeyAnswersRefused({error.field or "": str(error)}) from None
    answer_key.overrides = overrides
    answer_key.key_hash = key_hash(key=merged)
    answer_key.save(update_fields=["overrides", "key_hash", "updated_at"])
    return answer_key


def publish_problems(*, exercise: ExercisePage) -> list[str]:
    """What still stops the exercise from being published (empty: it can go live)."""
    problems = []
    cases = list(exercise.cases.all())
    if not cases:
        problems.append(gettext("The exercise has no cases."))
    keyed = {k.case_id: k for k in AnswerKey.objects.filter(exercise=exercise, case__in=cases)}
    for case in cases:
        key = keyed.get(case.pk)
        fields = effective_key(answer_key=key, exercise=exercise)["fields"] if key else {}
        if not any(
            spec.get("expected") is not None and spec.get("weight", 1) for spec in fields.values()
        ):
            problems.append(
                gettext("The key of “%(case)s” has no answer yet.") % {"case": case.title}
            )
    return problems


@transaction.atomic
def publish_exercise(*, exercise: ExercisePage, user: User) -> ExercisePage:
    """Publish the latest draft revision, once every case has a key with answers."""
    problems = publish_problems(exercise=exercise)
    if problems:
        raise ExerciseError(gettext("Not ready to publish."), problems)
    revision = exercise.get_latest_revision() or exercise.save_revision(user=user)
    # Who may publish is who teaches the exercise (checked by the views, as for keys and
    # gradebooks), not Wagtail's page permissions, which instructors need not hold.
    revision.publish(user=user, skip_permission_checks=True)
    return ExercisePage.objects.get(pk=exercise.pk)
