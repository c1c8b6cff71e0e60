"""Rendering: conformant MRRT out, the same model back in; filled reports escaped."""

import lxml.html
import pytest
from helpers_mrrt import all_template_sources

from reporting.mrrt import (
    ReportValueError,
    load_shipped_template,
    parse_template,
    render_filled_report,
    render_template,
    template_to_dict,
    validate_template,
)

SOURCES = all_template_sources()


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_round_trip_gives_the_same_model(name):
    parsed = parse_template(SOURCES[name])
    assert parse_template(render_template(parsed)) == parsed


@pytest.mark.parametrize("name", [n for n in sorted(SOURCES) if n.startswith("shipped:")])
def test_rendered_shipped_templates_are_still_valid(name):
    assert validate_template(render_template(parse_template(SOURCES[name]))) == []


def test_rendering_a_messy_template_moves_attributes_into_a_script():
    messy = parse_template(SOURCES["fixture:messy-comment-attributes"])
    html = render_template(messy)
    assert '<script type="text/xml">' in html
    assert [p.code for p in validate_template(html)] == []


def test_rendered_fields_carry_mrrt_attributes_and_labels():
    html = render_template(load_shipped_template("carotid-duplex"))
    doc = lxml.html.document_fromstring(html)
    psv = doc.get_element_by_id("right_ica_psv")
    assert psv.get("data-field-type") == "NUMBER"
    assert psv.get("data-field-units") == "cm/s"
    assert doc.xpath('//label[@for="right_ica_psv"]')[0].text == "Right ICA peak systolic velocity"


def test_filled_report_puts_values_in_place_and_escapes_them():
    template = load_shipped_template("thyroid-nodule-tirads")
    values = {
        "nodule_size_mm": 23.5,
        "composition": "solid",
        "echogenic_foci": ["macrocalcifications", "punctate"],
        "impression": "<script>alert('x')</script> & TR4",
    }
    html = render_filled_report(template, values)
    assert "<script>alert" not in html
    doc = lxml.html.document_fromstring(html)
    assert doc.get_element_by_id("nodule_size_mm").get("value") == "23.5"
    assert doc.get_element_by_id("composition").value == "solid"
    assert set(doc.get_element_by_id("echogenic_foci").value) == {"macrocalcifications", "punctate"}
    assert doc.get_element_by_id("impression").text.strip() == "<script>alert('x')</script> & TR4"


def test_filled_report_checks_a_checkbox():
    template = parse_template(SOURCES["fixture:messy-comment-attributes"])
    unchecked = render_filled_report(template, {"seen": False})
    checked = render_filled_report(template, {"seen": True})
    assert lxml.html.document_fromstring(checked).get_element_by_id("seen").checked
    assert not lxml.html.document_fromstring(unchecked).get_element_by_id("seen").checked


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"no_such_field": 1}, "unknown field"),
        ({"nodule_size_mm": "23"}, "expected a number"),
        ({"nodule_size_mm": True}, "expected a number"),
        ({"nodule_size_mm": -1}, "below the minimum"),
        ({"composition": "liquid"}, "not an option"),
        ({"composition": ["solid"]}, "expected one option"),
        ({"echogenic_foci": "punctate"}, "list of option values"),
        ({"impression": 5}, "expected text"),
    ],
)
def test_values_that_do_not_fit_are_refused_clearly(values, message):
    with pytest.raises(ReportValueError, match=message):
        render_filled_report(load_shipped_template("thyroid-nodule-tirads"), values)


def test_template_to_dict_lists_fields_flat_in_document_order():
    data = template_to_dict(load_shipped_template("carotid-duplex"))
    fields = {f["id"]: f for f in data["fields"]}
    assert [f["id"] for f in data["fields"]][:2] == ["clinical_info", "right_cca_psv"]
    psv = fields["right_ica_psv"]
    assert (psv["type"], psv["units"], psv["section"], psv["min"]) == (
        "NUMBER",
        "cm/s",
        "right_carotid",
        0.0,
    )
    assert {"code": "11726-7", "scheme": "LN", "meaning": "Peak systolic velocity"} in psv["codes"]
    grade = fields["left_stenosis_grade"]
    assert grade["options"][1]["value"] == "lt50" and grade["options"][1]["label"] == "<50%"
    assert fields["impression"]["multiline"] is True
    assert data["sections"][0]["kind"] == "section"
