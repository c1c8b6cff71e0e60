"""The IHE Connectathon structure evaluation (MRRT, RAD TF-3 8.1): IHE's valid sample
passes and each invalid variant fails for its own reason, not for a spurious one.

The fixture ``connectathon/ct-chest-abdomen.html`` is written for these tests to have
the structure of IHE's Connectathon sample ``CTChestAbdomen.html`` (2015, as kept in
openmrs-module-radiology's test resources); each variant below is derived from it the
way the named Connectathon file is derived from the sample.
"""

import pytest
from helpers_mrrt import FIXTURES

from reporting.mrrt import parse_template, validate_template
from reporting.mrrt.problems import errors, warnings

SAMPLE = (FIXTURES / "connectathon" / "ct-chest-abdomen.html").read_text(encoding="utf-8")
CODED_CONTENT = "<coded_content> </coded_content>"
SCRIPT = '<script type="text/xml">'
TITLE_META = '<meta name="dcterms.title" content="CT chest and abdomen"/>'


def _error_codes(html: str) -> list[str]:
    return sorted(p.code for p in errors(validate_template(html)))


def test_the_ihe_sample_has_no_errors_and_only_quality_warnings():
    problems = validate_template(SAMPLE)
    assert errors(problems) == []
    # Its section has no id: allowed by the profile, a warning here.
    assert [p.code for p in warnings(problems)] == ["section-id-missing"]
    template = parse_template(SAMPLE)
    assert template.status == "ACTIVE"
    assert [c.value for c in template.codes] == ["RID10321", "RID56", "RID1243"]


# (Connectathon file it stands for, how it differs from the sample, expected errors)
VARIANTS = [
    (
        "invalidMrrtReportTemplate-multipleCodedContent.html",
        lambda s: s.replace(CODED_CONTENT, CODED_CONTENT + "\n" + CODED_CONTENT),
        ["coded-content-count"],
    ),
    (
        "invalidMrrtReportTemplate-multipleMetaElementsWithCharsetAttribute.html",
        lambda s: s.replace(
            TITLE_META,
            '<meta charset="UTF-8" name="dcterms.title" content="CT chest and abdomen"/>',
        ),
        ["charset-count"],
    ),
    (
        "invalidMrrtReportTemplate-multipleScriptElements.html",
        lambda s: s.replace(SCRIPT, "<script></script>\n" + SCRIPT),
        ["script-count"],
    ),
    (
        "invalidMrrtReportTemplate-multipleTitleElements.html",
        lambda s: s.replace("</title>", "</title><title>Second</title>", 1),
        ["title-count"],
    ),
    (
        "invalidMrrtReportTemplate-multipleBodyElement.html",
        lambda s: s.replace("</body>", "</body><body></body>"),
        ["body-count"],
    ),
    (
        "invalidMrrtReportTemplate-multipleTemplateAttributesElement.html",
        lambda s: s.replace(
            "</template_attributes>", "</template_attributes><template_attributes/>"
        ),
        ["template-attributes-count"],
    ),
    (
        "invalidMrrtReportTemplate-termElementShouldHaveOneCodeElement.html",
        lambda s: s.replace(
            '<term type="body part"><code meaning="abdomen" value="RID56" scheme="RADLEX" />',
            '<term type="body part"><code meaning="abdomen" value="RID56" scheme="RADLEX" />'
            '<code meaning="liver" value="RID58" scheme="RADLEX" />',
        ),
        ["term-code-count"],
    ),
    (
        "invalidMrrtReportTemplate-missingAttributesInCodeElement.html",
        lambda s: s.replace('meaning="thorax" ', ""),
        ["code-incomplete"],
    ),
    (
        "invalidMrrtReportTemplate-codingSchemesShouldHaveAtLeastOneCodingSchemeElement.html",
        lambda s: s.replace(
            '<coding_scheme name="RADLEX" designator="2.16.840.1.113883.6.256" />', ""
        ),
        ["coding-schemes-empty"],
    ),
    (
        "invalidMrrtReportTemplate-noScriptElement.html (attributes gone altogether)",
        lambda s: s[: s.index(SCRIPT)] + s[s.index("</script>") + 9 :],
        ["template-attributes-missing"],
    ),
    # Further structure checks of the Connectathon evaluation, no named file:
    ("no HTML5 DOCTYPE", lambda s: s.replace("<!DOCTYPE html>", ""), ["doctype-missing"]),
    (
        "an ISO-8859-1 charset",
        lambda s: s.replace('<meta charset="UTF-8"/>', '<meta charset="ISO-8859-1"/>'),
        ["charset-not-utf8"],
    ),
    (
        "a second charset meta saying ISO-8859-1",
        lambda s: s.replace(
            '<meta charset="UTF-8"/>',
            '<meta charset="UTF-8"/><meta http-equiv="Content-Type" '
            'content="text/html; charset=ISO-8859-1"/>',
        ),
        ["charset-count", "charset-not-utf8"],
    ),
    (
        "a status that MRRT does not define",
        lambda s: s.replace("<status>ACTIVE</status>", "<status>FINAL</status>"),
        ["status-invalid"],
    ),
    (
        "a coding scheme without designator",
        lambda s: s.replace(' designator="2.16.840.1.113883.6.256"', ""),
        ["coding-scheme-incomplete"],
    ),
    (
        "two attribute scripts that both set the status",
        lambda s: s.replace(
            "</script>",
            "</script>\n" + SCRIPT + "<template_attributes><status>DRAFT</status>"
            "</template_attributes></script>",
        ),
        ["script-count"],
    ),
]


@pytest.mark.parametrize(("variant", "change", "expected"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_each_invalid_variant_fails_for_its_own_reason(variant, change, expected):
    html = change(SAMPLE)
    assert html != SAMPLE
    assert _error_codes(html) == sorted(expected)


def test_variant_messages_say_what_is_wrong():
    scripts = errors(validate_template(SAMPLE.replace(SCRIPT, "<script></script>\n" + SCRIPT)))
    assert "exactly one script" in scripts[0].message
    doubled = SAMPLE.replace(CODED_CONTENT, CODED_CONTENT * 2)
    assert "2 coded_content" in errors(validate_template(doubled))[0].message


@pytest.mark.parametrize(
    ("change", "warning"),
    [
        (
            lambda s: s.replace('content="CT chest and abdomen"', 'content="CT thorax"'),
            "dc-title-mismatch",
        ),
        (lambda s: s.replace(CODED_CONTENT, ""), "coded-content-missing"),
        (lambda s: s.replace("<status>ACTIVE</status>", ""), "status-missing"),
        (lambda s: s.replace("<status>ACTIVE</status>", "<status>active</status>"), "status-case"),
        (
            # DRG's stroke templates: flag and status in a second script, nothing twice.
            lambda s: s.replace("<status>ACTIVE</status>", "").replace(
                "</script>",
                "</script>\n" + SCRIPT + "<template_attributes><status>ACTIVE</status>"
                "</template_attributes></script>",
            ),
            "template-attributes-split",
        ),
        (
            lambda s: s.replace("</body>", "<script>console.log(1)</script></body>"),
            "script-ignored",
        ),
    ],
)
def test_what_real_templates_get_wrong_without_harm_is_a_warning(change, warning):
    problems = validate_template(change(SAMPLE))
    assert errors(problems) == []
    assert warning in {p.code for p in warnings(problems)}


def test_a_split_attribute_block_is_read_as_one():
    html = SAMPLE.replace("<status>ACTIVE</status>", "").replace(
        "</script>",
        "</script>\n" + SCRIPT + "<template_attributes><status>RETIRED</status>"
        "</template_attributes></script>",
    )
    template = parse_template(html)
    assert template.status == "RETIRED"
    assert [c.value for c in template.codes] == ["RID10321", "RID56", "RID1243"]
