"""Parsing real-world-shaped templates: lenient, case-insensitive, codes normalised."""

import pytest
from helpers_mrrt import fixture_bytes

from reporting.codes import Code
from reporting.mrrt import (
    CompletionAction,
    FieldType,
    TemplateParseError,
    parse_template,
    shipped_template_ids,
    shipped_template_path,
)
from reporting.mrrt.attributes import _Builder, parse_block
from reporting.mrrt.source import MAX_BYTES


def test_attributes_in_a_comment_with_unclosed_codes_are_read():
    template = parse_template(fixture_bytes("messy-comment-attributes"))
    assert template.status == "ACTIVE"
    assert [s.name for s in template.coding_schemes] == ["RADLEX", "LN"]
    assert template.codes == (Code("RID170", "RADLEX", "fixture modality"),)
    findings = next(template.iter_sections())
    assert findings.codes == (Code("59776-5", "LN", "Findings"),)


def test_radlex_urls_and_lower_case_rids_become_bare_rids():
    template = parse_template(fixture_bytes("messy-comment-attributes"))
    assert template.field("size").codes[0] == Code("RID28472", "RADLEX", "fixture size term")
    hypo = template.field("density").option("hypo")
    assert hypo.codes == (Code("RID5000", "RADLEX", "fixture density term"),)
    newer = parse_template(fixture_bytes("messy-script-attributes"))
    assert newer.field("length").codes[0].value == "RID28472"


def test_number_input_without_data_field_type_is_a_number_with_units():
    size = parse_template(fixture_bytes("messy-comment-attributes")).field("size")
    assert size.type is FieldType.NUMBER
    assert (size.units, size.min, size.max) == ("mm", 0, 150)
    assert size.label == "Lesion size"


def test_upper_case_markup_checkbox_radios_and_nested_sections():
    template = parse_template(fixture_bytes("messy-comment-attributes"))
    assert template.field("seen").type is FieldType.CHECKBOX
    assert template.field("seen").default == "true"
    side = template.field("side")
    assert side.type is FieldType.SELECTION_LIST and not side.multiple
    assert side.label == "Side"
    assert [(o.value, o.label, o.selected) for o in side.options] == [
        ("right", "Right", False),
        ("left", "Left", True),
    ]
    assert [s.id for s in template.iter_sections()] == ["findings", "details"]
    assert template.field("comment").multiline
    assert template.field("comment").default == "No further lesion."
    assert [o.value for o in template.field("density").options] == ["hypo", "iso"]


def test_script_wrapped_attributes_scheme_spellings_and_field_attributes():
    template = parse_template(fixture_bytes("messy-script-attributes"))
    assert template.top_level is False
    assert [s.name for s in template.coding_schemes] == ["RADLEX", "SCT", "LN"]
    side = template.field("side")
    assert side.multiple and side.option("right").codes == (Code("24028007", "SCT", "Right"),)
    notes = template.field("notes")
    assert notes.completion_action is CompletionAction.ALERT
    assert notes.merge_flag and notes.verbal_trigger == "notes"
    assert template.field("length").label == "Length"  # label wrapping the input
    assert template.field("exam_date").type is FieldType.DATE
    assert template.field("exam_time").default == "08:30"


def test_dublin_core_metadata_is_read_whatever_the_case():
    meta = parse_template(fixture_bytes("messy-comment-attributes")).metadata
    assert meta.title == "Fixture: legacy CT head"
    assert meta.type == "IMAGE_REPORT_TEMPLATE"
    assert meta.creators == ("First fixture author", "Second fixture author")
    assert meta.contributors == ("Fixture reviewer",)


def test_bytes_in_windows_1252_are_decoded():
    html = fixture_bytes("minimal-valid").replace(
        b"Note</label>", "Notiz \u00e9</label>".encode("cp1252")
    )
    assert parse_template(html).field("note").label == "Notiz \u00e9"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        ("   \n", "empty"),
        (b"just words, no markup", "not HTML"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"<p>" + b"x" * (MAX_BYTES + 1), "too large"),
        (12345, "expected HTML"),
        ("<!-- only a comment -->", "cannot parse"),
    ],
)
def test_hopeless_input_raises_template_parse_error_with_a_clear_message(data, message):
    with pytest.raises(TemplateParseError, match=message):
        parse_template(data)


def test_an_html_page_that_is_no_template_parses_to_an_empty_template():
    template = parse_template("<p>Hello</p>")
    assert template.content == () and template.coding_schemes == ()


@pytest.mark.parametrize("template_id", shipped_template_ids())
def test_fast_xml_reading_of_attributes_equals_the_lenient_reading(template_id):
    html = shipped_template_path(template_id).read_text()
    block = html[html.index("<template_attributes>") : html.index("</script>")]
    lenient = _Builder()
    lenient.feed(block)
    lenient.close()
    assert parse_block(block) == lenient.root
