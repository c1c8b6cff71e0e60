"""The shipped templates: valid MRRT, exactly the field ids other parts rely on."""

import pytest

from reporting.codes import Code
from reporting.mrrt import (
    FieldType,
    load_shipped_template,
    shipped_template_ids,
    shipped_template_path,
    validate_template,
)

SIDES = ("right", "left")
CAROTID_SIDE_FIELDS = [
    "cca_psv",
    "cca_edv",
    "ica_psv",
    "ica_edv",
    "ica_cca_ratio",
    "plaque",
    "stenosis_grade",
]


def field_ids(template_id):
    return [f.id for f in load_shipped_template(template_id).iter_fields()]


def option_values(template_id, field_id):
    return [o.value for o in load_shipped_template(template_id).field(field_id).options]


def test_three_templates_are_shipped():
    assert shipped_template_ids() == [
        "carotid-duplex",
        "lung-nodule-lungrads",
        "thyroid-nodule-tirads",
    ]


@pytest.mark.parametrize("template_id", shipped_template_ids())
def test_every_shipped_template_has_no_problems(template_id):
    assert validate_template(shipped_template_path(template_id).read_bytes()) == []


@pytest.mark.parametrize("template_id", shipped_template_ids())
def test_every_shipped_template_codes_its_sections_with_loinc(template_id):
    template = load_shipped_template(template_id)
    codes = {c.value for s in template.iter_sections() if s.level == 1 for c in s.codes}
    assert "59776-5" in codes and "19005-8" in codes


def test_carotid_fields_in_document_order():
    expected = ["clinical_info"]
    expected += [f"{side}_{name}" for side in SIDES for name in CAROTID_SIDE_FIELDS]
    expected += ["impression"]
    assert field_ids("carotid-duplex") == expected


def test_carotid_sides_are_level2_sections_with_the_velocities_in_cm_per_s():
    template = load_shipped_template("carotid-duplex")
    for side in SIDES:
        section = next(s for s in template.iter_sections() if s.id == f"{side}_carotid")
        assert section.level == 2
        for name in ("cca_psv", "cca_edv", "ica_psv", "ica_edv"):
            field = template.field(f"{side}_{name}")
            assert field.type is FieldType.NUMBER and field.units == "cm/s"
        ratio = template.field(f"{side}_ica_cca_ratio")
        assert ratio.units is None and ratio.step == 0.01


def test_carotid_choices_and_codes():
    assert option_values("carotid-duplex", "right_plaque") == [
        "none",
        "plaque",
        "narrowed_lumen",
        "markedly_narrowed",
        "no_lumen",
    ]
    assert option_values("carotid-duplex", "left_stenosis_grade") == [
        "normal",
        "lt50",
        "50_69",
        "ge70",
        "near_occlusion",
        "occlusion",
    ]
    template = load_shipped_template("carotid-duplex")
    assert Code("11726-7", "LN", "Peak systolic velocity") in template.field("left_ica_psv").codes
    assert any(c.value == "86117002" for c in template.field("left_ica_psv").codes)
    assert any(c.value == "32062004" for c in template.field("right_cca_edv").codes)
    assert template.field("right_ica_cca_ratio").codes[0].value == "33868-1"
    assert template.field("impression").multiline


def test_thyroid_fields_and_options():
    assert field_ids("thyroid-nodule-tirads") == [
        "nodule_location",
        "nodule_size_mm",
        "composition",
        "echogenicity",
        "shape",
        "margin",
        "echogenic_foci",
        "tirads_points",
        "tirads_level",
        "recommendation",
        "impression",
    ]
    template = load_shipped_template("thyroid-nodule-tirads")
    assert template.field("nodule_size_mm").units == "mm"
    assert template.field("echogenic_foci").multiple
    assert not template.field("composition").multiple
    assert option_values("thyroid-nodule-tirads", "echogenic_foci") == [
        "none",
        "comet_tail",
        "macrocalcifications",
        "peripheral",
        "punctate",
    ]
    assert option_values("thyroid-nodule-tirads", "tirads_level") == [
        "TR1",
        "TR2",
        "TR3",
        "TR4",
        "TR5",
    ]
    assert option_values("thyroid-nodule-tirads", "recommendation") == ["none", "follow_up", "fna"]
    assert option_values("thyroid-nodule-tirads", "margin") == [
        "smooth",
        "ill_defined",
        "lobulated",
        "irregular",
        "extrathyroidal",
    ]


def test_lung_fields_and_options():
    # The inputs Lung-RADS v2022 needs (type, size, solid part, location, margin, shape,
    # the prior CT, suspected infection) and its categories 0 to 4B.
    assert sorted(field_ids("lung-nodule-lungrads")) == sorted(
        [
            "exam_type",
            "prior_category",
            "prior_diameter_mm",
            "months_since_prior",
            "nodule_type",
            "nodule_location",
            "nodule_margin",
            "nodule_shape",
            "nodule_diameter_mm",
            "solid_component_mm",
            "suspected_infection",
            "lungrads_category",
            "impression",
        ]
    )
    assert option_values("lung-nodule-lungrads", "nodule_type") == [
        "solid",
        "part_solid",
        "non_solid",
        "calcified_benign",
    ]
    assert option_values("lung-nodule-lungrads", "exam_type") == [
        "baseline",
        "follow_up_new",
        "follow_up_existing",
    ]
    assert option_values("lung-nodule-lungrads", "lungrads_category") == [
        "0",
        "1",
        "2",
        "3",
        "4A",
        "4B",
    ]
    assert load_shipped_template("lung-nodule-lungrads").field("nodule_diameter_mm").units == "mm"


def test_unknown_or_path_like_ids_are_refused():
    for bad in ("nope", "../pyproject", "carotid-duplex.html"):
        with pytest.raises(KeyError):
            load_shipped_template(bad)
