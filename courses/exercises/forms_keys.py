"""The answer-key form of one case: every field's right answer in an input of the field's
own type (the template's options for coded fields, numbers with their unit for
measurements), never JSON."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


def _unit_suffix(spec: dict[str, Any]) -> str:
    return f" ({spec['units']})" if spec.get("units") else ""


CHECKBOX_CHOICES = [("", _("— not keyed —")), ("yes", _("Ticked")), ("no", _("Not ticked"))]


def answer_field(spec: dict[str, Any], allowed: list[str] | None) -> forms.Field:
    """The input for a field's right answer, of the field's own type."""
    label = (spec.get("label") or spec["id"]) + _unit_suffix(spec)
    kind = spec.get("type")
    if kind == "NUMBER":
        attrs = {"step": "any", "inputmode": "decimal"}
        return forms.FloatField(
            label=label,
            required=False,
            min_value=spec.get("min"),
            max_value=spec.get("max"),
            widget=forms.NumberInput(attrs=attrs),
        )
    if kind == "SELECTION_LIST":
        options = [(o["value"], o.get("label") or o["value"]) for o in spec.get("options", [])]
        if spec.get("multiple"):
            return forms.MultipleChoiceField(
                label=label, required=False, choices=options, widget=forms.CheckboxSelectMultiple
            )
        if allowed is not None:
            options = [o for o in options if o[0] in allowed]
        return forms.ChoiceField(
            label=label, required=False, choices=[("", _("— not keyed —")), *options]
        )
    if kind == "CHECKBOX":
        return forms.ChoiceField(label=label, required=False, choices=CHECKBOX_CHOICES)
    return forms.CharField(label=label, required=False, max_length=1000)


class KeyAnswersForm(forms.Form):
    """The right answer of every field for one case, each an input of the field's type,
    filled with the key in force (the engine's, or an earlier override). A changed
    answer becomes an override, checked by the service against template and rules."""

    def __init__(
        self,
        *args: Any,
        template_fields: list[dict[str, Any]],
        effective: dict[str, Any],
        derivable: dict[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.template_fields = [
            spec
            for spec in template_fields
            if (effective.get(spec["id"]) or {}).get("comparator") != "keywords"
        ]
        for spec in self.template_fields:
            fid = spec["id"]
            output = derivable.get(fid)
            allowed = (
                [str(v) for v in output.values]
                if output is not None and output.values is not None
                else None
            )
            self.fields[fid] = answer_field(spec, allowed)
            expected = (effective.get(fid) or {}).get("expected")
            if spec.get("type") == "CHECKBOX" and isinstance(expected, bool):
                expected = "yes" if expected else "no"
            self.initial.setdefault(fid, expected)

    def answers(self) -> dict[str, Any]:
        """Field id -> the answer typed (None: nothing expected), in the engine's value
        types, for the fields the post holds."""
        out: dict[str, Any] = {}
        for spec in self.template_fields:
            if spec["id"] not in self.data:
                continue  # not sent (a partial post, or a group with nothing ticked): kept
            value = self.cleaned_data.get(spec["id"])
            if value in ("", [], None):
                value = None
            elif spec.get("type") == "CHECKBOX":
                value = value == "yes"
            out[spec["id"]] = value
        return out
