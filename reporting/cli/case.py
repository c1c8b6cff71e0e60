"""``python -m reporting case ...``: extract, check-phi, deidentify, generate."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

from reporting.cli import CommandError, emit

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("case", help="DICOM-SR sample cases")
    commands = group.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="print the case read from an SR file")
    extract.add_argument("file")
    extract.add_argument("--no-tree", action="store_true", help="omit the content tree")
    extract.set_defaults(handler=_extract)

    phi = commands.add_parser("check-phi", help="list identifying content (exit 1 if any)")
    phi.add_argument("file")
    phi.set_defaults(handler=_check_phi)

    deid = commands.add_parser("deidentify", help="write a de-identified copy")
    deid.add_argument("file")
    deid.add_argument("out")
    when = deid.add_mutually_exclusive_group()
    when.add_argument("--shift-days", type=int, default=None, help="shift dates by N days")
    when.add_argument("--remove-dates", action="store_true", help="blank dates (default)")
    deid.add_argument("--salt", required=True, help="secret salt for UID remapping")
    deid.set_defaults(handler=_deidentify)

    gen = commands.add_parser("generate", help="write synthetic cases and answer keys")
    gen.add_argument("--kind", required=True, choices=["carotid", "thyroid", "lung"])
    gen.add_argument("--count", type=int, default=6)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--out", required=True)
    gen.set_defaults(handler=_generate)


def _read_dataset(path: str):
    import pydicom
    from pydicom.errors import InvalidDicomError

    from reporting.sr.reader import MAX_BYTES

    file = Path(path)
    if not file.is_file():
        raise CommandError(f"{path}: no such file")
    if file.stat().st_size > MAX_BYTES:
        raise CommandError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pydicom.dcmread(file)
    except InvalidDicomError:
        raise CommandError(f"{path}: not a DICOM file")
    except Exception as error:  # noqa: BLE001 - any parse failure is bad input
        raise CommandError(f"{path}: unreadable DICOM ({type(error).__name__})")


def _extract(args: argparse.Namespace) -> int:
    from reporting.sr import ReadError, read_case

    case = read_case(args.file)
    if isinstance(case, ReadError):
        raise CommandError(f"{args.file}: {case.message}")
    emit(case.as_dict(tree=not args.no_tree))
    return 0


def _check_phi(args: argparse.Namespace) -> int:
    from reporting.phi import find_identifying

    dataset = _read_dataset(args.file)
    findings = find_identifying(dataset)
    emit({"file": args.file, "identifying": [f.as_dict() for f in findings]})
    if findings:
        print(f"{len(findings)} identifying element(s) found", file=sys.stderr)
        return 1
    return 0


def _deidentify(args: argparse.Namespace) -> int:
    from reporting.phi import deidentify, find_identifying

    dataset = _read_dataset(args.file)
    if not args.salt:
        raise CommandError("--salt must not be empty")
    clean = deidentify(
        dataset,
        shift_dates_days=args.shift_days,
        remove_dates=args.remove_dates,
        uid_salt=args.salt,
    )
    left = find_identifying(clean)
    if left:
        raise CommandError(f"{len(left)} identifying element(s) remain; nothing written")
    try:
        clean.save_as(args.out, enforce_file_format=True)
    except OSError as error:
        raise CommandError(f"cannot write {args.out}: {error.strerror}")
    emit({"written": args.out, "sop_instance_uid": str(clean.get("SOPInstanceUID", ""))})
    return 0


def _generate(args: argparse.Namespace) -> int:
    from reporting.generate import generate_cases

    if not 0 < args.count <= 1000:
        raise CommandError("--count must be between 1 and 1000")
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(f"cannot create {out}: {error.strerror}")
    written = []
    for case in generate_cases(args.kind, args.count, args.seed):
        dcm = out / f"{case.name}.dcm"
        case.dataset.save_as(dcm, enforce_file_format=True)
        key = out / f"{case.name}.key.json"
        key.write_text(json.dumps(case.key, indent=2, ensure_ascii=False) + "\n", "utf-8")
        written.append({"dicom": str(dcm), "key": str(key), "plan": case.plan})
    emit({"kind": args.kind, "seed": args.seed, "cases": written})
    return 0
