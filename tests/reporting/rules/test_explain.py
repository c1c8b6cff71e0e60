"""The criterion behind a derived value: the rule set's own row text and citation."""

from __future__ import annotations

import pytest

from reporting.rules.explain import criterion_for

CAROTID = ["sru-carotid-2003"]


@pytest.mark.parametrize(
    ("values", "grade", "why", "cited"),
    [
        ({"left_ica_psv": 250.0, "left_plaque": "plaque"}, "ge70", "ICA PSV > 230 cm/s", ">=70%"),
        ({"left_ica_psv": 230.0, "left_plaque": "plaque"}, "50_69", "ICA PSV 125-230", "50-69%"),
        ({"left_ica_psv": 60.0, "left_plaque": "none"}, "normal", "no plaque", "normal, ICA"),
        ({"left_ica_cca_ratio": 4.5}, "ge70", "ICA/CCA ratio > 4.0", "ratio > 4.0"),
        ({"left_plaque": "no_lumen", "left_ica_psv": 300.0}, "occlusion", "no detectable", "total"),
    ],
)
def test_the_row_that_grades_the_stenosis_is_named_with_its_words_and_source(
    values, grade, why, cited
):
    found = criterion_for(CAROTID, "left_stenosis_grade", values)
    assert found.value == grade
    assert why in found.why
    assert found.source.startswith("Grant EG et al., Radiology 2003;229:340-346")
    assert cited in found.source
    assert "Grant" in found.ruleset_title


def test_the_fields_a_row_reads_are_those_of_its_condition():
    found = criterion_for(CAROTID, "right_stenosis_grade", {"right_ica_psv": 240.0})
    assert found.fields == ("right_ica_psv",)


def test_a_level_from_points_is_explained_by_its_range_row():
    values = {
        "composition": "solid",
        "echogenicity": "hypoechoic",
        "shape": "wider_than_tall",
        "margin": "smooth",
        "echogenic_foci": ["none"],
    }
    found = criterion_for(["acr-tirads-2017"], "tirads_level", values)
    assert found.kind == "ranges"
    assert found.value == "TR4"
    assert "moderately suspicious" in found.why
    assert found.source.startswith("Tessler 2017")


def test_a_field_no_rule_derives_has_no_criterion():
    assert criterion_for(CAROTID, "impression", {}) is None
    assert criterion_for(["no-such-rule-set"], "left_stenosis_grade", {}) is None
