"""Command line: ``python -m reporting <group> <command> ...``.

JSON goes to stdout, messages to stderr; exit 0 on success, 1 when the input is
invalid or a check finds problems, 2 for usage errors. Bad input never ends in a
traceback: each command returns an error value that is printed as a message.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from reporting import __version__


class CommandError(Exception):
    """Raised by a command for bad input; printed as one line on stderr, exit 1."""


def emit(payload: Any) -> None:
    """Print a JSON document on stdout."""
    json.dump(payload, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def _register_groups(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # Each group module adds its own sub-commands; imported here so that a missing
    # optional part never breaks the others' commands.
    from reporting.cli import case, derive, export, grade, template

    for module in (template, case, derive, grade, export):
        module.register(subparsers)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m reporting",
        description="Structured-reporting engine: MRRT templates, DICOM-SR cases, grading.",
    )
    parser.add_argument("--version", action="version", version=f"reporting {__version__}")
    subparsers = parser.add_subparsers(dest="group", required=True)
    _register_groups(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error of ours, and no traceback.
        sys.stderr.close()
        return 0
