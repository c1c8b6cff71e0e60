"""Feedback in a teacher's words: the grader's result, field by field, for the trainee.

The engine's feedback (``GradeResult.feedback``) stays as the engine wrote it: exports,
regrades and tests read it. Here each line is said again in clinical words, from the
structured parts of the line (comparator, expected, given, implied value), the template's
labels and units, the answer key's tolerances and keywords, and the criterion the rule
set's own data names (``reporting.rules.explain``): its author text and citation. Nothing
here invents a reference: a source is shown only where the rule set has one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.exercises.wording import (
    criterion_sentence,
    format_value,
    is_empty,
    number_text,
    sentence_label,
    typeset,
    unit_suffix,
)
from reporting.rules.explain import Criterion, criterion_for

__all__ = ["feedback_rows", "field_line", "typeset"]


def _tolerance(key_field: Mapping[str, Any], expected: Any, unit: str | None) -> str:
    tolerance = key_field.get("tolerance") or {}
    try:
        absolute = float(tolerance.get("abs", 0.0))
        relative = float(tolerance.get("rel", 0.0))
        allowed = max(absolute, relative * abs(float(expected)))
    except (TypeError, ValueError):
        return ""
    if not allowed:
        return ""
    return "±" + number_text(allowed) + unit_suffix(unit)


def _number_line(item, spec, key_field) -> str:
    unit = spec.get("units") or key_field.get("unit")
    shown = {**spec, "units": unit}
    params = {
        "given": format_value(item.get("given"), shown),
        "expected": format_value(item.get("expected"), shown),
        "tolerance": _tolerance(key_field, item.get("expected"), unit),
    }
    if item.get("correct"):
        if params["tolerance"]:
            return _("Correct: %(given)s, within %(tolerance)s of the measured %(expected)s.") % (
                params
            )
        return _("Correct: %(given)s, as measured in the case.") % params
    if params["tolerance"]:
        return (
            _(
                "You reported %(given)s; the case measures %(expected)s "
                "(values within %(tolerance)s are accepted)."
            )
            % params
        )
    return _("You reported %(given)s; the case measures %(expected)s.") % params


def _multi_line(item, spec) -> str:
    expected = item.get("expected") or []
    given = item.get("given") or []
    expected = expected if isinstance(expected, list) else [expected]
    given = given if isinstance(given, list) else [given]
    if item.get("correct"):
        return _("Correct: %(given)s.") % {"given": format_value(given, spec, quote=True)}
    parts = [
        _("You chose %(given)s; the case shows %(expected)s.")
        % {
            "given": format_value(given, spec, quote=True),
            "expected": format_value(expected, spec, quote=True),
        }
    ]
    missing = [v for v in expected if v not in given]
    extra = [v for v in given if v not in expected]
    if missing:
        parts.append(_("Missing: %(items)s.") % {"items": format_value(missing, spec, quote=True)})
    if extra:
        parts.append(
            _("Not in the case: %(items)s.") % {"items": format_value(extra, spec, quote=True)}
        )
    return " ".join(parts)


def _alternatives(terms: Sequence[str]) -> str:
    """“70”, “severe” or “high-grade”: the words that state one key finding."""
    quoted = [f"“{typeset(t)}”" for t in terms[:3]]
    if len(quoted) == 1:
        return quoted[0]
    return _("%(some)s or %(last)s") % {"some": ", ".join(quoted[:-1]), "last": quoted[-1]}


def _keywords_line(item, key_field) -> str:
    from reporting.grading.text import find_mentions, fold

    requirements = key_field.get("keywords")
    if not isinstance(requirements, list) or not requirements:
        return _("Your text earns %(points)s of %(possible)s points for its key findings.") % {
            "points": number_text(float(item.get("points", 0))),
            "possible": number_text(float(item.get("possible", 0))),
        }
    text = fold(str(item.get("given") or ""))
    found, missing = [], []
    for requirement in requirements:
        terms = [str(t) for t in requirement.get("any", [])]
        if not terms:
            continue
        negated = bool(requirement.get("negated"))
        stated = any(find_mentions(text, t)[1 if negated else 0] for t in terms)
        name = _alternatives(terms)
        if negated:
            name = _("no %(finding)s") % {"finding": name}
        (found if stated else missing).append(name)
    if not missing:
        return _("Your text states every key finding: %(found)s.") % {"found": ", ".join(found)}
    if not found:
        return _("Your text does not state the key findings: %(missing)s.") % {
            "missing": ", ".join(missing)
        }
    return _("Your text states %(found)s, but not %(missing)s.") % {
        "found": ", ".join(found),
        "missing": ", ".join(missing),
    }


def _derived_line(item, spec, context) -> str:
    """A derived answer (the stenosis grade): what follows from the case, and from the
    trainee's own values when the grader compared with those."""
    field_id = item["field"]
    given = item.get("given")
    expected = item.get("expected")
    labels = context["labels"]
    case_sentence = criterion_sentence(
        context["case_criterion"](field_id), context["case_values"], labels, spec, own=False
    )
    own = context["own_criterion"](field_id) if "implied_rule" in item else None
    own_sentence = criterion_sentence(own, context["own_values"], labels, spec, own=True)
    implied = item.get("implied")
    differs = not is_empty(implied) and str(implied) != str(expected)
    follows = differs and str(implied).casefold() == str(given).casefold()
    params = {
        "given": format_value(given, spec, quote=True),
        "expected": format_value(expected, spec, quote=True),
    }
    if item.get("correct"):
        if follows:
            lines = [
                _(
                    "Accepted: your measurements, each within tolerance, lead to %(given)s; "
                    "the case's lead to %(expected)s. A measurement near a threshold can "
                    "fall on either side of it."
                )
                % params,
                own_sentence,
                case_sentence,
            ]
        else:
            lines = [_("Correct: %(expected)s.") % params, case_sentence]
    elif follows:
        wrong = [
            sentence_label(labels.get(name, {}).get("label") or name)
            for name in context["inputs"](field_id)
            if name in context["incorrect"]
        ]
        if wrong:
            lines = [
                ngettext(
                    "Your answer, %(given)s, follows from your own values, but your %(fields)s "
                    "differs from the case.",
                    "Your answer, %(given)s, follows from your own values, but your %(fields)s "
                    "differ from the case.",
                    len(wrong),
                )
                % {**params, "fields": _(" and ").join(wrong)},
                own_sentence,
                case_sentence,
            ]
        else:
            lines = [
                _("Your answer, %(given)s, follows from your own values, not from the case's.")
                % params,
                own_sentence,
                case_sentence,
            ]
    elif differs:
        lines = [_("You answered %(given)s.") % params, own_sentence, case_sentence]
    else:
        lines = [_("You answered %(given)s.") % params, case_sentence]
    return " ".join(line for line in lines if line)


def field_line(item: Mapping[str, Any], spec: Mapping[str, Any], context: Mapping) -> str:
    """One feedback line in a teacher's words."""
    comparator = item.get("comparator")
    key_field = context["key_fields"].get(item["field"], {})
    given, expected = item.get("given"), item.get("expected")
    if is_empty(given):
        if is_empty(expected):
            return _("Left empty, as the case has nothing to report here.")
        line = _("Left empty; the case shows %(expected)s.") % {
            "expected": format_value(expected, {**spec, "unit": key_field.get("unit")}, quote=True)
        }
        if comparator == "derived":
            case_sentence = criterion_sentence(
                context["case_criterion"](item["field"]),
                context["case_values"],
                context["labels"],
                spec,
                own=False,
            )
            line = f"{line} {case_sentence}".strip()
        return line
    if is_empty(expected) and comparator in ("coded", "derived", "number", "multi"):
        if item.get("correct"):
            return _("Correct: the case has nothing to report here.")
        return _("The case has nothing to report here; this field is left empty.")
    if comparator == "number":
        return _number_line(item, spec, key_field)
    if comparator == "multi":
        return _multi_line(item, spec)
    if comparator == "keywords":
        return _keywords_line(item, key_field)
    if comparator == "text":
        return _("Recorded; free text here is not scored for its content.")
    if comparator == "derived":
        return _derived_line(item, spec, context)
    if item.get("correct"):
        return _("Correct: %(given)s.") % {"given": format_value(given, spec, quote=True)}
    return _("You answered %(given)s; the case shows %(expected)s.") % {
        "given": format_value(given, spec, quote=True),
        "expected": format_value(expected, spec, quote=True),
    }


def feedback_rows(
    feedback: Sequence[Mapping[str, Any]],
    *,
    template_fields: Sequence[Mapping[str, Any]],
    key: Mapping[str, Any] | None,
    given_values: Mapping[str, Any],
    rule_set_ids: Sequence[str],
    engine_detail: bool,
) -> list[dict[str, Any]]:
    """Rows for the result table: the field, the answers as labels, the points, the line
    in words and its source; the engine's own text only when ``engine_detail``."""
    labels = {f["id"]: f for f in template_fields}
    key_fields = dict((key or {}).get("fields") or {})
    case_values = {name: spec.get("expected") for name, spec in key_fields.items()}
    ids = list((key or {}).get("rule_sets") or rule_set_ids)
    incorrect = {item["field"] for item in feedback if not item.get("correct")}
    cache: dict[tuple[bool, str], Criterion | None] = {}

    def criterion(own: bool):
        def find(field_id: str) -> Criterion | None:
            if (own, field_id) not in cache:
                values = given_values if own else case_values
                cache[(own, field_id)] = (
                    criterion_for(ids, field_id, values) if (own or key_fields) else None
                )
            return cache[(own, field_id)]

        return find

    def inputs(field_id: str) -> list[str]:
        return list(key_fields.get(field_id, {}).get("inputs") or [])

    context = {
        "labels": labels,
        "key_fields": key_fields,
        "case_values": case_values,
        "own_values": given_values,
        "case_criterion": criterion(False),
        "own_criterion": criterion(True),
        "inputs": inputs,
        "incorrect": incorrect,
    }
    order = {field_id: index for index, field_id in enumerate(labels)}
    rows = []
    for item in sorted(feedback, key=lambda i: order.get(i["field"], len(order))):
        spec = labels.get(item["field"], {})
        unit = spec.get("units") or key_fields.get(item["field"], {}).get("unit")
        unit_spec = {**spec, "units": unit}
        source = ""
        if item.get("comparator") == "derived" or item.get("source"):
            found = context["case_criterion"](item["field"])
            source = (found.source if found else "") or str(item.get("source") or "")
        rows.append(
            {
                "field": item["field"],
                "label": spec.get("label") or item["field"],
                "units": unit_suffix(unit_spec.get("units")).strip(),
                "expected": _("nothing to report")
                if is_empty(item.get("expected"))
                else format_value(item.get("expected"), unit_spec),
                "given": _("left empty")
                if is_empty(item.get("given"))
                else format_value(item.get("given"), unit_spec),
                "points": round(item.get("points", 0), 2),
                "possible": item.get("possible", 0),
                "correct": item.get("correct", False),
                "why": field_line(item, spec, context),
                "source": typeset(source),
                "engine": _engine_detail(item) if engine_detail else "",
            }
        )
    return rows


def _engine_detail(item: Mapping[str, Any]) -> str:
    parts = [str(item.get("why") or "")]
    for name in ("rule", "implied_rule"):
        if item.get(name):
            parts.append(f"{name}: {item[name]}")
    return " | ".join(p for p in parts if p)
