"""Validation: each broken fixture reports each of its problems, exactly once."""

from collections import Counter

import pytest
from helpers_mrrt import fixture_bytes

from reporting.mrrt import parse_template, shipped_template_path, validate_template

EXPECTED = {
    "minimal-valid": [],
    # Real-world quirks: warnings only (RSNA's older files, lower-case status).
    "messy-script-attributes": ["template-attributes-not-xml", "status-case"],
    "messy-comment-attributes": [
        "template-attributes-not-in-script",
        "template-attributes-not-xml",
    ],
    "broken-no-title": ["title-count"],
    "broken-two-attributes": ["template-attributes-count"],
    "broken-dangling-entry": ["coded-content-dangling"],
    "broken-term-two-codes": ["term-code-count"],
    "broken-head": [
        "title-count",
        "charset-missing",
        "dc-missing",
        "dc-missing",
        "dc-type",
        "coding-schemes-empty",
        "code-incomplete",
        "code-incomplete",
    ],
    "broken-fields": [
        "field-label-missing",
        "min-greater-than-max",
        "duplicate-id",
        "field-id-renamed",
        "selection-no-options",
        "completion-action-invalid",
        "coded-content-missing",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_reports_exactly_its_problems(name):
    problems = validate_template(fixture_bytes(name))
    assert Counter(p.code for p in problems) == Counter(EXPECTED[name])


def test_problem_messages_say_what_and_where():
    problems = {p.code: p for p in validate_template(fixture_bytes("broken-dangling-entry"))}
    dangling = problems["coded-content-dangling"]
    assert "no_such_element" in dangling.message
    assert dangling.where == "coded_content/no_such_element"
    fields = validate_template(fixture_bytes("broken-fields"))
    assert {p.where for p in fields} == {"unlabelled", "size", "grade", "urgency", "coded_content"}
    head = [p for p in validate_template(fixture_bytes("broken-head")) if p.code == "dc-missing"]
    assert sorted(p.where for p in head) == ["dcterms.creator", "dcterms.license"]
    incomplete = [p.message for p in validate_template(fixture_bytes("broken-head"))]
    assert "a code has no meaning" in incomplete and "a code has no scheme" in incomplete


def test_two_scripts_each_with_attributes_is_one_problem():
    html = fixture_bytes("minimal-valid").decode()
    start, end = html.index('<script type="text/xml">'), html.index("</script>") + 9
    doubled = html[:end] + html[start:end] + html[end:]
    assert [p.code for p in validate_template(doubled)] == ["script-count"]


def test_missing_attributes_block_and_structure():
    html = "<html><head><title>t</title></head><body></body><body></body></html>"
    codes = Counter(p.code for p in validate_template(html))
    assert codes["template-attributes-missing"] == 1
    assert codes["body-count"] == 1
    assert codes["charset-missing"] == 1
    assert codes["dc-missing"] == 10


def test_undeclared_scheme_and_bad_numbers_are_reported():
    html = fixture_bytes("minimal-valid").decode()
    html = html.replace('scheme="LOINC"/>', 'scheme="SNOMEDCT"/>')
    html = html.replace('<textarea id="note" data-field-type="TEXT">', '<input id="note" min="x">')
    codes = [p.code for p in validate_template(html)]
    assert codes == ["code-scheme-undeclared", "number-attribute-invalid"]


@pytest.mark.parametrize(
    "opening",
    [b"<![\x01", b"<!["],  # Hypothesis's falsifying examples (test_mrrt_property)
    ids=["control-char", "bracket"],
)
def test_malformed_marked_section_before_doctype_is_a_problem_not_a_crash(opening):
    # The shipped carotid template with its "<!DOCTYPE" turned into "<![DOCTYPE" (with and
    # without a control character): the stdlib tokenizer raised AssertionError here.
    source = shipped_template_path("carotid-duplex").read_bytes()
    assert source.startswith(b"<!DOCTYPE html>")
    mutated = opening + source[2:]
    codes = [p.code for p in validate_template(mutated)]
    assert "doctype-missing" in codes
    assert parse_template(mutated).title == "Carotid duplex ultrasound"


def test_malformed_marked_section_inside_attributes_block_is_read_leniently():
    html = fixture_bytes("minimal-valid").decode()
    html = html.replace("<template_attributes>", "<template_attributes><![ junk ]>", 1)
    codes = [p.code for p in validate_template(html)]
    assert codes == ["template-attributes-not-xml"]
