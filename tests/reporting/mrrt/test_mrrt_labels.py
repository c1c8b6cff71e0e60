"""Fields get the labels a reader sees, also where the template has no <label for>."""

from helpers_mrrt import fixture_bytes

from reporting.mrrt import FieldType, parse_template, validate_template
from reporting.mrrt.problems import errors


def _template_with(body: str):
    html = fixture_bytes("minimal-valid").decode()
    start = html.index('<section id="findings"')
    end = html.index("</body>")
    return parse_template(html[:start] + body + html[end:])


def test_an_rsna_editor_checkbox_group_is_one_multi_select_field_with_its_options():
    template = parse_template(fixture_bytes("connectathon/rsna-editor-groups"))
    group = template.field("CHECKBOX_rel")
    assert group.type is FieldType.SELECTION_LIST and group.multiple
    assert group.label == "Relevante Informationen:"  # a <label for> is taken as written
    assert [(o.value, o.label) for o in group.options] == [
        ("Knorpel", "Knorpelinfiltration"),
        ("Larynx", "Infiltration des Larynx"),
    ]
    # Not also two single checkboxes:
    assert template.field("CHECKBOX_rel_0") is None and template.field("CHECKBOX_rel_1") is None


def test_an_rsna_editor_radio_group_keeps_its_free_text_box_as_a_field_of_its_own():
    template = parse_template(fixture_bytes("connectathon/rsna-editor-groups"))
    radios = template.field("RADIO_vor")
    assert radios.type is FieldType.SELECTION_LIST and not radios.multiple
    assert radios.label == "Voraufnahmen"
    assert [o.label for o in radios.options] == ["Keine Voraufnahmen.", "Letzte"]
    assert [o.selected for o in radios.options] == [True, False]
    free_text = template.field("RADIO_vor_1_FreeText")
    assert free_text.type is FieldType.TEXT and free_text.label == "Letzte"


def test_text_before_a_control_and_the_first_cell_of_its_row_are_labels():
    template = parse_template(fixture_bytes("connectathon/rsna-editor-groups"))
    alpha = template.field("alpha")
    assert (alpha.label, alpha.units) == ("Alpha-Winkel", "deg")
    assert template.field("stenose").label == "Stenosegrad"
    assert errors(validate_template(fixture_bytes("connectathon/rsna-editor-groups"))) == []
    assert "field-label-missing" not in {
        p.code for p in validate_template(fixture_bytes("connectathon/rsna-editor-groups"))
    }


def test_text_before_a_control_stops_at_the_previous_control():
    template = _template_with(
        '<section data-section-name="Lunge"><header>Lunge</header>'
        '<p><label>Oberlappen</label> re: <input type="checkbox" id="ol_re">'
        ' li: <input type="checkbox" id="ol_li"></p>'
        '<p>Herd <input type="number" id="herd"> mm, Lage: <select id="lage">'
        "<option>apikal</option></select></p></section>"
    )
    labels = {f.id: f.label for f in template.iter_fields()}
    assert labels == {"ol_re": "Oberlappen re", "ol_li": "li", "herd": "Herd", "lage": "mm, Lage"}


def test_labels_of_other_controls_are_not_taken():
    template = _template_with(
        '<section data-section-name="S"><header>S</header><p>Frage</p>'
        '<table><tr><td><input type="checkbox" id="ja"><label for="ja">ja</label>'
        '<input type="text" id="welche"></td></tr></table></section>'
    )
    # "ja" belongs to the checkbox; the text box right after it is its "other" box.
    assert template.field("welche").label == "ja"


def test_a_lone_textarea_under_a_section_header_is_named_by_the_header():
    template = _template_with(
        '<section data-section-name="Clinical question"><header class="level1">'
        'Fragestellung</header><p><textarea id="frage"></textarea></p></section>'
    )
    assert template.field("frage").label == "Fragestellung"


def test_a_field_with_no_text_near_it_is_named_by_its_section_with_a_warning():
    html = (
        fixture_bytes("minimal-valid")
        .decode()
        .replace(
            "</section>",
            '<table><tr><td><textarea id="other"></textarea></td></tr></table></section>',
        )
    )
    template = parse_template(html)
    assert template.field("other").label == "Findings"
    codes = [p.code for p in validate_template(html)]
    assert "field-label-from-section" in codes and "field-label-missing" not in codes


def test_a_control_without_id_or_name_is_kept_under_a_made_up_id():
    html = (
        fixture_bytes("minimal-valid")
        .decode()
        .replace(
            "</section>", '<p>Befund <select><option value="a">a</option></select></p></section>'
        )
    )
    template = parse_template(html)
    made_up = [f for f in template.iter_fields() if f.id.startswith("unnamed-")]
    assert [(f.id, f.label) for f in made_up] == [("unnamed-select-1", "Befund")]
    assert "field-id-missing" in {p.code for p in validate_template(html)}


def test_a_unit_written_after_a_number_box_is_its_unit_with_a_warning():
    html = (
        fixture_bytes("minimal-valid")
        .decode()
        .replace(
            "</section>",
            '<table><tr><td><label for="lvedd">LV EDD:</label></td>'
            '<td><input type="number" id="lvedd">&nbsp;mm</td></tr>'
            '<tr><td>LVEDVi</td><td><input type="number" id="edvi"> ml/m 2 (Norm: xx)</td></tr>'
            '<tr><td>Serie</td><td><input type="number" id="serie">, Bild</td></tr></table>'
            "</section>",
        )
    )
    template = parse_template(html)
    assert [(f.id, f.units) for f in template.iter_fields() if f.type is FieldType.NUMBER] == [
        ("lvedd", "mm"),
        ("edvi", "ml/m²"),
        ("serie", None),
    ]
    warned = [p.where for p in validate_template(html) if p.code == "units-from-text"]
    assert warned == ["lvedd", "edvi"]
