"""The ACR Lung-RADS v2022 rule set at and on either side of every threshold.

Expected values are the published categories, written out here row by row (never computed
by the engine under test). Each case names the source row it checks.
"""

from __future__ import annotations

import pytest

from reporting.rules import apply_rules, load_ruleset

LR = "ACR Lung-RADS v2022"


@pytest.fixture(scope="module")
def lung():
    return load_ruleset("lungrads-2022")


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
