"""The design system's colour roles meet WCAG 2.2 AA contrast where they are used."""

from content.design_tokens import PAIRS, colour_tokens, contrast_ratio, contrast_report


def test_every_colour_pair_the_components_use_meets_its_contrast_minimum():
    report = contrast_report()
    assert len(report) == len(PAIRS)  # every role the pairs name is set in the stylesheet
    failing = [pair for pair in report if pair["ratio"] < pair["minimum"]]
    assert failing == []


def test_contrast_is_computed_as_wcag_defines_it():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#777777", "#ffffff"), 2) == 4.48  # the well-known near miss
    assert contrast_ratio("#1b2430", "#ffffff") == contrast_ratio("#ffffff", "#1b2430")


def test_the_tokens_are_read_from_the_stylesheet():
    tokens = colour_tokens()
    assert tokens["color-bg"] == "#ffffff"
    assert all(value.startswith("#") and len(value) == 7 for value in tokens.values())
