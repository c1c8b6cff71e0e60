"""A derived field is graded against what the trainee's own inputs imply.

Lung-RADS v2022, solid nodule at baseline: category 2 below 6 mm, 3 from 6 to < 8 mm (the
published table, written here, not computed). The case measures 6.0 mm (category 3); the
key allows +/- 1 mm for the diameter.
"""

from __future__ import annotations

import pytest

from reporting.grading import build_key, compile_key, grade
from reporting.rules import apply_rules, load_ruleset

CASE = {"nodule_type": "solid", "exam_type": "baseline", "nodule_diameter_mm": 6.0}


@pytest.fixture(scope="module")
def key():
    rules = apply_rules(load_ruleset("lungrads-2022"), CASE)
    built = build_key("lung-nodule-lungrads", CASE, rules)
    assert built["fields"]["lungrads_category"]["expected"] == "3"  # table: 6 to < 8 mm
    assert built["fields"]["nodule_diameter_mm"]["tolerance"] == {"abs": 1.0}
    assert built["rule_sets"] == ["lungrads-2022"]
    return compile_key(built)


def _field(result, name):
    return next(f for f in result.fields if f.field == name)


def test_a_measurement_within_tolerance_across_the_threshold_earns_both(key):
    report = {**CASE, "nodule_diameter_mm": 5.2, "lungrads_category": "2"}
    result = grade(key, report)
    diameter = _field(result, "nodule_diameter_mm")
    category = _field(result, "lungrads_category")
    assert diameter.correct  # 5.2 is within 1 mm of 6.0
    assert category.correct and category.points == category.possible
    assert category.implied == "2"
    # Both derivations are explained: the trainee's row and the case's row.
    assert "your values" in category.why and "'2'" in category.why and "'3'" in category.why
    assert "lungrads-2022/category" in category.implied_rule
    assert category.as_dict()["implied"] == "2"


def test_the_key_category_is_right_whatever_the_trainee_measured(key):
    report = {**CASE, "nodule_diameter_mm": 5.2, "lungrads_category": "3"}
    category = _field(grade(key, report), "lungrads_category")
    assert category.correct
    assert category.implied == "2"  # shown, so the trainee sees the threshold at work


def test_a_category_from_a_wrong_measurement_earns_nothing_and_says_why(key):
    report = {**CASE, "nodule_diameter_mm": 4.5, "lungrads_category": "2"}
    result = grade(key, report)
    assert not _field(result, "nodule_diameter_mm").correct  # 1.5 mm off
    category = _field(result, "lungrads_category")
    assert not category.correct and category.points == 0
    assert "follows from your own values" in category.why
    assert "nodule_diameter_mm" in category.why


def test_a_category_that_follows_from_nothing_earns_nothing(key):
    report = {**CASE, "nodule_diameter_mm": 6.1, "lungrads_category": "4B"}
    category = _field(grade(key, report), "lungrads_category")
    assert not category.correct
    assert "your own values give '3'" in category.why


def test_the_trainees_own_category_never_feeds_the_rules(key):
    # Nothing but the category: the rules have no diameter, so nothing is implied.
    category = _field(grade(key, {"lungrads_category": "2"}), "lungrads_category")
    assert not category.correct and category.implied is None


def test_carotid_grade_follows_the_trainees_psv_within_tolerance():
    # SRU 2003: 50-69% for PSV 125-230, >= 70% above 230. Case PSV 232 (>= 70%).
    case = {"right_ica_psv": 232.0, "right_plaque": "narrowed_lumen"}
    rules = apply_rules(load_ruleset("sru-carotid-2003"), case)
    key = build_key("carotid-duplex", case, rules)
    assert key["fields"]["right_stenosis_grade"]["expected"] == "ge70"
    report = {**case, "right_ica_psv": 228.0, "right_stenosis_grade": "50_69"}
    grade_field = _field(grade(key, report), "right_stenosis_grade")
    assert grade_field.correct, grade_field.why  # 228 is within 5 cm/s of 232


def test_a_key_stored_without_inputs_learns_them_from_its_rule_sets():
    rules = apply_rules(load_ruleset("lungrads-2022"), CASE)
    built = build_key("lung-nodule-lungrads", CASE, rules)
    for spec in built["fields"].values():
        spec.pop("inputs", None)
    report = {**CASE, "nodule_diameter_mm": 5.2, "lungrads_category": "2"}
    assert _field(grade(built, report), "lungrads_category").correct
