"""The ACR TI-RADS 2017 rule set: points, levels and size thresholds from the ACR chart.

Expected values are the published chart, written out here row by row (never computed by
the engine under test). Each case names the source row it checks.
"""

from __future__ import annotations

import pytest

from reporting.rules import apply_rules, load_ruleset

ACR = "Tessler FN et al., JACR 2017;14:587-595, Fig. 1 (ACR TI-RADS chart)"


@pytest.fixture(scope="module")
def tirads():
    return load_ruleset("acr-tirads-2017")


# --- ACR TI-RADS 2017 ----------------------------------------------------------------------
# composition: cystic 0, spongiform 0, mixed 1, solid 2 | echogenicity: anechoic 0,
# hyper/iso 1, hypo 2, very hypo 3 | shape: wider-than-tall 0, taller-than-wide 3 |
# margin: smooth 0, ill-defined 0, lobulated/irregular 2, extra-thyroidal 3 | foci (sum):
# none/comet-tail 0, macro 1, peripheral 2, punctate 3. Spongiform: 0 points, do not add
# further points. TR1 0, TR2 2, TR3 3, TR4 4-6, TR5 >= 7.
# FNA / follow-up: TR3 >= 2.5 / >= 1.5 cm, TR4 >= 1.5 / >= 1 cm, TR5 >= 1 / >= 0.5 cm.

SOLID_HYPO = {
    "composition": "solid",
    "echogenicity": "hypoechoic",
    "shape": "wider_than_tall",
    "margin": "smooth",
    "echogenic_foci": ["none"],
}  # 2 + 2 + 0 + 0 + 0 = 4 points


@pytest.mark.parametrize(
    ("changes", "points", "level", "source_row"),
    [
        ({"composition": "cystic", "echogenicity": "anechoic"}, 0, "TR1", "TR1: 0 points"),
        ({"composition": "mixed", "echogenicity": "isoechoic"}, 2, "TR2", "TR2: 2 points"),
        ({"echogenicity": "hyperechoic"}, 3, "TR3", "TR3: 3 points"),
        ({}, 4, "TR4", "TR4: 4-6 points (4)"),
        ({"margin": "lobulated"}, 6, "TR4", "TR4: 4-6 points (6)"),
        ({"shape": "taller_than_wide"}, 7, "TR5", "TR5: >= 7 points (7)"),
        (
            {
                "echogenicity": "very_hypoechoic",
                "margin": "extrathyroidal",
                "echogenic_foci": ["punctate", "peripheral", "macrocalcifications"],
            },
            14,
            "TR5",
            "TR5: foci points are summed (2+3+0+3+3+2+1)",
        ),
        (
            {"composition": "spongiform", "echogenicity": "isoechoic"},
            0,
            "TR1",
            "spongiform footnote: 0 points, no further points (not 1)",
        ),
        (
            {"composition": "spongiform", "echogenic_foci": ["comet_tail"]},
            0,
            "TR1",
            "spongiform footnote: comet-tail adds nothing",
        ),
        (
            {"composition": "spongiform", "shape": "taller_than_wide", "margin": "irregular"},
            0,
            "TR1",
            "spongiform footnote: no points for shape or margin",
        ),
    ],
)
def test_tirads_points_and_levels(tirads, changes, points, level, source_row):
    result = apply_rules(tirads, {**SOLID_HYPO, **changes})
    assert result.values["tirads_points"] == points, source_row
    assert result.values["tirads_level"] == level, source_row


def test_tirads_spongiform_hypoechoic_taller_than_wide_30_mm_is_tr1_without_fna(tirads):
    values = {
        "composition": "spongiform",
        "echogenicity": "hypoechoic",
        "shape": "taller_than_wide",
        "margin": "smooth",
        "echogenic_foci": ["comet_tail"],
        "nodule_size_mm": 30,
    }
    result = apply_rules(tirads, values)
    assert result.values == {"tirads_points": 0, "tirads_level": "TR1", "recommendation": "none"}
    assert "spongiform" in result.explanations["tirads_points"].source


def test_tirads_one_point_has_no_level_and_says_why(tirads):
    # cystic (0) + anechoic (0) + macrocalcification (1): a total the chart has no level for.
    values = {
        "composition": "cystic",
        "echogenicity": "anechoic",
        "shape": "wider_than_tall",
        "margin": "smooth",
        "echogenic_foci": ["macrocalcifications"],
        "nodule_size_mm": 20,
    }
    result = apply_rules(tirads, values)
    assert result.values == {"tirads_points": 1}
    assert "no level" in result.explanations["tirads_level"].text


TR3 = {**SOLID_HYPO, "echogenicity": "hyperechoic"}  # 3 points
TR4 = SOLID_HYPO  # 4 points
TR5 = {**SOLID_HYPO, "shape": "taller_than_wide"}  # 7 points


@pytest.mark.parametrize(
    ("features", "size", "recommendation", "source_row"),
    [
        (TR3, 14.9, "none", "TR3: follow-up if >= 1.5 cm"),
        (TR3, 15, "follow_up", "TR3: follow-up if >= 1.5 cm"),
        (TR3, 15.1, "follow_up", "TR3: follow-up if >= 1.5 cm"),
        (TR3, 24.9, "follow_up", "TR3: FNA if >= 2.5 cm"),
        (TR3, 25, "fna", "TR3: FNA if >= 2.5 cm"),
        (TR3, 25.1, "fna", "TR3: FNA if >= 2.5 cm"),
        (TR4, 9.9, "none", "TR4: follow-up if >= 1 cm"),
        (TR4, 10, "follow_up", "TR4: follow-up if >= 1 cm"),
        (TR4, 10.1, "follow_up", "TR4: follow-up if >= 1 cm"),
        (TR4, 14.9, "follow_up", "TR4: FNA if >= 1.5 cm"),
        (TR4, 15, "fna", "TR4: FNA if >= 1.5 cm"),
        (TR4, 15.1, "fna", "TR4: FNA if >= 1.5 cm"),
        (TR5, 4.9, "none", "TR5: follow-up if >= 0.5 cm"),
        (TR5, 5, "follow_up", "TR5: follow-up if >= 0.5 cm"),
        (TR5, 5.1, "follow_up", "TR5: follow-up if >= 0.5 cm"),
        (TR5, 9.9, "follow_up", "TR5: FNA if >= 1 cm"),
        (TR5, 10, "fna", "TR5: FNA if >= 1 cm"),
        (TR5, 10.1, "fna", "TR5: FNA if >= 1 cm"),
        (
            {**SOLID_HYPO, "composition": "cystic", "echogenicity": "anechoic"},
            50,
            "none",
            "TR1: no FNA",
        ),
        (
            {**SOLID_HYPO, "composition": "mixed", "echogenicity": "isoechoic"},
            50,
            "none",
            "TR2: no FNA",
        ),
    ],
)
def test_tirads_size_thresholds(tirads, features, size, recommendation, source_row):
    result = apply_rules(tirads, {**features, "nodule_size_mm": size})
    assert result.values["recommendation"] == recommendation, source_row
    assert result.explanations["recommendation"].source.startswith("Tessler 2017"), source_row


def test_tirads_without_size_derives_no_recommendation(tirads):
    result = apply_rules(tirads, TR4)
    assert "recommendation" not in result.values
    assert "size needed" in result.explanations["recommendation"].text
