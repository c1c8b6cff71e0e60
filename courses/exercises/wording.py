"""Values and criteria in words, as the workspace and the feedback show them to trainees:
typeset signs, option labels, numbers with units, and the sentence that names the criterion
a derived value meets (from the rule set's own text, ``reporting.rules.explain``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from reporting.rules.explain import Criterion

_TYPESET = (
    (re.compile(r">="), "≥"),
    (re.compile(r"<="), "≤"),
    (re.compile(r"\+/-"), "±"),
    (re.compile(r"->"), "→"),
    # A range of numbers takes an en dash: 50-69%, 2.0-4.0, pages 340-346.
    (re.compile(r"(?<=\d)-(?=\d)"), "–"),
)


def typeset(text: str) -> str:
    """Comparison signs, ± and number ranges as a printed text writes them."""
    for pattern, replacement in _TYPESET:
        text = pattern.sub(replacement, text)
    return text


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def number_text(value: float) -> str:
    return f"{value:g}"


def unit_suffix(unit: str | None) -> str:
    """The unit as printed after a number: none for UCUM's dimensionless "1"."""
    return f" {unit}" if unit and unit != "1" else ""


def format_value(value: Any, spec: Mapping[str, Any] | None = None, *, quote: bool = False) -> str:
    """A value as the trainee reads it: option labels, numbers with their unit. In a
    sentence (``quote``) an option's label is quoted: “None” is an answer, not a gap."""
    spec = spec or {}
    options = {o["value"]: o.get("label") or o["value"] for o in spec.get("options", [])}
    if is_empty(value):
        return _("nothing")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Mapping) and "value" in value:
        return format_value(value.get("value"), {**spec, "units": value.get("unit")})
    if isinstance(value, list):
        return ", ".join(format_value(v, spec, quote=quote) for v in value)
    if isinstance(value, int | float):
        return number_text(float(value)) + unit_suffix(spec.get("units") or spec.get("unit"))
    shown = typeset(str(options.get(value, value)))
    return f"“{shown}”" if quote else shown


def sentence_label(label: str) -> str:
    """A field label inside a sentence: "Right ICA plaque" -> "right ICA plaque"."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def _facts(criterion: Criterion, values: Mapping[str, Any], labels: Mapping[str, Any]) -> str:
    shown = []
    for name in criterion.fields:
        value = values.get(name)
        if is_empty(value):
            continue
        spec = labels.get(name, {})
        label = sentence_label(spec.get("label") or name)
        params = {"field": label, "value": format_value(value, spec)}
        if isinstance(value, int | float) and not isinstance(value, bool):
            shown.append(_("%(field)s of %(value)s") % params)
        else:
            shown.append(_("%(field)s “%(value)s”") % params)
    return _(" and ").join(shown)


def criterion_sentence(
    criterion: Criterion | None,
    values: Mapping[str, Any],
    labels: Mapping[str, Any],
    output_spec: Mapping[str, Any],
    *,
    own: bool,
) -> str:
    """ "The case's left ICA peak systolic velocity of 250 cm/s meets the criterion for
    ≥70% (ICA PSV > 230 cm/s)." (or "Your ..." for the trainee's own values)."""
    if criterion is None or is_empty(criterion.value):
        return ""
    facts = _facts(criterion, values, labels)
    params = {
        "facts": facts,
        "value": format_value(criterion.value, output_spec, quote=True),
        "why": typeset(criterion.why),
    }
    if own:
        if facts and criterion.why:
            text = _("Your %(facts)s meets the criterion for %(value)s (%(why)s).")
        elif facts:
            text = _("Your %(facts)s gives %(value)s.")
        elif criterion.why:
            text = _("Your values meet the criterion for %(value)s (%(why)s).")
        else:
            text = _("Your values give %(value)s.")
    elif facts and criterion.why:
        text = _("The case's %(facts)s meets the criterion for %(value)s (%(why)s).")
    elif facts:
        text = _("The case's %(facts)s gives %(value)s.")
    elif criterion.why:
        text = _("The case meets the criterion for %(value)s (%(why)s).")
    else:
        text = _("The case's values give %(value)s.")
    return text % params
