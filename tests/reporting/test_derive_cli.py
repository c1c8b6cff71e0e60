"""``python -m reporting derive``: every derived field with the rule row that fired.

Expected categories are the published tables (Lung-RADS v2022: solid at baseline 6 to
< 8 mm is 3; ACR TI-RADS: spongiform scores 0 points, TR1), not the engine's output.
"""

from __future__ import annotations

import json

from reporting.cli import main


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_derive_prints_each_derived_field_with_its_row_and_source(tmp_path, capsys):
    values = tmp_path / "v.json"
    values.write_text(
        json.dumps({"nodule_type": "solid", "exam_type": "baseline", "nodule_diameter_mm": 5.96})
    )
    code, out, err = run(
        ["derive", "--template", "lung-nodule-lungrads", "--values", str(values)], capsys
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["rule_sets"] == ["lungrads-2022"]
    derived = {d["field"]: d for d in result["derived"]}
    assert derived["diameter_rounded_mm"]["value"] == 6.0
    category = derived["lungrads_category"]
    assert category["value"] == "3"
    assert category["rule"] == "lungrads-2022/category"
    assert "row" in category["row"] and "6 to < 8 mm" in category["source"]
    assert "growth_mm" in {d["field"] for d in result["not_derived"]}


def test_derive_reads_a_report_and_names_the_rule_sets_asked_for(tmp_path, capsys):
    report = tmp_path / "r.json"
    values = {
        "composition": "spongiform",
        "echogenicity": "hypoechoic",
        "shape": "taller_than_wide",
        "margin": "smooth",
        "echogenic_foci": ["comet_tail"],
        "nodule_size_mm": 30,
        "tirads_level": "TR4",
    }
    report.write_text(json.dumps({"template": "thyroid-nodule-tirads", "values": values}))
    code, out, _ = run(
        [
            "derive",
            "--template",
            "thyroid-nodule-tirads",
            "--values",
            str(report),
            "--rules",
            "acr-tirads-2017",
        ],
        capsys,
    )
    assert code == 0
    derived = {d["field"]: d for d in json.loads(out)["derived"]}
    assert derived["tirads_points"]["value"] == 0
    assert derived["tirads_level"]["value"] == "TR1"
    assert derived["tirads_level"]["given"] == "TR4"  # the given answer never feeds the rules
    assert derived["recommendation"]["value"] == "none"


def test_derive_refuses_bad_input_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"nope": 1}))
    code, _, err = run(
        ["derive", "--template", "lung-nodule-lungrads", "--values", str(bad)], capsys
    )
    assert code == 1 and "unknown field id nope" in err and "Traceback" not in err
    code, _, err = run(
        ["derive", "--template", "lung-nodule-lungrads", "--values", str(tmp_path / "none.json")],
        capsys,
    )
    assert code == 1 and "no such file" in err
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"nodule_type": "solid"}))
    code, _, err = run(
        ["derive", "--template", "lung-nodule-lungrads", "--values", str(good), "--rules", "x"],
        capsys,
    )
    assert code == 1 and "rule set not found" in err
