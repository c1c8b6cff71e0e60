"""Generated cases: deterministic, cover every grade, valid DICOM; the CLI around them."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pydicom
import pytest

from reporting.cli import case as case_cli
from reporting.cli import grade as grade_cli
from reporting.generate import generate_cases
from tests.reporting.conftest import needs

ROOT = Path(__file__).resolve().parents[3]


def _bytes(ds) -> bytes:
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def test_same_seed_same_bytes_different_seed_differs():
    a, b = generate_cases("carotid", 2, 7), generate_cases("carotid", 2, 7)
    assert [_bytes(c.dataset) for c in a] == [_bytes(c.dataset) for c in b]
    assert [c.key for c in a] == [c.key for c in b]
    assert _bytes(generate_cases("carotid", 1, 8)[0].dataset) != _bytes(a[0].dataset)


def test_carotid_set_covers_every_sru_grade(carotid_cases):
    grades = {
        case.key["fields"][f"{side}_stenosis_grade"]["expected"]
        for case in carotid_cases
        for side in ("right", "left")
    }
    assert grades == {"normal", "lt50", "50_69", "ge70", "near_occlusion", "occlusion"}
    psvs = {
        case.key["fields"][f"{s}_ica_psv"]["expected"]
        for case in carotid_cases
        for s in ("right", "left")
    }
    assert {124.0, 125.0, 126.0, 229.0, 230.0, 231.0} <= psvs


def test_thyroid_set_covers_levels_and_recommendations(thyroid_cases):
    fields = [c.key["fields"] for c in thyroid_cases]
    assert {f["tirads_level"]["expected"] for f in fields} == {"TR1", "TR2", "TR3", "TR4", "TR5"}
    assert {f["recommendation"]["expected"] for f in fields} == {"none", "follow_up", "fna"}
    assert all("acr-tirads-2017" in f["tirads_level"]["rule"] for f in fields)


def test_lung_cases_have_categories():
    cats = {c.key["fields"]["lungrads_category"]["expected"] for c in generate_cases("lung", 14, 0)}
    assert cats == {"2", "3", "4A", "4B"}


def test_lung_cases_are_keyed_on_the_diameter_rounded_to_one_decimal():
    # Lung-RADS v2022 (mean diameter to one decimal first): solid baseline 5.96 -> 6.0 mm,
    # category 3 (6 to < 8 mm); new solid 7.96 -> 8.0 mm, 4B (>= 8 mm); non-solid 29.96 ->
    # 30.0 mm, 3 (>= 30 mm).
    published = {5.96: "3", 7.96: "4B", 29.96: "3"}
    cases = generate_cases("lung", 17, 0)[14:]
    keyed = {
        c.key["fields"]["nodule_diameter_mm"]["expected"]: c.key["fields"]["lungrads_category"][
            "expected"
        ]
        for c in cases
    }
    assert keyed == published


@needs("dciodvfy")
def test_generated_files_pass_dciodvfy(tmp_path):
    for kind in ("carotid", "thyroid", "lung"):
        case = generate_cases(kind, 3, 2)[2]
        path = tmp_path / f"{case.name}.dcm"
        case.dataset.save_as(path, enforce_file_format=True)
        out = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True)
        errors = [line for line in out.stderr.splitlines() if line.startswith("Error")]
        assert errors == [], errors


@needs("dsrdump")
def test_generated_files_parse_with_dsrdump(tmp_path):
    for kind in ("carotid", "thyroid"):
        case = generate_cases(kind, 1, 4)[0]
        path = tmp_path / "c.dcm"
        case.dataset.save_as(path, enforce_file_format=True)
        out = subprocess.run(["dsrdump", str(path)], capture_output=True, text=True)
        assert out.returncode == 0 and "CONTAINER" in out.stdout


def _run(argv):
    """Our commands through argparse, independent of the other groups' modules."""
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="group", required=True)
    case_cli.register(sub)
    grade_cli.register(sub)
    args = parser.parse_args(argv)
    from reporting.cli import CommandError

    try:
        return args.handler(args)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def test_cli_generate_extract_phi_grade(tmp_path, capsys):
    assert (
        _run(
            [
                "case",
                "generate",
                "--kind",
                "carotid",
                "--count",
                "2",
                "--seed",
                "5",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    capsys.readouterr()
    dcm, key = tmp_path / "carotid-5-0.dcm", tmp_path / "carotid-5-0.key.json"
    assert dcm.exists() and key.exists()
    assert _run(["case", "extract", str(dcm)]) == 0
    extracted = json.loads(capsys.readouterr().out)
    m = extracted["measurements"][0]
    assert {"concept", "value", "unit", "laterality", "finding_site"} <= set(m)
    assert m["laterality"] in {"right", "left"} and isinstance(m["finding_site"], str)
    assert extracted["evaluations"] and extracted["tree"]
    assert _run(["case", "check-phi", str(dcm)]) == 0
    capsys.readouterr()
    report = tmp_path / "report.json"
    report.write_text(
        json.dumps({"template": "carotid-duplex", "values": {"right_plaque": "none"}})
    )
    assert _run(["grade", "--key", str(key), "--report", str(report)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["grader_version"] and 0 <= result["score"] <= 1


def test_cli_bad_input_exit_1_without_traceback(tmp_path, capsys):
    junk = tmp_path / "junk.dcm"
    junk.write_bytes(b"junk")
    assert _run(["case", "extract", str(junk)]) == 1
    assert _run(["case", "check-phi", str(junk)]) == 1
    assert _run(["grade", "--key", str(junk), "--report", str(junk)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error:" in err


def test_cli_deidentify_then_check(tmp_path, capsys):
    from pydicom.data import get_testdata_file

    out = tmp_path / "clean.dcm"
    src = get_testdata_file("test-SR.dcm")
    assert _run(["case", "check-phi", src]) == 1
    assert _run(["case", "deidentify", src, str(out), "--salt", "k", "--shift-days", "-7"]) == 0
    # A shifted date cannot be told from a real one: the check is told the dates moved.
    assert _run(["case", "check-phi", str(out)]) == 1
    assert _run(["case", "check-phi", str(out), "--dates-modified"]) == 0
    default = tmp_path / "dummy-dates.dcm"
    assert _run(["case", "deidentify", src, str(default), "--salt", "k"]) == 0
    assert _run(["case", "check-phi", str(default)]) == 0


def test_cli_deidentify_without_salt_says_the_random_salt(tmp_path, capsys):
    from pydicom.data import get_testdata_file

    src = get_testdata_file("test-SR.dcm")
    first, second = tmp_path / "a.dcm", tmp_path / "b.dcm"
    assert _run(["case", "deidentify", src, str(first)]) == 0
    err_first = capsys.readouterr().err
    assert _run(["case", "deidentify", src, str(second)]) == 0
    err_second = capsys.readouterr().err
    assert "random salt" in err_first and err_first != err_second
    a, b = pydicom.dcmread(first), pydicom.dcmread(second)
    assert a.SOPInstanceUID != b.SOPInstanceUID  # a fresh salt each run
    assert _run(["case", "check-phi", str(first)]) == 0


def test_subprocess_exit_codes(tmp_path):
    cmd = [sys.executable, "-m", "reporting"]
    ok = subprocess.run(
        [
            *cmd,
            "case",
            "generate",
            "--kind",
            "thyroid",
            "--count",
            "1",
            "--seed",
            "1",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if ok.returncode != 0 and "No module named" in ok.stderr:
        pytest.skip(f"CLI main not importable yet: {ok.stderr.strip().splitlines()[-1]}")
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [*cmd, "case", "extract", str(tmp_path / "missing.dcm")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 1 and "Traceback" not in bad.stderr


def test_a_generated_spongiform_nodule_is_keyed_tr1_whatever_else_is_seen():
    # ACR TI-RADS (Tessler 2017): spongiform scores 0 and no points are added for the other
    # categories; TR1 needs no FNA whatever the size (here 30 mm, hypoechoic, taller-than-
    # wide, comet-tail artifacts).
    (case,) = [c for c in generate_cases("thyroid", 15, 0) if c.plan["composition"] == "spongiform"]
    fields = case.key["fields"]
    assert case.plan["points"] == 0 and case.plan["size_mm"] == 30.0
    assert fields["tirads_points"]["expected"] == 0
    assert fields["tirads_level"]["expected"] == "TR1"
    assert fields["recommendation"]["expected"] == "none"
