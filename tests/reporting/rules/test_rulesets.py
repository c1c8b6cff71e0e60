"""The shipped rule sets at and on either side of every threshold of their sources.

Expected values are the published tables, written out here row by row (never computed by
the engine under test). Each case names the source row it checks.
"""

from __future__ import annotations

import pytest

from reporting.rules import RuleError, apply_rules, bundled_rulesets, load_ruleset, validate_ruleset

SRU = "Grant EG et al., Radiology 2003;229:340-346, consensus table"
ACR = "Tessler FN et al., JACR 2017;14:587-595, Fig. 1 (ACR TI-RADS chart)"
LR = "ACR Lung-RADS v2022"


@pytest.fixture(scope="module")
def sru():
    return load_ruleset("sru-carotid-2003")


@pytest.fixture(scope="module")
def tirads():
    return load_ruleset("acr-tirads-2017")


@pytest.fixture(scope="module")
def lung():
    return load_ruleset("lungrads-2022")


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


# --- ACR Lung-RADS v2022 -------------------------------------------------------------------
# Mean diameter to one decimal place (thresholds on the rounded value).
# Solid, baseline: 2 < 6 mm; 3 >= 6 to < 8; 4A >= 8 to < 15; 4B >= 15.
# Solid, new: 2 < 4 mm; 3 4 to < 6; 4A 6 to < 8; 4B >= 8. Growing: 4A < 8, 4B >= 8.
# Part solid, baseline: 2 < 6 mm total; 3 >= 6 total with solid < 6; 4A solid 6 to < 8;
# 4B solid >= 8. New: 3 < 6 mm total; 4A solid < 4; 4B solid >= 4.
# Non solid: 2 < 30 mm (baseline, new, growing) or >= 30 stable/slowly growing;
# 3 >= 30 at baseline or new.
# Juxtapleural/perifissural: solid, < 10 mm, smooth, oval/lentiform/triangular: 2.
# Airway: subsegmental 2; segmental or more proximal 4A, stable or growing at 3 months 4B.
# Growth: > 1.5 mm increase in mean diameter within 12 months.
# Stepped management: 3 stable or smaller at 6 months -> 2; 4A at 3 months -> 3.
# Category 0: findings suggesting infection or inflammation (1-3 month LDCT).
# Category 1: benign calcifications (complete, central, popcorn, concentric) or fat.


def _lung(kind, exam, size, **more):
    return {"nodule_type": kind, "exam_type": exam, "nodule_diameter_mm": size, **more}


@pytest.mark.parametrize(
    ("exam", "size", "category", "source_row"),
    [
        ("baseline", 5.9, "2", "2: solid < 6 mm at baseline"),
        ("baseline", 5.94, "2", "2: solid < 6 mm (5.94 rounds to 5.9)"),
        ("baseline", 5.95, "3", "3: solid >= 6 to < 8 mm (5.95 rounds to 6.0)"),
        ("baseline", 5.96, "3", "3: solid >= 6 to < 8 mm (5.96 rounds to 6.0)"),
        ("baseline", 6.0, "3", "3: solid >= 6 to < 8 mm"),
        ("baseline", 6.1, "3", "3: solid >= 6 to < 8 mm"),
        ("baseline", 7.9, "3", "3: solid >= 6 to < 8 mm"),
        ("baseline", 7.96, "4A", "4A: solid >= 8 to < 15 mm (7.96 rounds to 8.0)"),
        ("baseline", 8.0, "4A", "4A: solid >= 8 to < 15 mm"),
        ("baseline", 8.1, "4A", "4A: solid >= 8 to < 15 mm"),
        ("baseline", 14.9, "4A", "4A: solid >= 8 to < 15 mm"),
        ("baseline", 14.96, "4B", "4B: solid >= 15 mm (14.96 rounds to 15.0)"),
        ("baseline", 15.0, "4B", "4B: solid >= 15 mm at baseline"),
        ("baseline", 15.1, "4B", "4B: solid >= 15 mm at baseline"),
        ("follow_up_new", 3.9, "2", "2: new solid < 4 mm"),
        ("follow_up_new", 3.96, "3", "3: new solid 4 to < 6 mm (3.96 rounds to 4.0)"),
        ("follow_up_new", 4.0, "3", "3: new solid 4 to < 6 mm"),
        ("follow_up_new", 4.1, "3", "3: new solid 4 to < 6 mm"),
        ("follow_up_new", 5.9, "3", "3: new solid 4 to < 6 mm"),
        ("follow_up_new", 5.96, "4A", "4A: new solid 6 to < 8 mm (5.96 rounds to 6.0)"),
        ("follow_up_new", 6.0, "4A", "4A: new solid 6 to < 8 mm"),
        ("follow_up_new", 6.1, "4A", "4A: new solid 6 to < 8 mm"),
        ("follow_up_new", 7.9, "4A", "4A: new solid 6 to < 8 mm"),
        ("follow_up_new", 7.96, "4B", "4B: new solid >= 8 mm (7.96 rounds to 8.0)"),
        ("follow_up_new", 8.0, "4B", "4B: new solid >= 8 mm"),
        ("follow_up_new", 8.1, "4B", "4B: new solid >= 8 mm"),
    ],
)
def test_lungrads_solid_size_thresholds(lung, exam, size, category, source_row):
    result = apply_rules(lung, _lung("solid", exam, size))
    assert result.values["lungrads_category"] == category, source_row
    assert result.explanations["lungrads_category"].source.startswith("Lung-RADS v2022")


@pytest.mark.parametrize(
    ("exam", "size", "category", "source_row"),
    [
        ("baseline", 29.9, "2", "2: non solid < 30 mm at baseline"),
        ("baseline", 29.94, "2", "2: non solid < 30 mm (29.94 rounds to 29.9)"),
        ("baseline", 29.96, "3", "3: non solid >= 30 mm at baseline (29.96 rounds to 30.0)"),
        ("baseline", 30.0, "3", "3: non solid >= 30 mm at baseline"),
        ("baseline", 30.1, "3", "3: non solid >= 30 mm at baseline"),
        ("follow_up_new", 29.9, "2", "2: non solid < 30 mm new"),
        ("follow_up_new", 30.0, "3", "3: non solid >= 30 mm new"),
    ],
)
def test_lungrads_non_solid_thresholds(lung, exam, size, category, source_row):
    result = apply_rules(lung, _lung("non_solid", exam, size))
    assert result.values["lungrads_category"] == category, source_row


@pytest.mark.parametrize(
    ("exam", "total", "solid", "category", "source_row"),
    [
        ("baseline", 5.9, None, "2", "2: part solid < 6 mm total at baseline"),
        ("baseline", 6.0, 5.9, "3", "3: part solid >= 6 mm total, solid component < 6 mm"),
        ("baseline", 6.1, 5.96, "4A", "4A: solid component >= 6 mm (5.96 rounds to 6.0)"),
        ("baseline", 10, 6.0, "4A", "4A: solid component >= 6 to < 8 mm"),
        ("baseline", 10, 7.9, "4A", "4A: solid component >= 6 to < 8 mm"),
        ("baseline", 10, 8.0, "4B", "4B: solid component >= 8 mm at baseline"),
        ("baseline", 10, 8.1, "4B", "4B: solid component >= 8 mm at baseline"),
        ("follow_up_new", 5.9, 2.0, "3", "3: new part solid < 6 mm total"),
        ("follow_up_new", 6.0, 2.0, "4A", "4A: new part solid >= 6 mm, solid component < 4 mm"),
        ("follow_up_new", 6.1, 2.0, "4A", "4A: new part solid >= 6 mm, solid component < 4 mm"),
        ("follow_up_new", 8, 3.9, "4A", "4A: new solid component < 4 mm"),
        ("follow_up_new", 8, 4.0, "4B", "4B: new solid component >= 4 mm"),
        ("follow_up_new", 5.0, 4.1, "4B", "4B: new solid component >= 4 mm"),
    ],
)
def test_lungrads_part_solid_thresholds(lung, exam, total, solid, category, source_row):
    values = _lung("part_solid", exam, total, solid_component_mm=solid)
    result = apply_rules(lung, values)
    assert result.values["lungrads_category"] == category, source_row


@pytest.mark.parametrize(
    ("size", "margin", "shape", "exam", "category", "source_row"),
    [
        (9.9, "smooth", "lentiform", "baseline", "2", "2: juxtapleural < 10 mm, smooth, lentiform"),
        (9.94, "smooth", "oval", "baseline", "2", "2: juxtapleural < 10 mm (9.94 -> 9.9)"),
        (9.96, "smooth", "oval", "baseline", "4A", "not 2: 9.96 rounds to 10.0; 4A solid 8-15"),
        (10.0, "smooth", "triangular", "baseline", "4A", "not 2 at 10 mm: 4A solid 8 to < 15"),
        (10.1, "smooth", "oval", "baseline", "4A", "not 2 above 10 mm: 4A solid 8 to < 15"),
        (7.0, "spiculated", "oval", "baseline", "3", "not 2: margins not smooth; 3 solid 6-8"),
        (7.0, "smooth", "round", "baseline", "3", "not 2: round is not oval/lentiform/tri"),
        (9.0, "smooth", "oval", "follow_up_new", "2", "2: juxtapleural < 10 mm, new"),
    ],
)
def test_lungrads_juxtapleural_nodules(lung, size, margin, shape, exam, category, source_row):
    values = _lung(
        "solid",
        exam,
        size,
        nodule_location="juxtapleural",
        nodule_margin=margin,
        nodule_shape=shape,
    )
    assert apply_rules(lung, values).values["lungrads_category"] == category, source_row


def test_lungrads_perifissural_is_juxtapleural_too(lung):
    values = _lung(
        "solid",
        "baseline",
        8.5,
        nodule_location="perifissural",
        nodule_margin="smooth",
        nodule_shape="triangular",
    )
    assert apply_rules(lung, values).values["lungrads_category"] == "2"


@pytest.mark.parametrize(
    ("location", "exam", "prior", "category", "source_row"),
    [
        ("airway_segmental", "baseline", None, "4A", "4A: segmental airway nodule at baseline"),
        ("airway_segmental", "follow_up_new", None, "4A", "4A: segmental airway nodule, new"),
        ("airway_segmental", "follow_up_existing", "4A", "4B", "4B: persistent at 3-month CT"),
        ("airway_subsegmental", "baseline", None, "2", "2: subsegmental airway nodule"),
    ],
)
def test_lungrads_airway_nodules(lung, location, exam, prior, category, source_row):
    values = _lung(
        "solid",
        exam,
        5.0,
        nodule_location=location,
        prior_category=prior,
        prior_diameter_mm=5.0,
        months_since_prior=3,
    )
    assert apply_rules(lung, values).values["lungrads_category"] == category, source_row


@pytest.mark.parametrize(
    ("prior", "now", "months", "category", "source_row"),
    [
        (6.1, 7.5, 6, "2", "stable (+1.4 mm), prior 3 at 6 months: stepped to 2"),
        (6.1, 7.6, 6, "2", "stable (+1.5 mm is not growth), prior 3: stepped to 2"),
        (6.1, 7.7, 6, "4A", "4A: growing (+1.6 mm within 12 months) solid < 8 mm"),
        (6.3, 7.9, 6, "4A", "4A: growing solid < 8 mm (7.9)"),
        (6.4, 8.0, 6, "4B", "4B: growing solid >= 8 mm (8.0)"),
        (6.1, 7.7, 11, "4A", "4A: growing, 11 months is within 12"),
        (6.1, 7.7, 12, "4A", "4A: growing, 12 months is within 12"),
        (6.5, 8.1, 12, "4B", "4B: growing (+1.6 mm within 12 months) solid >= 8 mm"),
        (6.1, 7.7, 13, "4B", "4B: slow growth (> 1.5 mm over more than 12 months)"),
        (6.1, 5.0, 6, "2", "decreased, prior 3: stepped to 2"),
    ],
)
def test_lungrads_growth_within_twelve_months(lung, prior, now, months, category, source_row):
    values = _lung(
        "solid",
        "follow_up_existing",
        now,
        prior_diameter_mm=prior,
        months_since_prior=months,
        prior_category="3",
    )
    assert apply_rules(lung, values).values["lungrads_category"] == category, source_row


@pytest.mark.parametrize(
    ("prior_category", "prior", "now", "category", "source_row"),
    [
        ("3", 7.0, 7.0, "2", "stepped: category 3 stable at 6-month CT becomes 2"),
        ("4A", 9.0, 9.0, "3", "stepped: category 4A stable at 3-month CT becomes 3"),
        ("4A", 9.0, 8.5, "3", "stepped: category 4A decreased at 3-month CT becomes 3"),
        ("2", 5.5, 6.2, "3", "size threshold crossed without growth: reclassify, 3 (6-8)"),
        ("2", 5.0, 5.5, "2", "stable below the next threshold: 2"),
        ("3", 7.5, 8.4, "4A", "size threshold crossed without growth: reclassify, 4A (8-15)"),
        ("3", 7.0, 7.9, "2", "stepped: 3 stable below 8 mm becomes 2"),
        ("4A", 14.0, 14.9, "3", "stepped: 4A stable below 15 mm becomes 3"),
        ("4A", 14.0, 15.0, "4B", "size threshold crossed without growth: reclassify, 4B (>= 15)"),
        ("2", 5.0, 5.9, "2", "stable below 6 mm: 2"),
        ("2", 5.0, 6.0, "3", "size threshold crossed without growth: reclassify, 3 (6 mm)"),
    ],
)
def test_lungrads_stepped_management(lung, prior_category, prior, now, category, source_row):
    values = _lung(
        "solid",
        "follow_up_existing",
        now,
        prior_diameter_mm=prior,
        months_since_prior=6,
        prior_category=prior_category,
    )
    assert apply_rules(lung, values).values["lungrads_category"] == category, source_row


def test_lungrads_category_0_for_suspected_infection(lung):
    values = _lung("solid", "follow_up_new", 12, suspected_infection=True)
    result = apply_rules(lung, values)
    assert result.values["lungrads_category"] == "0"
    assert "infectious" in result.explanations["lungrads_category"].source


def test_lungrads_category_1_for_benign_calcification(lung):
    values = _lung("calcified_benign", "baseline", 12)
    assert apply_rules(lung, values).values["lungrads_category"] == "1"


def test_lungrads_says_what_is_missing_instead_of_guessing(lung):
    seen_before = _lung("solid", "follow_up_existing", 7.0)
    result = apply_rules(lung, seen_before)
    assert "lungrads_category" not in result.values
    assert "prior mean diameter" in result.explanations["lungrads_category"].text
    part_solid = _lung("part_solid", "baseline", 9.0)
    result = apply_rules(lung, part_solid)
    assert "solid component size needed" in result.explanations["lungrads_category"].text


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
