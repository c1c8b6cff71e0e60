"""Instructor forms for building an exercise: choosers for what exists (templates, the
engine's mappings and rule sets, cases), a pass mark in percent, a rubric editor per
template field and an answer-key form whose inputs have each field's own type. No engine
id is typed and no JSON is written by hand."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.exercises import catalogue
from courses.exercises.models import ReportTemplate, SampleCase

NO_MAPPING = ""


class PercentField(forms.DecimalField):
    """A pass mark typed in percent (70) and stored as a share of the points (0.70)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Pass mark (%)"))
        kwargs.setdefault(
            "help_text", _("Percentage of the points a report needs to pass, from 0 to 100.")
        )
        super().__init__(
            min_value=0,
            max_value=100,
            decimal_places=0,
            max_digits=3,
            error_messages={
                "invalid": _("Enter the pass mark as a whole percentage, e.g. 70."),
                "min_value": _("The pass mark is a percentage from 0 to 100."),
                "max_value": _("The pass mark is a percentage from 0 to 100."),
                "max_decimal_places": _("Enter the pass mark as a whole percentage, e.g. 70."),
                "max_digits": _("The pass mark is a percentage from 0 to 100."),
            },
            **kwargs,
        )
        self.widget.attrs.update({"inputmode": "numeric", "step": "1"})

    def clean(self, value: Any) -> Decimal | None:
        percent = super().clean(value)
        if percent is None:
            return None
        return (percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percent_of(fraction: Any) -> int:
    try:
        return int((Decimal(str(fraction)) * 100).quantize(Decimal("1")))
    except (InvalidOperation, TypeError):
        return 70


class TemplateChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Report template"))
        kwargs.setdefault("empty_label", _("— choose a template —"))
        super().__init__(queryset=ReportTemplate.objects.order_by("title"), **kwargs)

    def label_from_instance(self, obj: ReportTemplate) -> str:
        return catalogue.template_label(obj)

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
            raise ValidationError(
                _("There is no such template; the templates are: %(all)s.")
                % {"all": "; ".join(catalogue.template_label(t) for t in self.queryset)},
                code="invalid_choice",
            ) from None


class ListingChoiceField(forms.ChoiceField):
    """A choice outside the list is refused with the list of what exists."""

    def validate(self, value: Any) -> None:
        if value and not self.valid_value(value):
            raise ValidationError(
                _("“%(value)s” does not exist; choose one of: %(all)s.")
                % {"value": value, "all": ", ".join(str(k) for k, _label in self.choices if k)},
                code="invalid_choice",
            )
        super().validate(value)


def mapping_field(**kwargs: Any) -> forms.ChoiceField:
    choices = [(NO_MAPPING, _("No mapping: I enter the answer key by hand"))] + [
        (m.id, m.label()) for m in catalogue.mapping_choices()
    ]
    return ListingChoiceField(
        label=_("Mapping (measurements from the case into the template)"),
        choices=choices,
        required=False,
        widget=forms.RadioSelect,
        **kwargs,
    )


class RuleSetsField(forms.MultipleChoiceField):
    """Rule sets as checkboxes; cleaned to the model's comma-separated ids."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Rule sets (fields they derive)"))
        kwargs.setdefault("required", False)
        super().__init__(
            choices=[(r.id, r.label()) for r in catalogue.rule_set_choices()], **kwargs
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        return value

    def validate(self, value: Any) -> None:
        unknown = [v for v in value or [] if not self.valid_value(v)]
        if unknown:
            raise ValidationError(
                _("No rule set “%(value)s”; choose from: %(all)s.")
                % {"value": ", ".join(unknown), "all": ", ".join(k for k, _label in self.choices)},
                code="invalid_choice",
            )
        super().validate(value)

    def clean(self, value: Any) -> str:
        return ",".join(super().clean(value))


def check_choices_fit(form: forms.Form, template: ReportTemplate | None) -> None:
    """A mapping or rule set made for another template is refused with those that fit."""
    if template is None:
        return
    mapping_id = form.cleaned_data.get("mapping_id") or ""
    mapping = catalogue.mapping_choice(mapping_id) if mapping_id else None
    fitting = [m.id for m in catalogue.mapping_choices() if m.template == template.slug]
    if mapping is not None and mapping.template != template.slug:
        form.add_error(
            "mapping_id",
            _(
                "The mapping “%(mapping)s” fills the template “%(other)s”, not “%(template)s”."
                " Mappings for this template: %(fitting)s."
            )
            % {
                "mapping": mapping.id,
                "other": mapping.template,
                "template": template.slug,
                "fitting": ", ".join(fitting) or _("none (enter the key by hand)"),
            },
        )
    for rule_id in [r for r in (form.cleaned_data.get("rule_set_ids") or "").split(",") if r]:
        ruleset = catalogue.rule_set_choice(rule_id)
        if ruleset is not None and ruleset.template not in (None, template.slug):
            fits = [
                r.id for r in catalogue.rule_set_choices() if r.template in (None, template.slug)
            ]
            form.add_error(
                "rule_set_ids",
                _(
                    "The rule set “%(rules)s” is for the template “%(other)s”. Rule sets for"
                    " this template: %(fitting)s."
                )
                % {
                    "rules": rule_id,
                    "other": ruleset.template,
                    "fitting": ", ".join(fits) or _("none"),
                },
            )


class ExerciseSetupForm(forms.Form):
    """Step 1: what the exercise is and where it lives."""

    title = forms.CharField(label=_("Title"), max_length=255)
    parent = forms.ChoiceField(label=_("Course"))
    instructions = forms.CharField(
        label=_("Instructions for trainees"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    report_template = TemplateChoiceField()
    mapping_id = mapping_field()
    rule_set_ids = RuleSetsField()
    pass_mark = PercentField(initial=70)
    attempts_allowed = forms.IntegerField(
        label=_("Attempts per case"),
        min_value=0,
        max_value=100,
        initial=3,
        help_text=_("0 means unlimited."),
    )

    def __init__(self, *args: Any, parents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [(str(pk), title) for pk, title in parents]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        check_choices_fit(self, cleaned.get("report_template"))
        return cleaned


class CaseChoiceForm(forms.Form):
    """Step 2: the cases trainees report, chosen from the library."""

    cases = forms.ModelMultipleChoiceField(
        label=_("Cases"),
        queryset=SampleCase.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one case, or generate some below.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cases"]
        field.queryset = SampleCase.objects.order_by("kind", "title", "pk")
        field.label_from_instance = lambda c: f"{c.title} ({c.get_kind_display()})"


class RubricForm(forms.Form):
    """Step 3: per template field, its weight, a tolerance for measurements and other
    answers accepted for choices; empty inputs keep what the engine gives."""

    def __init__(
        self, *args: Any, template_fields: list[dict[str, Any]], rubric: dict, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.template_fields = template_fields
        initial = self.initial
        for spec in template_fields:
            fid = spec["id"]
            current = rubric.get(fid, {})
            self.fields[f"weight__{fid}"] = forms.FloatField(
                label=_("Weight (points)"), required=False, min_value=0, max_value=100
            )
            initial.setdefault(f"weight__{fid}", current.get("weight"))
            if spec.get("type") == "NUMBER":
                self.fields[f"tolerance__{fid}"] = forms.FloatField(
                    label=_("Tolerance ±%(unit)s") % {"unit": spec.get("units") or ""},
                    required=False,
                    min_value=0,
                    max_value=1e6,
                )
                initial.setdefault(f"tolerance__{fid}", (current.get("tolerance") or {}).get("abs"))
            if spec.get("type") == "SELECTION_LIST" and spec.get("options"):
                self.fields[f"synonyms__{fid}"] = forms.CharField(
                    label=_("Other options accepted as right"),
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    help_text=_(
                        "One line per option: key option = other option, other option"
                        " (e.g. an adjacent category accepted as right)."
                    ),
                )
                initial.setdefault(
                    f"synonyms__{fid}",
                    "\n".join(
                        f"{option} = {', '.join(words)}"
                        for option, words in (current.get("synonyms") or {}).items()
                    ),
                )

    def groups(self) -> list[dict[str, Any]]:
        out = []
        for spec in self.template_fields:
            fid = spec["id"]
            names = [f"{kind}__{fid}" for kind in ("weight", "tolerance", "synonyms")]
            out.append({"spec": spec, "fields": [self[n] for n in names if n in self.fields]})
        return out

    def _synonyms(self, spec: dict[str, Any], text: str) -> dict[str, list[str]]:
        options = [o["value"] for o in spec.get("options", [])]
        parsed: dict[str, list[str]] = {}
        for line in text.splitlines():
            if not line.strip():
                continue
            option, sep, words = line.partition("=")
            option = option.strip()
            if not sep or option not in options:
                raise ValidationError(
                    _(
                        "“%(line)s”: start the line with an option of this field"
                        " (%(options)s) and =."
                    )
                    % {"line": line.strip(), "options": ", ".join(options)}
                )
            alternatives = [w.strip() for w in words.split(",") if w.strip()]
            unknown = [w for w in alternatives if w not in options]
            if unknown:
                raise ValidationError(
                    _("“%(words)s”: not options of this field (%(options)s).")
                    % {"words": ", ".join(unknown), "options": ", ".join(options)}
                )
            if alternatives:
                parsed[option] = alternatives
        return parsed

    def rubric(self) -> dict[str, dict[str, Any]]:
        """The rubric as the engine reads it (RUBRIC_KEYS), from the cleaned inputs."""
        out: dict[str, dict[str, Any]] = {}
        for spec in self.template_fields:
            fid = spec["id"]
            entry: dict[str, Any] = {}
            weight = self.cleaned_data.get(f"weight__{fid}")
            if weight is not None:
                entry["weight"] = weight
            tolerance = self.cleaned_data.get(f"tolerance__{fid}")
            if tolerance is not None:
                entry["tolerance"] = {"abs": tolerance}
            if self.cleaned_data.get(f"synonyms__{fid}"):
                entry["synonyms"] = self.cleaned_data[f"synonyms__{fid}"]
            if entry:
                out[fid] = entry
        return out

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for spec in self.template_fields:
            name = f"synonyms__{spec['id']}"
            if cleaned.get(name):
                try:
                    cleaned[name] = self._synonyms(spec, cleaned[name])
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned
