"""Transfer: SR concepts + context -> template fields, with notes for every decision."""

from __future__ import annotations

import pytest

from reporting.sr import read_case
from reporting.transfer import MappingError, load_mapping, transfer
from reporting.units import UnitError, convert


def test_unit_conversions():
    assert convert(1.25, "m/s", "cm/s") == pytest.approx(125)
    assert convert(125, "cm/s", "mm/s") == pytest.approx(1250)
    assert convert(2.5, "cm", "mm") == pytest.approx(25)
    assert convert(50, "%", "1") == pytest.approx(0.5)
    assert convert(3, "cm/sec", "cm/s") == 3
    with pytest.raises(UnitError, match="cannot convert"):
        convert(1, "cm", "cm/s")
    with pytest.raises(UnitError, match="unknown unit"):
        convert(1, "furlong", "m")


def test_carotid_fields_filled_from_both_sides(carotid_cases):
    gen = carotid_cases[0]
    result = transfer(read_case(gen.dataset), load_mapping("carotid-duplex"))
    for side in ("right", "left"):
        for name in ("cca_psv", "cca_edv", "ica_psv", "ica_edv", "ica_cca_ratio", "plaque"):
            assert f"{side}_{name}" in result.values
    assert isinstance(result.values["right_ica_psv"], float)
    assert result.values["clinical_info"]
    assert not [n for n in result.notes if n.kind == "unmapped"]


def test_occluded_side_notes_empty_values(carotid_cases):
    gen = next(c for c in carotid_cases if "occlusion" in c.plan.values())
    side = next(s for s, v in gen.plan.items() if v == "occlusion")
    result = transfer(read_case(gen.dataset), load_mapping("carotid-duplex"))
    assert f"{side}_ica_psv" not in result.values
    assert any(n.kind == "empty" and n.field == f"{side}_ica_psv" for n in result.notes)
    assert result.values[f"{side}_plaque"] == "no_lumen"


def test_ambiguous_measurements_are_not_filled(carotid_cases):
    case = read_case(carotid_cases[0].dataset)
    mapping = load_mapping(
        {
            "template": "t",
            "fields": {
                "psv": {
                    "source": "measurement",
                    "concept": {"code": "11726-7", "scheme": "LN"},
                    "unit": "m/s",
                }
            },
        }
    )
    result = transfer(case, mapping)
    assert "psv" not in result.values
    assert any(n.kind == "ambiguous" for n in result.notes)


def test_thyroid_multiple_and_location(thyroid_cases):
    gen = next(c for c in thyroid_cases if c.plan["points"] == 11)
    values = transfer(read_case(gen.dataset), load_mapping("thyroid-nodule-tirads")).values
    assert sorted(values["echogenic_foci"]) == ["macrocalcifications", "punctate"]
    assert values["nodule_location"] == gen.plan["location"]
    assert values["nodule_size_mm"] == gen.plan["size_mm"]


def test_bad_mapping_is_reported():
    with pytest.raises(MappingError, match="source"):
        load_mapping({"template": "t", "fields": {"x": {"source": "magic"}}})
    with pytest.raises(MappingError, match="not found"):
        load_mapping("no-such-template")
