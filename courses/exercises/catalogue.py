"""What an instructor can choose from when building an exercise: report templates (with
their field counts), the engine's mappings (with what they fill) and rule sets (with
what they derive). Reads only; the choosers and the checks of the authoring forms and
services use these lists, so a wrong choice is answered with what exists."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from courses.exercises.models import ReportTemplate


@dataclass(frozen=True, slots=True)
class MappingChoice:
    id: str
    template: str
    description: str
    fills: tuple[str, ...]

    def label(self) -> str:
        return _("%(id)s (for template %(template)s): fills %(count)d fields: %(fields)s") % {
            "id": self.id,
            "template": self.template,
            "count": len(self.fills),
            "fields": ", ".join(self.fills),
        }


@dataclass(frozen=True, slots=True)
class RuleSetChoice:
    id: str
    title: str
    template: str | None
    derives: tuple[str, ...]
    inputs: tuple[str, ...]

    def label(self) -> str:
        return _("%(title)s: derives %(fields)s") % {
            "title": self.title,
            "fields": ", ".join(self.derives),
        }


@cache
def _mappings() -> tuple[MappingChoice, ...]:
    from reporting.transfer import MAPPINGS_DIR, bundled_mappings

    found = []
    for mapping_id in bundled_mappings():
        data: dict[str, Any] = json.loads(
            (MAPPINGS_DIR / f"{mapping_id}.json").read_text(encoding="utf-8")
        )
        found.append(
            MappingChoice(
                id=mapping_id,
                template=str(data.get("template", "")),
                description=str(data.get("description", "")),
                fills=tuple(data.get("fields", {})),
            )
        )
    return tuple(found)


@cache
def _rule_sets() -> tuple[RuleSetChoice, ...]:
    from reporting.rules import bundled_rulesets, load_ruleset

    found = []
    for rule_id in bundled_rulesets():
        ruleset = load_ruleset(rule_id)
        found.append(
            RuleSetChoice(
                id=ruleset.id,
                title=ruleset.title,
                template=ruleset.template,
                derives=tuple(dict.fromkeys(ruleset.outputs)),
                inputs=ruleset.inputs,
            )
        )
    return tuple(found)


def mapping_choices() -> list[MappingChoice]:
    """The engine's mappings (reporting/data/mappings), each with the fields it fills."""
    return list(_mappings())


def rule_set_choices() -> list[RuleSetChoice]:
    """The engine's rule sets (reporting/data/rules), each with the fields it derives."""
    return list(_rule_sets())


def mapping_choice(mapping_id: str) -> MappingChoice | None:
    return next((m for m in _mappings() if m.id == mapping_id), None)


def rule_set_choice(rule_id: str) -> RuleSetChoice | None:
    return next((r for r in _rule_sets() if r.id == rule_id), None)


def template_choices() -> list[tuple[ReportTemplate, int]]:
    """Every report template with its number of fields, by title."""
    return [(t, len(t.parsed.get("fields", []))) for t in ReportTemplate.objects.order_by("title")]


def template_label(template: ReportTemplate) -> str:
    count = len(template.parsed.get("fields", []))
    return _("%(title)s (%(slug)s, %(count)d fields)") % {
        "title": template.title,
        "slug": template.slug,
        "count": count,
    }


def template_fields(template: ReportTemplate) -> list[dict[str, Any]]:
    """The template's fields as parsed at import (id, label, type, options, units...)."""
    return list(template.parsed.get("fields", []))


def derived_outputs(rule_ids: list[str]) -> dict[str, Any]:
    """Field id -> RuleOutput for every field the exercise's rule sets derive."""
    from reporting.rules import RuleError, load_ruleset
    from reporting.rules.outputs import rule_outputs

    outputs: dict[str, Any] = {}
    for rule_id in rule_ids:
        try:
            outputs.update(rule_outputs(load_ruleset(rule_id)))
        except (RuleError, ValueError):
            continue  # refused when the exercise is saved; nothing to offer here
    return outputs


def exercise_homes(user) -> list[tuple[int, str]]:
    """Where this user may create an exercise: the courses they teach (staff: every
    course) and, for everyone who teaches, the exercise library (an ExerciseIndexPage)."""
    from courses.exercises.models import ExerciseIndexPage
    from courses.models import CoursePage
    from courses.teaching import is_staff

    courses = CoursePage.objects.order_by("title")
    if not is_staff(user):
        courses = courses.filter(teaching_staff=user)
    homes = [(c.pk, _("Course: %(title)s") % {"title": c.title}) for c in courses]
    homes += [
        (i.pk, _("Exercise library: %(title)s") % {"title": i.title})
        for i in ExerciseIndexPage.objects.order_by("title")
    ]
    return homes


def has_exercise_library() -> bool:
    from courses.exercises.models import ExerciseIndexPage

    return ExerciseIndexPage.objects.exists()
