"""``python -m reporting grade --key KEY.json --report REPORT.json``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from reporting.cli import CommandError, emit

__all__ = ["register"]

MAX_JSON = 5 * 1024 * 1024


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("grade", help="grade a report against an answer key")
    parser.add_argument("--key", required=True, help="answer key JSON")
    parser.add_argument("--report", required=True, help='{"template": id, "values": {...}}')
    parser.set_defaults(handler=_grade)


def _load(path: str, what: str) -> Any:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"{what} {path}: no such file")
    if file.stat().st_size > MAX_JSON:
        raise CommandError(f"{what} {path}: too large")
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CommandError(f"{what} {path}: invalid JSON ({error})")


def _grade(args: argparse.Namespace) -> int:
    from reporting.grading import KeyError_, compile_key, grade

    key = _load(args.key, "key")
    report = _load(args.report, "report")
    if not isinstance(report, dict) or not isinstance(report.get("values"), dict):
        raise CommandError('report must be {"template": ..., "values": {field: value}}')
    try:
        compiled = compile_key(key)
    except KeyError_ as error:
        raise CommandError(f"key {args.key}: {error}")
    template = str(report.get("template", ""))
    # The report may name the template by id or by a path ending in the id.
    if compiled.template and template and Path(template).stem.split(".")[0] != compiled.template:
        raise CommandError(f"report is for template {template!r}, key is for {compiled.template!r}")
    emit(grade(compiled, report["values"]).as_dict())
    return 0
