"""Property: parse and validate never raise anything but TemplateParseError."""

from helpers_mrrt import all_template_sources
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporting.mrrt import TemplateParseError, parse_template, validate_template

SEEDS = list(all_template_sources().values())
TOKENS = [
    "<",
    ">",
    "</",
    "/>",
    "<!--",
    "-->",
    '"',
    "<section>",
    "</section>",
    "<script type='text/xml'>",
    "</script>",
    "<template_attributes>",
    "<code value='RID1' scheme='x'",
    "<entry ORIGTXT='a'>",
    "<input type=number min=x max=1e999 step=nan>",
    "<select id=a multiple>",
    "<option>",
    "<label for=a>",
    "<textarea>",
    "&#0;",
    "&amp",
    "\x00",
    "\ufffd",
    "\udcff",
    "<?xml version='1.0' encoding='latin-1'?>",
    "<meta charset=idna>",
]


def check(data):
    try:
        parse_template(data)
        problems = validate_template(data)
    except TemplateParseError:
        return
    assert all(p.code and p.message for p in problems)


@st.composite
def mutated_template(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.integers(0, 2))
        pos = draw(st.integers(0, len(data)))
        if action == 0:  # delete a slice
            del data[pos : pos + draw(st.integers(1, 200))]
        elif action == 1:  # insert a markup token
            token = draw(st.sampled_from(TOKENS)).encode("utf-8", "surrogatepass")
            data[pos:pos] = token
        else:  # insert random bytes
            data[pos:pos] = draw(st.binary(max_size=20))
    return bytes(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_template())
def test_mutated_templates_never_crash(data):
    check(data)
    check(data.decode("utf-8", "replace"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=60).map("".join))
def test_random_text_never_crashes(text):
    check(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(data):
    check(data)
