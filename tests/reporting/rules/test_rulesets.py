"""The shipped rule sets at and on either side of every threshold of their sources.

Expected values are the published tables, written out here row by row (never computed by
the engine under test). Each case names the source row it checks."""

from __future__ import annotations

import pytest

from reporting.rules import RuleError, apply_rules, bundled_rulesets, load_ruleset, validate_ruleset


def test_bundled_rule_sets_are_valid_and_every_row_cites_its_source():
    assert set(bundled_rulesets()) >= {"sru-carotid-2003", "acr-tirads-2017", "lungrads-2022"}
    assert "lungrads-solid" not in bundled_rulesets(), "Lung-RADS v1.1 is replaced by v2022"
    for name in bundled_rulesets():
        ruleset = load_ruleset(name)
        assert ruleset.source.get("source"), f"{name}: the rule set names its source"
        for rule in ruleset.rules:
            rows = rule.get("rows") or []
            for row in rows:
                assert row.get("source") or rule.get("source"), f"{name}/{rule['id']}: {row}"


def test_rounding_is_half_up_on_the_decimal_written():
    ruleset = load_ruleset(
        {
            "id": "r",
            "inputs": ["x"],
            "rules": [
                {
                    "id": "r",
                    "type": "compute",
                    "op": "round",
                    "inputs": ["x"],
                    "digits": 1,
                    "output": "y",
                }
            ],
        }
    )
    # 0.15 and 2.675 are below their decimal in binary: a float round() gives 0.1, 2.67.
    assert apply_rules(ruleset, {"x": 0.15}).values["y"] == 0.2
    assert apply_rules(ruleset, {"x": 0.25}).values["y"] == 0.3
    assert apply_rules(ruleset, {"x": 0.14}).values["y"] == 0.1


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
    compute = {
        "id": "c",
        "inputs": ["x"],
        "rules": [
            {"id": "r", "type": "compute", "op": "difference", "inputs": ["x"], "output": "y"}
        ],
    }
    assert validate_ruleset(compute) == ["rule 1 (r): 'difference' takes 2 input(s), got 1"]
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


def test_rule_errors_are_structured():
    with pytest.raises(RuleError) as missing:
        load_ruleset("no-such-rule-set")
    assert missing.value.code == "rule_set_not_found" and missing.value.field is None
    bad = _table([{"when": {"field": "z", "op": "<", "value": 1}, "then": 1}])
    with pytest.raises(RuleError) as invalid:
        load_ruleset(bad)
    assert [p.code for p in invalid.value.problems] == ["invalid_rule_set"]
    assert "unknown field 'z'" in invalid.value.message
