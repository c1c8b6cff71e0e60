"""The grader: comparators, weights, feedback for every field, properties."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.grading import GRADER_VERSION, KeyError_, compile_key, grade
from reporting.grading.text import find_mentions, fold

KEY = {
    "template": "carotid-duplex",
    "pass_mark": 0.7,
    "fields": {
        "right_ica_psv": {
            "expected": 231.0,
            "comparator": "number",
            "unit": "cm/s",
            "tolerance": {"abs": 5},
            "weight": 1,
        },
        "right_ica_cca_ratio": {
            "expected": 4.2,
            "comparator": "number",
            "unit": "1",
            "tolerance": {"rel": 0.1},
            "weight": 1,
        },
        "right_plaque": {
            "expected": "narrowed_lumen",
            "comparator": "coded",
            "synonyms": ["Plaque with narrowed lumen"],
            "weight": 1,
        },
        "right_stenosis_grade": {
            "expected": "ge70",
            "comparator": "derived",
            "weight": 2,
            "rule": "sru-carotid-2003/ica-grade[right]: row 3",
        },
        "echogenic_foci": {
            "expected": ["punctate", "macrocalcifications"],
            "comparator": "multi",
            "weight": 1,
        },
        "clinical_info": {
            "expected": "TIA",
            "comparator": "text",
            "weight": 0.5,
            "required": False,
        },
        "impression": {
            "expected": "Right severe stenosis.",
            "comparator": "keywords",
            "weight": 2,
            "keywords": [
                {"any": ["stenosis"], "negated": False},
                {"any": ["plaque"], "negated": True},
            ],
        },
    },
}
PERFECT = {
    "right_ica_psv": 231.0,
    "right_ica_cca_ratio": 4.2,
    "right_plaque": "narrowed_lumen",
    "right_stenosis_grade": "ge70",
    "echogenic_foci": ["macrocalcifications", "punctate"],
    "clinical_info": "TIA",
    "impression": "Severe right ICA stenosis; no plaque ulceration",
}


def _field(result, name):
    return next(f for f in result.fields if f.field == name)


def test_perfect_report_full_marks_and_feedback_everywhere():
    result = grade(KEY, PERFECT)
    assert result.score == pytest.approx(1.0)
    assert result.passed and result.grader_version == GRADER_VERSION
    assert [f.field for f in result.fields] == list(KEY["fields"])
    assert "sru-carotid-2003" in _field(result, "right_stenosis_grade").why
    json.dumps(result.as_dict())


def test_number_with_units_and_tolerance():
    key = compile_key(KEY)
    assert _field(
        grade(key, {"right_ica_psv": {"value": 2.33, "unit": "m/s"}}), "right_ica_psv"
    ).correct
    assert _field(grade(key, {"right_ica_psv": 236}), "right_ica_psv").correct
    assert not _field(grade(key, {"right_ica_psv": 237}), "right_ica_psv").correct
    wrong_unit = _field(grade(key, {"right_ica_psv": {"value": 2, "unit": "mm"}}), "right_ica_psv")
    assert "unit problem" in wrong_unit.why
    assert _field(grade(key, {"right_ica_cca_ratio": "4.6"}), "right_ica_cca_ratio").correct


def test_coded_synonyms_accents_and_case():
    key = compile_key(KEY)
    assert _field(
        grade(key, {"right_plaque": "PLAQUE WITH NARROWED LUMEN"}), "right_plaque"
    ).correct
    derived = _field(grade(key, {"right_stenosis_grade": "50_69"}), "right_stenosis_grade")
    assert derived.points == 0 and "sru-carotid-2003" in derived.why


def test_multi_partial_credit_is_jaccard():
    f = _field(grade(KEY, {"echogenic_foci": ["punctate", "peripheral"]}), "echogenic_foci")
    assert f.points == pytest.approx(1 / 3)
    assert "missing ['macrocalcifications']" in f.why and "not expected ['peripheral']" in f.why


def test_required_and_optional_fields():
    result = grade(KEY, {})
    assert _field(result, "right_ica_psv").why == "missing (required)"
    assert result.completeness == 0
    assert result.score == 0 and not result.passed


@pytest.mark.parametrize(
    ("text", "term", "positive", "negative"),
    [
        ("No stenosis.", "stenosis", False, True),
        ("Without significant stenosis of the ICA", "stenosis", False, True),
        ("Absence of plaque", "plaque", False, True),
        ("Sténose sévère", "stenose", True, False),
        ("Stenosis 70%", "stenosis", True, False),
        ("Plaque is absent.", "plaque", False, True),
        ("Right: no plaque. Left: plaque present", "plaque", True, True),
        ("Right no significant stenosis, left severe stenosis", "stenosis", True, True),
    ],
)
def test_negation(text, term, positive, negative):
    assert find_mentions(fold(text), term) == (positive, negative)


def test_keywords_polarity_matters():
    key = {
        "fields": {
            "impression": {
                "comparator": "keywords",
                "weight": 2,
                "keywords": [{"any": ["stenosis"], "negated": True}],
            }
        }
    }
    assert grade(key, {"impression": "No stenosis."}).score == 1
    assert grade(key, {"impression": "Stenosis of the ICA."}).score == 0
    key["fields"]["impression"]["keywords"][0]["negated"] = False
    assert grade(key, {"impression": "No stenosis."}).score == 0


def test_bad_keys_are_rejected_clearly():
    with pytest.raises(KeyError_, match="fields"):
        compile_key({})
    with pytest.raises(KeyError_, match="comparator"):
        compile_key({"fields": {"a": {"comparator": "fuzzy"}}})
    with pytest.raises(KeyError_, match="numeric"):
        compile_key({"fields": {"a": {"comparator": "number", "expected": "x"}}})


WRONG = {
    "right_ica_psv": 90.0,
    "right_ica_cca_ratio": 1.0,
    "right_plaque": "none",
    "right_stenosis_grade": "normal",
    "echogenic_foci": ["none"],
    "clinical_info": "",
    "impression": "Plaque only.",
}
maybe = st.sampled_from(["perfect", "wrong", "absent"])


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries({name: maybe for name in KEY["fields"]}),
    st.sampled_from(list(KEY["fields"])),
)
def test_properties_bounds_and_monotonic_correction(choice, fix):
    compiled = compile_key(KEY)
    report = {
        n: (PERFECT if c == "perfect" else WRONG)[n] for n, c in choice.items() if c != "absent"
    }
    before = grade(compiled, report)
    assert 0 <= before.points <= before.possible
    assert 0 <= before.score <= 1
    corrected = grade(compiled, {**report, fix: PERFECT[fix]})
    assert corrected.points >= before.points - 1e-9
    assert grade(compiled, report).as_dict() == before.as_dict()  # deterministic


def test_generated_keys_full_marks_for_their_own_answers(carotid_cases, thyroid_cases):
    for case in [*carotid_cases, *thyroid_cases]:
        values = {
            n: s["expected"] for n, s in case.key["fields"].items() if s["expected"] is not None
        }
        assert grade(case.key, values).score == pytest.approx(1.0), case.name
