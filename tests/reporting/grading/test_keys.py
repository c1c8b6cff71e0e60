"""Answer keys belong to the engine: one list of entry keys, one checker, structured errors."""

from __future__ import annotations

import pytest

from reporting.errors import EngineError
from reporting.grading import KeyError_, compile_key, generic_key
from reporting.grading.keys import ENTRY_KEYS, OVERRIDE_KEYS, RUBRIC_KEYS, check_entry
from reporting.mrrt import load_shipped_template
from reporting.rules import apply_rules, load_ruleset


def test_one_list_says_who_may_set_each_key():
    names = [k.name for k in ENTRY_KEYS]
    assert RUBRIC_KEYS == ("weight", "required", "tolerance", "synonyms")
    assert set(OVERRIDE_KEYS) == set(names) - {"rule", "source", "inputs"}
    assert all(k.meaning for k in ENTRY_KEYS)


@pytest.mark.parametrize(
    ("spec", "code"),
    [
        ({"expected": 1, "colour": "red"}, "unknown_key"),
        ({"weight": -1}, "bad_weight"),
        ({"weight": int("7" * 400)}, "bad_weight"),
        ({"tolerance": {"abs": float("nan")}}, "bad_tolerance"),
        ({"tolerance": {"pct": 5}}, "bad_tolerance"),
        ({"required": "yes"}, "bad_required"),
        ({"comparator": "regex"}, "unknown_comparator"),
        ({"comparator": "number", "expected": "fast"}, "number_needs_number"),
        ({"unit": "%mL"}, "bad_unit"),
        ({"unit": "cm/sec"}, "bad_unit"),
    ],
)
def test_check_entry_names_the_field_and_the_problem(spec, code):
    (problem,) = check_entry("right_ica_psv", spec)
    assert problem.field == "right_ica_psv" and problem.code == code and problem.message


def test_a_rubric_may_not_set_the_expected_answer():
    (problem,) = check_entry("x", {"expected": 3}, allowed=RUBRIC_KEYS)
    assert problem.code == "unknown_key" and "weight" in problem.message


def test_compile_key_raises_every_problem_structured():
    key = {"fields": {"a": {"weight": -1}, "b": {"comparator": "regex"}}}
    with pytest.raises(KeyError_) as raised:
        compile_key(key)
    assert isinstance(raised.value, EngineError)
    assert [(p.field, p.code) for p in raised.value.problems] == [
        ("a", "bad_weight"),
        ("b", "unknown_comparator"),
    ]


def test_generic_key_for_an_imported_template():
    template = load_shipped_template("thyroid-nodule-tirads")
    values = {"nodule_size_mm": 12.0, "composition": "solid", "echogenic_foci": ["punctate"]}
    rules = apply_rules(load_ruleset("acr-tirads-2017"), values)
    key = generic_key(template, values, rules, template_id="imported")
    fields = key["fields"]
    assert fields["nodule_size_mm"] == {
        "expected": 12.0,
        "weight": 1.0,
        "required": True,
        "comparator": "number",
        "tolerance": {"rel": 0.05},
    }
    assert fields["composition"]["comparator"] == "coded"
    assert fields["echogenic_foci"]["comparator"] == "multi"
    assert key["pass_mark"] == 0.7 and key["template"] == "imported"
    compile_key(key)
