"""``python -m reporting export --format dicom-sr|fhir --report REPORT.json --out FILE``.

REPORT.json: ``{"template": "<shipped id or .html path>", "values": {field_id: value}}``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from reporting.cli import CommandError, emit
from reporting.cli.template import load_template
from reporting.mrrt import ReportValueError

MAX_REPORT_BYTES = 1024 * 1024


def _read_report(name: str) -> dict[str, Any]:
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"{name}: no such file")
    if path.stat().st_size > MAX_REPORT_BYTES:
        raise CommandError(f"{name}: report file is too large (> {MAX_REPORT_BYTES} bytes)")
    try:
        report = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"{name}: not a JSON report ({error})") from None
    if not isinstance(report, dict):
        raise CommandError(f"{name}: the report must be a JSON object")
    if not isinstance(report.get("template"), str):
        raise CommandError(f'{name}: "template" must name a shipped template or an .html file')
    if not isinstance(report.get("values", {}), dict):
        raise CommandError(f'{name}: "values" must be an object of field id -> value')
    return report


def _export(args: argparse.Namespace) -> int:
    report = _read_report(args.report)
    template_name = report["template"]
    if not Path(template_name).is_absolute() and not Path(template_name).exists():
        # A relative template path is relative to the report file.
        sibling = Path(args.report).parent / template_name
        if sibling.is_file():
            template_name = str(sibling)
    template = load_template(template_name)
    values = report.get("values", {})
    out = Path(args.out)
    try:
        if args.format == "fhir":
            from reporting.export.fhir import export_fhir_bundle

            bundle = export_fhir_bundle(template, values)
            out.write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n", "utf-8")
        else:
            from reporting.export.dicom_sr import export_dicom_sr

            dataset = export_dicom_sr(template, values)
            dataset.save_as(out, enforce_file_format=True)
    except ReportValueError as error:
        raise CommandError(f"{args.report}: {error}") from None
    except OSError as error:
        raise CommandError(f"{args.out}: cannot write ({error.strerror})") from None
    emit({"format": args.format, "out": str(out), "template": template.identifier})
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("export", help="export a finished report (DICOM SR, FHIR)")
    parser.add_argument("--format", required=True, choices=["dicom-sr", "fhir"])
    parser.add_argument("--report", required=True, help="REPORT.json: template and values")
    parser.add_argument("--out", required=True, help="output file")
    parser.set_defaults(handler=_export)
