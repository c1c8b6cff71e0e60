"""Every real template of the German Radiological Society (../shared/corpus/mrrt/drg/,
45 files, CC BY 4.0) is read as its author meant it: no errors, one field for each form
control a browser shows, every field typed and labelled, options and units kept."""

import re

import pytest
from reference_controls import form_controls

from reporting.mrrt import FieldType, parse_template, validate_template
from reporting.mrrt.problems import errors
from tests.support.corpus import corpus_params, drg_templates

TEMPLATES = corpus_params(drg_templates())


@pytest.mark.parametrize("path", TEMPLATES)
def test_a_drg_template_has_no_errors(path):
    problems = validate_template(path.read_bytes())
    assert [p.as_dict() for p in errors(problems)] == []


def _same_control(control, field) -> bool:
    """The field stands for the control: same id, or the engine's made-up id for a control
    without id or name, or "<id>-N" for a later control repeating an id."""
    if not control.key:
        return field.id.startswith("unnamed-")
    return field.id == control.key or re.fullmatch(re.escape(control.key) + r"-\d+", field.id)


@pytest.mark.parametrize("path", TEMPLATES)
def test_its_fields_are_the_form_controls_an_html_tokenizer_finds(path):
    controls = form_controls(path.read_text(encoding="utf-8"))
    fields = list(parse_template(path.read_bytes()).iter_fields())
    assert len(fields) == len(controls)
    assert [f.id for f, c in zip(fields, controls, strict=True) if not _same_control(c, f)] == []
    assert len({f.id for f in fields}) == len(fields)  # one value per field in a report


@pytest.mark.parametrize("path", TEMPLATES)
def test_every_field_has_a_type_and_a_label(path):
    fields = list(parse_template(path.read_bytes()).iter_fields())
    assert fields
    assert [f.id for f in fields if not isinstance(f.type, FieldType)] == []
    assert [f.id for f in fields if not f.label.strip()] == []


@pytest.mark.parametrize("path", TEMPLATES)
def test_options_and_units_are_those_of_the_template(path):
    controls = form_controls(path.read_text(encoding="utf-8"))
    fields = list(parse_template(path.read_bytes()).iter_fields())
    for control, field in zip(controls, fields, strict=True):
        if control.kind == "select":
            assert field.type is FieldType.SELECTION_LIST, field.id
            assert [o.value for o in field.options] == control.options, field.id
        if control.kind == "group":
            assert field.type is FieldType.SELECTION_LIST and field.options, field.id
        if control.units:
            assert field.units == control.units, field.id
        if control.kind == "input:number" and control.declared in ("", "NUMBER"):
            assert field.type is FieldType.NUMBER, field.id


def test_the_corpus_is_all_there():
    paths = drg_templates()
    if not paths:
        pytest.skip("../shared/corpus is absent")
    assert len(paths) == 45
