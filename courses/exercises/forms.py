"""Forms: the trainee's report form, built from the MRRT template, and instructor forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.exercises.models import CaseKind
from courses.exercises.services import MAX_CASE_BYTES, MAX_GENERATE, MAX_TEMPLATE_BYTES
from courses.exercises.wording import typeset


def _number(value: float | None) -> str | None:
    if value is None:
        return None
    return f"{value:g}"


def build_form_field(spec: dict[str, Any]) -> forms.Field:
    """A Django form field for one template field (template_to_dict's field dict)."""
    label = spec.get("label") or spec["id"]
    units = spec.get("units")
    attrs: dict[str, Any] = {}
    if units:
        attrs["aria-describedby"] = f"id_{spec['id']}_units"
    kind = spec.get("type")
    if kind == "NUMBER":
        for key in ("min", "max", "step"):
            if spec.get(key) is not None:
                attrs[key] = _number(spec[key])
        attrs.setdefault("step", "any")
        attrs["inputmode"] = "decimal"
        return forms.FloatField(
            label=label,
            required=False,
            min_value=spec.get("min"),
            max_value=spec.get("max"),
            widget=forms.NumberInput(attrs=attrs),
        )
    if kind == "SELECTION_LIST":
        choices = [(o["value"], typeset(o["label"] or o["value"])) for o in spec.get("options", [])]
        if spec.get("multiple"):
            return forms.MultipleChoiceField(
                label=label,
                required=False,
                choices=choices,
                widget=forms.CheckboxSelectMultiple(attrs=attrs),
            )
        return forms.ChoiceField(
            label=label,
            required=False,
            choices=[("", _("— choose —")), *choices],
            widget=forms.Select(attrs=attrs),
        )
    if kind == "CHECKBOX":
        return forms.BooleanField(label=label, required=False, widget=forms.CheckboxInput(attrs))
    if kind == "DATE":
        return forms.DateField(
            label=label, required=False, widget=forms.DateInput(attrs={**attrs, "type": "date"})
        )
    if kind == "TIME":
        return forms.TimeField(
            label=label, required=False, widget=forms.TimeInput(attrs={**attrs, "type": "time"})
        )
    if spec.get("multiline"):
        return forms.CharField(
            label=label,
            required=False,
            max_length=4000,
            widget=forms.Textarea(attrs={**attrs, "rows": 4}),
        )
    return forms.CharField(
        label=label, required=False, max_length=1000, widget=forms.TextInput(attrs)
    )


class ReportForm(forms.Form):
    """The report form for a template; clean() runs the engine's check_values."""

    def __init__(self, *args, template_fields: list[dict[str, Any]], exercise=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.template_fields = template_fields
        self.exercise = exercise
        self.specs = {spec["id"]: spec for spec in template_fields}
        for spec in template_fields:
            self.fields[spec["id"]] = build_form_field(spec)

    def _engine_value(self, name: str, value: Any) -> Any:
        """A cleaned value in the engine's type; None for an empty field."""
        spec = self.specs.get(name)
        if spec is None or value is None or value == "" or value == []:
            return None
        if spec.get("type") == "CHECKBOX":
            return True if value else None
        if spec.get("type") == "DATE" and hasattr(value, "isoformat"):
            return value.isoformat()
        if spec.get("type") == "TIME" and hasattr(value, "isoformat"):
            return value.isoformat(timespec="minutes")
        return value

    def values(self) -> dict[str, Any]:
        """Cleaned data in the engine's value types; empty fields are left out."""
        out: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            value = self._engine_value(name, value)
            if value is not None:
                out[name] = value
        return out

    def typed_values(self) -> dict[str, Any]:
        """What the trainee typed, whether or not the whole form is valid: each field
        cleaned on its own, a value that does not clean kept as typed."""
        out: dict[str, Any] = {}
        for name, form_field in self.fields.items():
            raw = form_field.widget.value_from_datadict(
                self.data, self.files, self.add_prefix(name)
            )
            try:
                value = self._engine_value(name, form_field.clean(raw))
            except ValidationError:
                value = raw or None
            if value is not None:
                out[name] = value
        return out

    def clean(self):
        cleaned = super().clean()
        if self.exercise is not None and not self.errors:
            from courses.exercises.services import ExerciseError, check_report_values

            try:
                check_report_values(exercise=self.exercise, values=self.values())
            except ExerciseError as error:
                if error.field in self.fields:
                    self.add_error(error.field, error.message)
                else:
                    raise ValidationError(error.message)
        return cleaned

    def link_errors(self) -> None:
        """aria-invalid and aria-describedby for every field with an error."""
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            described = widget.attrs.get("aria-describedby", "")
            widget.attrs["aria-describedby"] = f"{described} id_{name}_errors".strip()
            widget.attrs["aria-invalid"] = "true"

    def sections(self) -> list[dict[str, Any]]:
        """Bound fields grouped by template section, in document order."""
        groups: list[dict[str, Any]] = []
        index: dict[Any, dict[str, Any]] = {}
        for spec in self.template_fields:
            key = spec.get("section")
            if key not in index:
                index[key] = {"id": key, "title": spec.get("section_title") or "", "fields": []}
                groups.append(index[key])
            bound = self[spec["id"]]
            index[key]["fields"].append(
                {
                    "bound": bound,
                    "spec": spec,
                    "group": spec.get("type") == "SELECTION_LIST" and spec.get("multiple"),
                }
            )
        return groups


def with_section_titles(parsed: dict[str, Any]) -> list[dict[str, Any]]:
    """The flat field list with the title of each field's section chain added."""
    titles: dict[str, str] = {}

    def walk(items: list[dict[str, Any]], trail: list[str]) -> None:
        for item in items:
            if item.get("kind") == "section":
                chain = [*trail, item.get("title") or ""]
                titles[item["id"]] = " — ".join(t for t in chain if t)
                walk(item.get("children", []), chain)

    walk(parsed.get("sections", []), [])
    return [{**f, "section_title": titles.get(f.get("section"), "")} for f in parsed["fields"]]


# --- Instructor forms -------------------------------------------------------------------


class CaseUploadForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=CaseKind.choices)
    file = forms.FileField(
        label=gettext_lazy("DICOM-SR file"),
        help_text=gettext_lazy("A DICOM Structured Report, at most 10 MB."),
    )
    deidentify = forms.BooleanField(
        required=False,
        label=gettext_lazy("De-identify it for me"),
        help_text=gettext_lazy(
            "If the file contains patient data, store a de-identified copy instead "
            "(PS3.15 Basic profile with Clean Structured Content); the original is discarded."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CASE_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."))
        return upload


class GenerateCasesForm(forms.Form):
    kind = forms.ChoiceField(choices=[c for c in CaseKind.choices if c[0] != CaseKind.OTHER])
    count = forms.IntegerField(min_value=1, max_value=MAX_GENERATE, initial=6)
    seed = forms.IntegerField(min_value=0, max_value=2**31 - 1, initial=1)


class TemplateImportForm(forms.Form):
    title = forms.CharField(max_length=200, required=False)
    slug = forms.SlugField(
        max_length=100,
        label=gettext_lazy("Template id"),
        help_text=gettext_lazy("Letters, digits and hyphens."),
    )
    file = forms.FileField(
        required=False,
        label=gettext_lazy("MRRT HTML file"),
        help_text=gettext_lazy("At most 2 MB."),
    )
    html = forms.CharField(
        required=False,
        label=gettext_lazy("Or paste the HTML"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean(self):
        cleaned = super().clean()
        upload, html = cleaned.get("file"), cleaned.get("html")
        if upload is None and not html:
            raise ValidationError(_("Choose a file or paste the template's HTML."))
        if upload is not None:
            if upload.size > MAX_TEMPLATE_BYTES:
                self.add_error("file", _("The file is larger than 2 MB."))
                return cleaned
            cleaned["source"] = upload.read()
        else:
            if len(html.encode("utf-8")) > MAX_TEMPLATE_BYTES:
                self.add_error("html", _("The HTML is larger than 2 MB."))
                return cleaned
            cleaned["source"] = html
        return cleaned
