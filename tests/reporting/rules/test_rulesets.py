"""Rule sets on every boundary, both sides; the validator's messages."""

from __future__ import annotations

import pytest

from reporting.rules import RuleError, apply_rules, bundled_rulesets, load_ruleset, validate_ruleset


@pytest.fixture(scope="module")
def sru():
    return load_ruleset("sru-carotid-2003")


@pytest.fixture(scope="module")
def tirads():
    return load_ruleset("acr-tirads-2017")


@pytest.fixture(scope="module")
def lung():
    return load_ruleset("lungrads-solid")


def test_bundled_rule_sets_are_valid():
    assert set(bundled_rulesets()) >= {"sru-carotid-2003", "acr-tirads-2017", "lungrads-solid"}
    for name in bundled_rulesets():
        load_ruleset(name)


@pytest.mark.parametrize(
    ("psv", "plaque", "grade"),
    [
        (124.9, "plaque", "lt50"),
        (124.9, "none", "normal"),
        (125, "none", "50_69"),
        (125, "narrowed_lumen", "50_69"),
        (126, "narrowed_lumen", "50_69"),
        (229, "narrowed_lumen", "50_69"),
        (230, "narrowed_lumen", "50_69"),
        (230.1, "narrowed_lumen", "ge70"),
        (231, "narrowed_lumen", "ge70"),
        (40, "markedly_narrowed", "near_occlusion"),
        (400, "markedly_narrowed", "near_occlusion"),
        (None, "no_lumen", "occlusion"),
        (100, None, "normal"),
    ],
)
def test_sru_psv_and_plaque(sru, psv, plaque, grade):
    for side in ("right", "left"):
        values = {f"{side}_ica_psv": psv, f"{side}_plaque": plaque}
        result = apply_rules(sru, values)
        assert result.values[f"{side}_stenosis_grade"] == grade
        assert "row" in result.explanations[f"{side}_stenosis_grade"].text


@pytest.mark.parametrize(
    ("ratio", "edv", "grade"),
    [
        (1.99, None, "lt50"),
        (2.0, None, "50_69"),
        (4.0, None, "50_69"),
        (4.01, None, "ge70"),
        (None, 39.9, "lt50"),
        (None, 40, "50_69"),
        (None, 100, "50_69"),
        (None, 100.1, "ge70"),
    ],
)
def test_sru_additional_parameters_when_psv_missing(sru, ratio, edv, grade):
    values = {"left_ica_cca_ratio": ratio, "left_ica_edv": edv, "left_plaque": "plaque"}
    assert apply_rules(sru, values).values["left_stenosis_grade"] == grade


def test_sru_sides_are_independent(sru):
    result = apply_rules(sru, {"right_ica_psv": 300, "left_ica_psv": 90, "left_plaque": "none"})
    assert result.values == {"right_stenosis_grade": "ge70", "left_stenosis_grade": "normal"}
    assert result.explanations["right_stenosis_grade"].rule == "sru-carotid-2003/ica-grade[right]"


BASE = {
    "composition": "solid",
    "echogenicity": "hypoechoic",
    "shape": "wider_than_tall",
    "margin": "smooth",
    "echogenic_foci": ["none"],
}


@pytest.mark.parametrize(
    ("changes", "points", "level"),
    [
        ({"composition": "cystic", "echogenicity": "anechoic"}, 0, "TR1"),
        ({"composition": "spongiform", "echogenicity": "isoechoic"}, 1, "TR1"),
        ({"composition": "mixed", "echogenicity": "isoechoic"}, 2, "TR2"),
        ({"echogenicity": "hyperechoic"}, 3, "TR3"),
        ({}, 4, "TR4"),
        ({"margin": "lobulated"}, 6, "TR4"),
        ({"shape": "taller_than_wide"}, 7, "TR5"),
        (
            {
                "echogenicity": "very_hypoechoic",
                "margin": "extrathyroidal",
                "echogenic_foci": ["punctate", "peripheral", "macrocalcifications"],
            },
            14,
            "TR5",
        ),
    ],
)
def test_tirads_points_and_levels(tirads, changes, points, level):
    result = apply_rules(tirads, {**BASE, **changes})
    assert result.values["tirads_points"] == points
    assert result.values["tirads_level"] == level


@pytest.mark.parametrize(
    ("changes", "size", "recommendation"),
    [
        ({"echogenicity": "hyperechoic"}, 14.9, "none"),
        ({"echogenicity": "hyperechoic"}, 15, "follow_up"),
        ({"echogenicity": "hyperechoic"}, 24.9, "follow_up"),
        ({"echogenicity": "hyperechoic"}, 25, "fna"),
        ({}, 9.9, "none"),
        ({}, 10, "follow_up"),
        ({}, 14.9, "follow_up"),
        ({}, 15, "fna"),
        ({"shape": "taller_than_wide"}, 4.9, "none"),
        ({"shape": "taller_than_wide"}, 5, "follow_up"),
        ({"shape": "taller_than_wide"}, 9.9, "follow_up"),
        ({"shape": "taller_than_wide"}, 10, "fna"),
        ({"composition": "cystic", "echogenicity": "anechoic"}, 50, "none"),
    ],
)
def test_tirads_size_thresholds(tirads, changes, size, recommendation):
    result = apply_rules(tirads, {**BASE, **changes, "nodule_size_mm": size})
    assert result.values["recommendation"] == recommendation


def test_tirads_without_size_derives_no_recommendation(tirads):
    result = apply_rules(tirads, BASE)
    assert "recommendation" not in result.values
    assert "size needed" in result.explanations["recommendation"].text


@pytest.mark.parametrize(
    ("kind", "exam", "size", "category"),
    [
        ("solid", "baseline", 5.9, "2"),
        ("solid", "baseline", 6, "3"),
        ("solid", "baseline", 7.9, "3"),
        ("solid", "baseline", 8, "4A"),
        ("solid", "baseline", 14.9, "4A"),
        ("solid", "baseline", 15, "4B"),
        ("solid", "follow_up_new", 3.9, "2"),
        ("solid", "follow_up_new", 4, "3"),
        ("solid", "follow_up_new", 5.9, "3"),
        ("solid", "follow_up_new", 6, "4A"),
        ("solid", "follow_up_new", 7.9, "4A"),
        ("solid", "follow_up_new", 8, "4B"),
        ("non_solid", "baseline", 29.9, "2"),
        ("non_solid", "baseline", 30, "3"),
    ],
)
def test_lungrads_boundaries(lung, kind, exam, size, category):
    values = {"nodule_type": kind, "exam_type": exam, "nodule_diameter_mm": size}
    assert apply_rules(lung, values).values["lungrads_category"] == category


def test_lungrads_part_solid_not_derived(lung):
    values = {"nodule_type": "part_solid", "exam_type": "baseline", "nodule_diameter_mm": 9}
    assert apply_rules(lung, values).values == {}


def _table(rows):
    return {
        "id": "t",
        "inputs": ["x"],
        "rules": [{"id": "r", "type": "table", "output": "y", "rows": rows}],
    }


def test_validator_messages():
    assert validate_ruleset(
        _table([{"when": {"field": "z", "op": "<", "value": 1}, "then": 1}])
    ) == ["rule 1 (r) row 1: unknown field 'z'"]
    problems = validate_ruleset(
        _table([{"when": {"field": "x", "op": "=~", "value": 1}, "then": 1}])
    )
    assert "bad operator '=~'" in problems[0]
    unsorted = validate_ruleset(
        _table(
            [
                {"when": {"field": "x", "op": "<", "value": 10}, "then": "a"},
                {"when": {"field": "x", "op": "<", "value": 5}, "then": "b"},
            ]
        )
    )
    assert "never reached" in unsorted[0]
    ranges = {
        "id": "r",
        "inputs": ["x"],
        "rules": [
            {
                "id": "q",
                "type": "ranges",
                "input": "x",
                "output": "y",
                "rows": [{"min": None, "max": 5, "then": 1}, {"min": 4, "max": None, "then": 2}],
            }
        ],
    }
    assert "overlaps" in validate_ruleset(ranges)[0]
    with pytest.raises(RuleError):
        load_ruleset(ranges)
    assert validate_ruleset(
        _table([{"when": {"field": "x", "op": ">", "value": 1}, "then": 1}]), known_fields=["q"]
    ) == ["input 'x' is not a field of the template"]


def test_rules_never_evaluate_author_text():
    data = _table([{"when": {"field": "x", "op": "==", "value": "__import__('os')"}, "then": 1}])
    result = apply_rules(load_ruleset(data), {"x": "1"})
    assert result.values == {}
