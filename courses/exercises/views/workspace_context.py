"""What the workspace template needs, gathered from the selectors in one place."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import urlencode

from courses.exercises import selectors, services, workspace_selectors
from courses.exercises.forms import ReportForm
from courses.exercises.models import ExercisePage, SampleCase
from courses.exercises.services.workspace import WorkspaceOutcome


def _shown_values(form: ReportForm) -> dict[str, Any]:
    """The values the form shows: the posted ones (cleaned where they clean) or its
    initial values (a draft, a transfer)."""
    if not form.is_bound:
        return {k: v for k, v in (form.initial or {}).items() if v not in (None, "", [])}
    if form.is_valid():
        return form.values()
    return form.typed_values()


def workspace_context(
    *,
    request: HttpRequest,
    exercise: ExercisePage,
    case: SampleCase,
    form: ReportForm,
    preview: bool,
    outcome: WorkspaceOutcome | None,
) -> dict[str, Any]:
    user = request.user
    values = _shown_values(form)
    draft = None if preview else selectors.current_draft(exercise, user, case)
    kwargs = {"exercise_id": exercise.pk, "case_id": case.pk}
    here = request.path
    return {
        "page": exercise,
        "exercise": exercise,
        "case": case,
        "case_view": selectors.case_view(case),
        "form": form,
        "sections": form.sections(),
        "preview": preview,
        "derived": workspace_selectors.derived_rows(exercise=exercise, values=values)
        if exercise.show_derived
        else None,
        "outcome": outcome,
        "transfer_notes": outcome.transfer_notes if outcome else None,
        "conflicts": outcome.conflicts if outcome else [],
        "confirming": bool(outcome and outcome.step == "confirm"),
        "empty_fields": outcome.empty_fields if outcome else [],
        "graded_fields": " ".join(workspace_selectors.graded_fields(exercise=exercise, case=case)),
        "attempts_left": None if preview else selectors.attempts_left(exercise, user, case),
        "attempt": None
        if preview
        else services.next_attempt(user=user, exercise=exercise, case=case),
        "transfer_url": reverse("exercise-transfer", kwargs=kwargs),
        "autosave_url": "" if preview else reverse("exercise-autosave", kwargs=kwargs),
        "login_url": f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': here})}",
        "draft_key": f"academy-draft:{user.pk}:{exercise.pk}:{case.pk}",
        "draft_saved_at": draft.updated_at.isoformat() if draft else "",
    }
