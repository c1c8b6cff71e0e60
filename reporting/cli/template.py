"""``python -m reporting template inspect|validate FILE`` (FILE or a shipped id)."""

from __future__ import annotations

import argparse
from pathlib import Path

from reporting.cli import CommandError, emit
from reporting.mrrt import (
    Template,
    TemplateParseError,
    parse_template,
    shipped_template_ids,
    shipped_template_path,
    template_to_dict,
    validate_template,
)
from reporting.mrrt.source import MAX_BYTES


def read_template_source(name: str) -> bytes:
    """Bytes of a template given as a path or a shipped id; CommandError otherwise."""
    path = Path(name)
    if not path.exists() and name in shipped_template_ids():
        path = shipped_template_path(name)
    if not path.exists():
        shipped = ", ".join(shipped_template_ids())
        raise CommandError(f"{name}: no such file or shipped template (shipped: {shipped})")
    if not path.is_file():
        raise CommandError(f"{name}: not a regular file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CommandError(f"{name}: file is too large ({size} bytes > {MAX_BYTES})")
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"{name}: cannot read ({error.strerror})") from None


def load_template(name: str) -> Template:
    try:
        return parse_template(read_template_source(name))
    except TemplateParseError as error:
        raise CommandError(f"{name}: {error}") from None


def _inspect(args: argparse.Namespace) -> int:
    emit(template_to_dict(load_template(args.file)))
    return 0


def _validate(args: argparse.Namespace) -> int:
    try:
        problems = validate_template(read_template_source(args.file))
    except TemplateParseError as error:
        raise CommandError(f"{args.file}: {error}") from None
    errors = [p for p in problems if p.is_error]
    emit(
        {
            "errors": len(errors),
            "warnings": len(problems) - len(errors),
            "problems": [p.as_dict() for p in problems],
        }
    )
    return 1 if errors else 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = subparsers.add_parser("template", help="MRRT report templates")
    commands = group.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="print the template model as JSON")
    inspect.add_argument("file", help="MRRT .html file or shipped template id")
    inspect.set_defaults(handler=_inspect)
    validate = commands.add_parser(
        "validate", help="list MRRT errors and warnings; exit 1 if there is an error"
    )
    validate.add_argument("file", help="MRRT .html file or shipped template id")
    validate.set_defaults(handler=_validate)
