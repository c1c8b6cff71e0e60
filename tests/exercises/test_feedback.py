"""Feedback in a teacher's words: every line the trainee reads, written out by hand here
(never taken from the code under test), and no engine term in any of them."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from courses.exercises.feedback import feedback_rows, typeset
from reporting.grading import build_key, grade
from reporting.mrrt import parse_template, template_to_dict
from reporting.rules import apply_rules, load_ruleset

TEMPLATES = Path(__file__).resolve().parents[2] / "reporting" / "data" / "templates"
ENGINE_TERMS = ("fired", "==", "Jaccard", "->", "expected None", ">=", "<=", "+/-", "row ")


@cache
def carotid_fields() -> list[dict]:
    html = (TEMPLATES / "carotid-duplex.html").read_text(encoding="utf-8")
    return template_to_dict(parse_template(html))["fields"]


def rows(feedback, key, given, *, engine_detail=False):
    return {
        r["field"]: r
        for r in feedback_rows(
            feedback,
            template_fields=carotid_fields(),
            key=key,
            given_values=given,
            rule_set_ids=["sru-carotid-2003"],
            engine_detail=engine_detail,
        )
    }


# A case as the key stores it: left ICA 250 cm/s with plaque (SRU: >= 70%).
KEY = {
    "rule_sets": ["sru-carotid-2003"],
    "fields": {
        "left_ica_psv": {
            "expected": 250.0,
            "comparator": "number",
            "unit": "cm/s",
            "tolerance": {"abs": 5.0},
        },
        "left_plaque": {"expected": "narrowed_lumen", "comparator": "coded"},
        "left_ica_edv": {"expected": None, "comparator": "coded", "weight": 0.0, "required": False},
        "left_stenosis_grade": {
            "expected": "ge70",
            "comparator": "derived",
            "inputs": ["left_ica_psv", "left_plaque"],
        },
    },
}


def item(field, comparator, expected, given, correct, why, **extra):
    return {
        "field": field,
        "comparator": comparator,
        "expected": expected,
        "given": given,
        "points": 1.0 if correct else 0.0,
        "possible": 1.0,
        "correct": correct,
        "why": why,
        "rule": extra.pop("rule", None),
        **extra,
    }


def test_a_wrong_grade_is_explained_with_the_velocity_the_criterion_and_its_source():
    wrong = item(
        "left_stenosis_grade",
        "derived",
        "ge70",
        "lt50",
        False,
        "expected 'ge70', derived by sru-carotid-2003/ica-grade[left]: row 4 fired: "
        "left_ica_psv = 250 > 230 -> 'ge70' (ICA PSV > 230 cm/s)",
        rule="sru-carotid-2003/ica-grade[left]: row 4 fired: left_ica_psv = 250 > 230",
    )
    row = rows([wrong], KEY, {"left_stenosis_grade": "lt50"})["left_stenosis_grade"]
    assert row["why"] == (
        "You answered “<50%”. The case's left ICA peak systolic velocity of 250 cm/s meets "
        "the criterion for “≥70% to near occlusion” (ICA PSV > 230 cm/s)."
    )
    assert row["source"] == (
        "Grant EG et al., Radiology 2003;229:340–346, Table (consensus criteria): "
        "≥70% stenosis, ICA PSV > 230 cm/s"
    )
    assert row["given"] == "<50%" and row["expected"] == "≥70% to near occlusion"
    assert row["engine"] == ""  # the engine's words are for teaching staff only


def test_teaching_staff_also_get_the_engine_detail():
    wrong = item(
        "left_stenosis_grade",
        "derived",
        "ge70",
        "lt50",
        False,
        "row 4 fired",
        rule="sru-carotid-2003/ica-grade[left]",
    )
    row = rows([wrong], KEY, {}, engine_detail=True)["left_stenosis_grade"]
    assert "row 4 fired" in row["engine"] and "sru-carotid-2003/ica-grade[left]" in row["engine"]


def test_a_measurement_outside_the_tolerance_says_what_was_measured_and_what_is_accepted():
    line = item(
        "left_ica_psv", "number", 250.0, 3.0, False, "3 is 247 from 250 (tolerance +/- 5 cm/s)"
    )
    row = rows([line], KEY, {"left_ica_psv": 3.0})["left_ica_psv"]
    assert row["why"] == (
        "You reported 3 cm/s; the case measures 250 cm/s (values within ±5 cm/s are accepted)."
    )


def test_a_field_with_nothing_to_report_never_says_none():
    line = item("left_ica_edv", "coded", None, None, True, "left empty, nothing expected")
    row = rows([line], KEY, {})["left_ica_edv"]
    assert row["why"] == "Left empty, as the case has nothing to report here."
    assert row["expected"] == "nothing to report" and row["given"] == "left empty"


def test_a_grade_that_follows_from_the_trainees_own_wrong_velocity_names_that_velocity():
    grade_line = item(
        "left_stenosis_grade",
        "derived",
        "ge70",
        "50_69",
        False,
        "engine text",
        implied="50_69",
        implied_rule="sru-carotid-2003/ica-grade[left]: row 5 fired",
    )
    psv_line = item("left_ica_psv", "number", 250.0, 200.0, False, "engine text")
    shown = rows([psv_line, grade_line], KEY, {"left_ica_psv": 200.0, "left_plaque": "plaque"})
    assert shown["left_stenosis_grade"]["why"] == (
        "Your answer, “50–69%”, follows from your own values, but your left ICA peak "
        "systolic velocity differs from the case. Your left ICA peak systolic velocity of "
        "200 cm/s meets the criterion for “50–69%” (ICA PSV 125–230 cm/s). The case's left "
        "ICA peak systolic velocity of 250 cm/s meets the criterion for “≥70% to near "
        "occlusion” (ICA PSV > 230 cm/s)."
    )


def test_typesetting_of_signs_and_ranges():
    assert typeset(">=70%, <=125, +/- 5, 50-69%") == "≥70%, ≤125, ± 5, 50–69%"


def _unquoted(text: str) -> str:
    """The line without the template's own labels quoted in it (an option may be "None")."""
    return re.sub(r"“[^”]*”", "", text)


@pytest.fixture(scope="module")
def graded_wrong_report():
    """The engine grades a report with a wrong grade, a wrong velocity, an empty field and a
    short impression; the rows are what the trainee reads."""
    values = {
        "left_ica_psv": 250.0,
        "left_ica_edv": 80.0,
        "left_plaque": "narrowed_lumen",
        "right_ica_psv": 90.0,
        "right_plaque": "none",
        "right_cca_psv": 70.0,
    }
    rules = apply_rules(load_ruleset("sru-carotid-2003"), values)
    key = build_key("carotid-duplex", values, rules)
    given = {
        "left_ica_psv": 180.0,
        "left_plaque": "plaque",
        "left_stenosis_grade": "lt50",
        "right_ica_psv": 90.0,
        "right_plaque": "none",
        "right_stenosis_grade": "normal",
        "impression": "Left stenosis.",
    }
    result = grade(key, given)
    return key, given, [f.as_dict() for f in result.fields]


def test_no_trainee_line_speaks_engine(graded_wrong_report):
    key, given, feedback = graded_wrong_report
    shown = rows(feedback, key, given)
    assert len(shown) == len(feedback)
    labels = {o["label"] for f in carotid_fields() for o in f.get("options", [])}
    for row in shown.values():
        # An answer column may hold an option's own label ("None": no plaque).
        columns = [v for v in (row["given"], row["expected"]) if v not in labels]
        text = _unquoted(" ".join([row["why"], row["source"], *columns]))
        for term in ENGINE_TERMS:
            assert term not in text, (row["field"], term, text)
        assert not re.search(r"\bNone\b", text), (row["field"], text)
        assert "sru-carotid-2003" not in text and "_" not in row["why"], row["why"]


def test_the_engine_feedback_itself_is_kept_for_exports(graded_wrong_report):
    _, _, feedback = graded_wrong_report
    grade_line = next(f for f in feedback if f["field"] == "left_stenosis_grade")
    assert "fired" in grade_line["why"] or "fired" in (grade_line["rule"] or "")
