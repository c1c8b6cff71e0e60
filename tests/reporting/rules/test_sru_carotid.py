"""The SRU 2003 carotid consensus rule set at and on either side of every threshold.

Expected values are the published table, written out here row by row (never computed by
the engine under test). Each case names the source row it checks.
"""

from __future__ import annotations

import pytest

from reporting.rules import apply_rules, load_ruleset

SRU = "Grant EG et al., Radiology 2003;229:340-346, consensus table"


@pytest.fixture(scope="module")
def sru():
    return load_ruleset("sru-carotid-2003")


# --- SRU 2003 carotid consensus ------------------------------------------------------------
# | grade       | ICA PSV cm/s | plaque                    | ICA/CCA ratio | ICA EDV cm/s |
# | normal      | < 125        | none                      | < 2.0         | < 40         |
# | < 50%       | < 125        | plaque/intimal thickening | < 2.0         | < 40         |
# | 50-69%      | 125-230      | visible                   | 2.0-4.0       | 40-100       |
# | >= 70%      | > 230        | visible, narrowed lumen   | > 4.0         | > 100        |
# | near occl.  | high/low/undetectable | markedly narrowed lumen | variable | variable   |
# | total occl. | no flow      | no detectable lumen       | n/a           | n/a          |


@pytest.mark.parametrize(
    ("psv", "plaque", "grade", "source_row"),
    [
        (124.9, "none", "normal", "normal: PSV < 125, no plaque"),
        (124.9, "plaque", "lt50", "<50%: PSV < 125 with plaque"),
        (125, "plaque", "50_69", "50-69%: PSV 125-230 (125 included)"),
        (125.1, "narrowed_lumen", "50_69", "50-69%: PSV 125-230"),
        (229.9, "narrowed_lumen", "50_69", "50-69%: PSV 125-230"),
        (230, "narrowed_lumen", "50_69", "50-69%: PSV 125-230 (230 included)"),
        (230.1, "narrowed_lumen", "ge70", ">=70%: PSV > 230"),
        (400, "markedly_narrowed", "near_occlusion", "near occlusion: markedly narrowed lumen"),
        (40, "markedly_narrowed", "near_occlusion", "near occlusion: velocity may be low"),
        (0, "markedly_narrowed", "near_occlusion", "near occlusion: velocity undetectable"),
        (None, "no_lumen", "occlusion", "total occlusion: no detectable lumen"),
        (0, "no_lumen", "occlusion", "total occlusion: no flow, no lumen"),
        (0, "none", "occlusion", "total occlusion: no flow (never normal)"),
        (0, "plaque", "occlusion", "total occlusion: no flow (never <50%)"),
        (0, None, "occlusion", "total occlusion: no flow, lumen not recorded"),
        (0.1, "plaque", "lt50", "<50%: PSV < 125 with plaque (flow detected)"),
        (100, None, "normal", "normal: PSV < 125 (plaque not recorded)"),
    ],
)
def test_sru_grade_from_psv_and_lumen(sru, psv, plaque, grade, source_row):
    for side in ("right", "left"):
        result = apply_rules(sru, {f"{side}_ica_psv": psv, f"{side}_plaque": plaque})
        assert result.values[f"{side}_stenosis_grade"] == grade, source_row
        explanation = result.explanations[f"{side}_stenosis_grade"]
        assert explanation.source.startswith("Grant EG et al., Radiology 2003"), source_row


@pytest.mark.parametrize(
    ("ratio", "edv", "grade", "source_row"),
    [
        (1.9, None, "lt50", "<50%: ratio < 2.0"),
        (2.0, None, "50_69", "50-69%: ratio 2.0-4.0 (2.0 included)"),
        (2.1, None, "50_69", "50-69%: ratio 2.0-4.0"),
        (3.9, None, "50_69", "50-69%: ratio 2.0-4.0"),
        (4.0, None, "50_69", "50-69%: ratio 2.0-4.0 (4.0 included)"),
        (4.1, None, "ge70", ">=70%: ratio > 4.0"),
        (None, 39.9, "lt50", "<50%: EDV < 40"),
        (None, 40, "50_69", "50-69%: EDV 40-100 (40 included)"),
        (None, 40.1, "50_69", "50-69%: EDV 40-100"),
        (None, 99.9, "50_69", "50-69%: EDV 40-100"),
        (None, 100, "50_69", "50-69%: EDV 40-100 (100 included)"),
        (None, 100.1, "ge70", ">=70%: EDV > 100"),
    ],
)
def test_sru_additional_parameters_when_psv_missing(sru, ratio, edv, grade, source_row):
    values = {"left_ica_cca_ratio": ratio, "left_ica_edv": edv, "left_plaque": "plaque"}
    assert apply_rules(sru, values).values["left_stenosis_grade"] == grade, source_row


def test_sru_sides_are_independent(sru):
    result = apply_rules(sru, {"right_ica_psv": 300, "left_ica_psv": 90, "left_plaque": "none"})
    assert result.values == {"right_stenosis_grade": "ge70", "left_stenosis_grade": "normal"}
    assert result.explanations["right_stenosis_grade"].rule == "sru-carotid-2003/ica-grade[right]"
