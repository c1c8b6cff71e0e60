"""The case workspace's actions (save, transfer, derive, apply, submit), one call per
posted form: the view parses the request and renders what this returns."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, ngettext

from courses.exercises.models import ExercisePage, SampleCase, Submission
from courses.exercises.services.errors import ExerciseError
from courses.exercises.services.keys import case_transfer
from courses.exercises.services.submissions import save_draft, submit
from members.models import User

ACTIONS = ("save", "transfer", "derive", "apply", "submit", "confirm_submit")
NEEDS_VALID_FORM = ("save", "derive", "apply", "submit", "confirm_submit")


@dataclass
class WorkspaceOutcome:
    """What an action did. ``values``: what the form shows again (None: the posted form
    as it is); ``submission``: set when the report was submitted (redirect to it)."""

    step: str
    values: dict[str, Any] | None = None
    submission: Submission | None = None
    message: str = ""
    conflicts: list[dict[str, str]] = field(default_factory=list)
    transfer_notes: list[dict[str, Any]] = field(default_factory=list)
    show_derived: bool = False
    empty_fields: list[dict[str, str]] = field(default_factory=list)


def workspace_action(
    *,
    user: User,
    exercise: ExercisePage,
    case: SampleCase,
    action: str,
    values: Mapping[str, Any],
    preview: bool = False,
    overwrite: Collection[str] = (),
    apply_field: str | None = None,
    for_attempt: int | None = None,
) -> WorkspaceOutcome:
    """Run one workspace action. ``values``: the report's values (checked by the form for
    every action but transfer, which takes whatever was typed). Raises ExerciseError
    (structured: ``field`` names the field at fault) when the action is refused."""
    from courses.exercises import workspace_selectors

    if action == "transfer":
        moved = case_transfer(exercise=exercise, case=case)
        merged = workspace_selectors.transfer_merge(
            exercise=exercise,
            transferred=moved.get("values", {}),
            typed=values,
            overwrite=overwrite,
        )
        return WorkspaceOutcome(
            "transferred",
            values=merged["values"],
            conflicts=merged["conflicts"],
            transfer_notes=moved.get("notes", []),
            message=ngettext(
                "Transferred %(count)s measurement from the case.",
                "Transferred %(count)s measurements from the case.",
                merged["filled"],
            )
            % {"count": merged["filled"]},
        )
    if action == "derive":
        return WorkspaceOutcome("derived", show_derived=exercise.show_derived)
    if action == "apply":
        if not exercise.show_derived or not apply_field:
            raise ExerciseError(gettext("Derived values are not shown in this exercise."))
        value = workspace_selectors.derived_value(
            exercise=exercise, values=values, field_id=apply_field
        )
        if value is None:
            raise ExerciseError(
                gettext("The rules cannot derive this field from your values yet."),
                field=apply_field,
            )
        return WorkspaceOutcome(
            "applied",
            values={**values, apply_field: value},
            show_derived=True,
            message=gettext("Applied the derived value. Check it before you submit."),
        )
    if preview:
        return WorkspaceOutcome(
            "preview", message=gettext("Preview: nothing is saved or submitted.")
        )
    if action == "submit":
        # Nothing is graded and no attempt is used until the trainee confirms.
        save_draft(user=user, exercise=exercise, case=case, values=values)
        return WorkspaceOutcome(
            "confirm",
            empty_fields=workspace_selectors.empty_graded_fields(
                exercise=exercise, case=case, values=values
            ),
        )
    if action == "confirm_submit":
        submission = submit(
            user=user, exercise=exercise, case=case, values=values, for_attempt=for_attempt
        )
        return WorkspaceOutcome("submitted", submission=submission)
    save_draft(user=user, exercise=exercise, case=case, values=values)
    return WorkspaceOutcome("saved", message=gettext("Draft saved."))
