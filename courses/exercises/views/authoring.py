"""The guided flow that builds an exercise: set up (template, mapping, rule sets, pass
mark), cases, rubric, answer keys, preview and publish. Thin: forms parse, services
write, ``catalogue`` lists what can be chosen."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from courses.exercises import catalogue, selectors, services
from courses.exercises.forms import GenerateCasesForm
from courses.exercises.forms_authoring import (
    CaseChoiceForm,
    ExerciseSetupForm,
    RubricForm,
)
from courses.exercises.forms_keys import KeyAnswersForm
from courses.exercises.services import authoring
from courses.exercises.views.lookups import case_or_404, taught_exercise_or_403
from members.decorators import teaching_staff_required


def _steps(exercise, current: str) -> list[dict]:
    names = [
        ("setup", _("Set up"), None),
        ("cases", _("Cases"), "exercise-author-cases"),
        ("rubric", _("Rubric"), "exercise-author-rubric"),
        ("keys", _("Answer keys"), "exercise-author-keys"),
        ("preview", _("Preview and publish"), "exercise-author-preview"),
    ]
    return [
        {"name": name, "title": title, "url_name": url, "current": name == current}
        for name, title, url in names
    ]


def _context(exercise, step: str, **extra) -> dict:
    return {"exercise": exercise, "steps": _steps(exercise, step), "step": step, **extra}


def _homes(user) -> list[tuple[int | str, str]]:
    homes: list[tuple[int | str, str]] = list(catalogue.exercise_homes(user))
    if not catalogue.has_exercise_library():
        homes.append((authoring.LIBRARY, _("Exercise library (made for you)")))
    return homes


@teaching_staff_required
@require_http_methods(["GET", "POST"])
def exercise_new(request: HttpRequest) -> HttpResponse:
    homes = _homes(request.user)
    form = ExerciseSetupForm(request.POST or None, parents=homes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exercise = authoring.create_exercise(
                user=request.user,
                parent_id=data["parent"],
                title=data["title"],
                report_template=data["report_template"],
                mapping_id=data["mapping_id"],
                rule_set_ids=data["rule_set_ids"],
                pass_mark=data["pass_mark"],
                attempts_allowed=data["attempts_allowed"],
                instructions=data["instructions"],
                homes=homes,
            )
        except services.ExerciseError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("Draft exercise “%(title)s” created. Now choose its cases.")
                % {"title": exercise.title},
            )
            return redirect("exercise-author-cases", exercise_id=exercise.pk)
    return render(
        request,
        "exercises/manage/author/setup.html",
        _context(None, "setup", form=form, mappings=catalogue.mapping_choices()),
        status=400 if form.is_bound and form.errors else 200,
    )


@teaching_staff_required
@require_http_methods(["GET", "POST"])
def author_cases(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = taught_exercise_or_403(request, exercise_id)
    choose = CaseChoiceForm(initial={"cases": list(exercise.cases.all())})
    generate = GenerateCasesForm(prefix="generate")
    if request.method == "POST" and request.POST.get("action") == "generate":
        generate = GenerateCasesForm(request.POST, prefix="generate")
        if generate.is_valid():
            try:
                rows = services.generate_cases(
                    kind=generate.cleaned_data["kind"],
                    count=generate.cleaned_data["count"],
                    seed=generate.cleaned_data["seed"],
                    user=request.user,
                )
                authoring.set_exercise_cases(
                    exercise=exercise,
                    cases=[*exercise.cases.all(), *rows],
                    user=request.user,
                )
            except services.ExerciseError as error:
                generate.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d case generated and added to the exercise.",
                        "%(count)d cases generated and added to the exercise.",
                        len(rows),
                    )
                    % {"count": len(rows)},
                )
                return redirect("exercise-author-cases", exercise_id=exercise.pk)
    elif request.method == "POST":
        choose = CaseChoiceForm(request.POST)
        if choose.is_valid():
            try:
                authoring.set_exercise_cases(
                    exercise=exercise, cases=list(choose.cleaned_data["cases"]), user=request.user
                )
            except services.ExerciseError as error:
                choose.add_error("cases", error.message)
            else:
                messages.success(request, _("Cases saved; their answer keys are derived."))
                return redirect("exercise-author-rubric", exercise_id=exercise.pk)
    failed = (choose.is_bound and choose.errors) or (generate.is_bound and generate.errors)
    return render(
        request,
        "exercises/manage/author/cases.html",
        _context(exercise, "cases", form=choose, generate=generate),
        status=400 if failed else 200,
    )


@teaching_staff_required
@require_http_methods(["GET", "POST"])
def author_rubric(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = taught_exercise_or_403(request, exercise_id)
    fields = catalogue.template_fields(exercise.report_template)
    form = RubricForm(request.POST or None, template_fields=fields, rubric=exercise.rubric or {})
    if request.method == "POST" and form.is_valid():
        try:
            authoring.set_rubric(exercise=exercise, rubric=form.rubric(), user=request.user)
        except services.ExerciseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Rubric saved."))
            return redirect("exercise-author-keys", exercise_id=exercise.pk)
    return render(
        request,
        "exercises/manage/author/rubric.html",
        _context(exercise, "rubric", form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


@teaching_staff_required
@require_http_methods(["GET"])
def author_keys(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = taught_exercise_or_403(request, exercise_id)
    return render(
        request,
        "exercises/manage/author/keys.html",
        _context(exercise, "keys", rows=selectors.key_rows(exercise)),
    )


@teaching_staff_required
@require_http_methods(["GET", "POST"])
def key_detail(request: HttpRequest, exercise_id: int, case_id: int) -> HttpResponse:
    """One case's key: every field's right answer in an input of its own type."""
    exercise = taught_exercise_or_403(request, exercise_id)
    case = case_or_404(exercise, case_id)
    answer_key = selectors.stored_key(exercise, case)
    if request.method == "POST" and request.POST.get("action") == "rederive":
        services.derive_key(exercise=exercise, case=case)
        messages.success(request, _("Key derived again from the case (your answers kept)."))
        return redirect("exercise-key", exercise_id=exercise.pk, case_id=case.pk)
    if answer_key is None:
        return render(
            request,
            "exercises/manage/key.html",
            _context(exercise, "keys", case=case, key=None),
        )
    effective = services.effective_key(answer_key=answer_key, exercise=exercise)["fields"]
    form = KeyAnswersForm(
        request.POST or None,
        template_fields=catalogue.template_fields(exercise.report_template),
        effective=effective,
        derivable=catalogue.derived_outputs(exercise.rule_ids()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            authoring.set_key_answers(answer_key=answer_key, answers=form.answers())
        except authoring.KeyAnswersRefused as refused:
            for field_id, message in refused.errors.items():
                form.add_error(field_id if field_id in form.fields else None, message)
        except services.ExerciseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Answer key saved. Start a regrade to apply it to past submissions."),
            )
            return redirect("exercise-key", exercise_id=exercise.pk, case_id=case.pk)
    derived = (answer_key.derived or {}).get("fields", {})
    rows = [
        {
            "bound": form[spec["id"]],
            "spec": spec,
            "engine": (derived.get(spec["id"]) or {}).get("expected"),
            "engine_keyed": spec["id"] in derived,
            "overridden": "expected" in (answer_key.overrides.get(spec["id"]) or {}),
            "rule": (effective.get(spec["id"]) or {}).get("rule"),
            "group": spec.get("type") == "SELECTION_LIST" and spec.get("multiple"),
        }
        for spec in form.template_fields
    ]
    return render(
        request,
        "exercises/manage/key.html",
        _context(
            exercise,
            "keys",
            case=case,
            key=answer_key,
            form=form,
            rows=rows,
            notes=answer_key.transfer.get("notes", []),
        ),
        status=400 if form.is_bound and form.errors else 200,
    )


@teaching_staff_required
@require_http_methods(["GET", "POST"])
def author_preview(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = taught_exercise_or_403(request, exercise_id)
    problems: list[str] = []
    if request.method == "POST":
        try:
            authoring.publish_exercise(exercise=exercise, user=request.user)
        except services.ExerciseError as error:
            problems = error.details or [error.message]
        else:
            messages.success(
                request,
                _("“%(title)s” is published: trainees can now report its cases.")
                % {"title": exercise.title},
            )
            return redirect("exercise-manage")
    else:
        problems = authoring.publish_problems(exercise=exercise)
    return render(
        request,
        "exercises/manage/author/preview.html",
        _context(
            exercise,
            "preview",
            problems=problems,
            cases=list(exercise.cases.all()),
            mapping=catalogue.mapping_choice(exercise.mapping_id),
            rule_sets=[catalogue.rule_set_choice(r) for r in exercise.rule_ids()],
            percent=round(float(exercise.pass_mark) * 100),
        ),
        status=400 if request.method == "POST" and problems else 200,
    )
