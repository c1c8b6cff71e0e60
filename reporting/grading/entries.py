"""The one list of answer-key entry keys (what a rubric or an override may set) and the
checker the site and the engine use for every entry."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reporting.errors import Problem, gettext_noop

COMPARATORS = ("coded", "number", "multi", "derived", "text", "keywords")
DEFAULT_PASS_MARK = 0.7
DEFAULT_TOLERANCE = {"rel": 0.05}  # numbers without a suffix rule below
TEXT_WEIGHT = 0.5  # free text counts for completeness, not content
DERIVED_WEIGHT = 2.0
MAX_NUMBER = 1e9  # far beyond any measurement or weight; float() stays exact enough


@dataclass(frozen=True, slots=True)
class EntryKey:
    """One key an answer-key entry may have; ``rubric``: an exercise may set it for every
    case; ``override``: an instructor may set it for one case; neither: the engine's."""

    name: str
    meaning: str
    rubric: bool
    override: bool


ENTRY_KEYS: tuple[EntryKey, ...] = (
    EntryKey("expected", gettext_noop("the right answer"), False, True),
    EntryKey(
        "comparator",
        gettext_noop("how answers are compared: coded, number, multi, derived, text, keywords"),
        False,
        True,
    ),
    EntryKey("weight", gettext_noop("points the field is worth (0 or more)"), True, True),
    EntryKey("required", gettext_noop("true: an empty answer scores 0"), True, True),
    EntryKey(
        "tolerance",
        gettext_noop('allowed difference for numbers: {"abs": 5} or {"rel": 0.05}'),
        True,
        True,
    ),
    EntryKey("unit", gettext_noop("UCUM unit of the expected number, e.g. cm/s"), False, True),
    EntryKey(
        "synonyms",
        gettext_noop(
            "other answers accepted as the same option: a list, or per option"
            ' {"option": ["other answer", ...]}'
        ),
        True,
        True,
    ),
    EntryKey("keywords", gettext_noop("key findings an impression must mention"), False, True),
    EntryKey("rule", gettext_noop("the rule row that derived the answer (engine)"), False, False),
    EntryKey("source", gettext_noop("the published source of that row (engine)"), False, False),
    EntryKey(
        "inputs", gettext_noop("the fields the answer is derived from (engine)"), False, False
    ),
)
ENTRY_KEY_NAMES = tuple(k.name for k in ENTRY_KEYS)
RUBRIC_KEYS = tuple(k.name for k in ENTRY_KEYS if k.rubric)
OVERRIDE_KEYS = tuple(k.name for k in ENTRY_KEYS if k.override)


def _bad_number(value: Any, minimum: float) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return True
    # Compare before any float(): a 400-digit int does not fit in a float.
    return not minimum <= value <= MAX_NUMBER or not math.isfinite(value)


def check_entry(
    field: str, spec: Any, *, allowed: tuple[str, ...] = ENTRY_KEY_NAMES
) -> list[Problem]:
    """Every problem with one answer-key entry (or a rubric / override part of one)."""
    if not isinstance(spec, Mapping):
        return [Problem(field, "not_an_object", gettext_noop("must be an object"))]
    problems: list[Problem] = []
    unknown = sorted(set(spec) - set(allowed))
    if unknown:
        problems.append(
            Problem(
                field,
                "unknown_key",
                gettext_noop("unknown key(s) %(keys)s (allowed: %(allowed)s)"),
                {"keys": ", ".join(unknown), "allowed": ", ".join(allowed)},
            )
        )
    if "weight" in spec and _bad_number(spec["weight"], 0):
        problems.append(
            Problem(
                field,
                "bad_weight",
                gettext_noop("weight must be a number from 0 to %(max)g"),
                {"max": MAX_NUMBER},
            )
        )
    expected = spec.get("expected")
    if (
        isinstance(expected, int | float)
        and not isinstance(expected, bool)
        and _bad_number(expected, -MAX_NUMBER)
    ):
        problems.append(
            Problem(
                field,
                "bad_expected",
                gettext_noop("expected must be a number from %(min)g to %(max)g"),
                {"min": -MAX_NUMBER, "max": MAX_NUMBER},
            )
        )
    if "tolerance" in spec:
        tolerance = spec["tolerance"]
        if (
            not isinstance(tolerance, Mapping)
            or not set(tolerance) <= {"abs", "rel"}
            or any(_bad_number(v, 0) for v in tolerance.values())
        ):
            problems.append(
                Problem(
                    field,
                    "bad_tolerance",
                    gettext_noop(
                        'tolerance must be {"abs": n} or {"rel": n} with numbers of 0 or more'
                    ),
                )
            )
    if "required" in spec and not isinstance(spec["required"], bool):
        problems.append(
            Problem(field, "bad_required", gettext_noop("required must be true or false"))
        )
    comparator = spec.get("comparator", "coded")
    if comparator not in COMPARATORS:
        problems.append(
            Problem(
                field,
                "unknown_comparator",
                gettext_noop("unknown comparator %(comparator)r (use one of %(allowed)s)"),
                {"comparator": comparator, "allowed": ", ".join(COMPARATORS)},
            )
        )
    elif comparator == "number" and "expected" in spec:
        if not isinstance(expected, int | float) or isinstance(expected, bool):
            problems.append(
                Problem(
                    field,
                    "number_needs_number",
                    gettext_noop("a number comparator needs a numeric expected value"),
                )
            )
    elif comparator == "multi" and "expected" in spec and not isinstance(expected, list):
        problems.append(
            Problem(field, "multi_needs_list", gettext_noop("a multi comparator needs a list"))
        )
    if "unit" in spec:
        from reporting.ucum import is_valid_ucum

        unit = spec["unit"]
        if not isinstance(unit, str) or not is_valid_ucum(unit):
            problems.append(
                Problem(
                    field,
                    "bad_unit",
                    gettext_noop("unit %(unit)r is not a UCUM unit"),
                    {"unit": unit},
                )
            )
    if "keywords" in spec and not isinstance(spec["keywords"], list):
        problems.append(Problem(field, "bad_keywords", gettext_noop("keywords must be a list")))
    if "synonyms" in spec and not isinstance(spec["synonyms"], list | Mapping):
        problems.append(
            Problem(field, "bad_synonyms", gettext_noop("synonyms must be a list or an object"))
        )
    return problems
