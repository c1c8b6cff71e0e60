"""``python -m reporting derive --template T --values VALUES.json [--rules a,b]``.

Prints every derived field with the rule row that fired and its published source, so an
instructor can check a rule set without writing a report. VALUES.json is either a bare
object of field id -> value or a report ``{"template": ..., "values": {...}}``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from reporting.cli import CommandError, emit
from reporting.cli.template import load_template

__all__ = ["register"]

MAX_JSON = 1024 * 1024


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "derive", help="print every derived field with the rule row that fired"
    )
    parser.add_argument("--template", required=True, help="shipped template id or .html file")
    parser.add_argument("--values", required=True, help="JSON: field id -> value (or a report)")
    parser.add_argument(
        "--rules",
        default=None,
        help="rule set ids or .json files, comma-separated (default: the bundled rule sets "
        "written for this template)",
    )
    parser.set_defaults(handler=_derive)


def _read_values(name: str) -> dict[str, Any]:
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"{name}: no such file")
    if path.stat().st_size > MAX_JSON:
        raise CommandError(f"{name}: larger than {MAX_JSON} bytes")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"{name}: not JSON ({error})") from None
    if isinstance(data, dict) and isinstance(data.get("values"), dict):
        data = data["values"]
    if not isinstance(data, dict):
        raise CommandError(f"{name}: expected an object of field id -> value")
    return data


def _rule_sets(template_id: str, spec: str | None) -> list[Any]:
    from reporting.rules import RuleError, bundled_rulesets, load_ruleset

    try:
        if spec:
            return [load_ruleset(part.strip()) for part in spec.split(",") if part.strip()]
        found = [load_ruleset(name) for name in bundled_rulesets()]
    except RuleError as error:
        raise CommandError(str(error)) from None
    chosen = [r for r in found if r.template == template_id]
    if not chosen:
        raise CommandError(f"no bundled rule set is written for {template_id!r}: pass --rules")
    return chosen


def _derive(args: argparse.Namespace) -> int:
    from reporting.mrrt import ReportValueError, check_values
    from reporting.rules import apply_rules

    template = load_template(args.template)
    template_id = Path(args.template).stem if args.template.endswith(".html") else args.template
    values = _read_values(args.values)
    try:
        checked = check_values(template, values)
    except ReportValueError as error:
        raise CommandError(f"{args.values}: {error}") from None
    rule_sets = _rule_sets(template_id, args.rules)
    current: dict[str, Any] = dict(checked)
    derived: list[dict[str, Any]] = []
    not_derived: list[dict[str, Any]] = []
    for ruleset in rule_sets:
        inputs = {k: v for k, v in current.items() if k not in ruleset.outputs}
        result = apply_rules(ruleset, inputs)
        for name, explanation in result.explanations.items():
            entry = {
                "field": name,
                "value": explanation.value,
                "rule": explanation.rule,
                "row": explanation.text,
                "source": explanation.source,
                "given": checked.get(name),
            }
            (derived if explanation.value is not None else not_derived).append(entry)
        current.update(result.values)
    emit(
        {
            "template": template_id,
            "rule_sets": [r.id for r in rule_sets],
            "derived": derived,
            "not_derived": not_derived,
        }
    )
    return 0
