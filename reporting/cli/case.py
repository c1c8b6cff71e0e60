"""``python -m reporting case ...``: extract, check-phi, deidentify, generate."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from reporting.cli import CommandError, emit

if TYPE_CHECKING:
    from pydicom.dataset import Dataset

    from reporting.phi import Profile

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = subparsers.add_parser("case", help="DICOM-SR sample cases")
    commands = group.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="print the case read from an SR file")
    extract.add_argument("file")
    extract.add_argument("--no-tree", action="store_true", help="omit the content tree")
    extract.set_defaults(handler=_extract)

    phi = commands.add_parser("check-phi", help="list patient data (PS3.15 Annex E; exit 1 if any)")
    phi.add_argument("file")
    phi.add_argument(
        "--dates-modified",
        action="store_true",
        help="the dates were shifted (Retain Longitudinal Temporal Information with "
        "Modified Dates): do not report them",
    )
    _profile_options(phi)
    phi.set_defaults(handler=_check_phi)

    deid = commands.add_parser("deidentify", help="write a de-identified copy")
    deid.add_argument("file")
    deid.add_argument("out")
    when = deid.add_mutually_exclusive_group()
    when.add_argument(
        "--shift-days",
        type=int,
        default=None,
        help="shift dates by N days (Retain Longitudinal Temporal Information with "
        "Modified Dates); default: dummy dates",
    )
    when.add_argument("--remove-dates", action="store_true", help="dummy dates (the default)")
    deid.add_argument(
        "--salt", default=None, help="secret for UID remapping (default: a random one)"
    )
    _profile_options(deid)
    deid.set_defaults(handler=_deidentify)

    gen = commands.add_parser("generate", help="write synthetic cases and answer keys")
    gen.add_argument("--kind", required=True, choices=["carotid", "thyroid", "lung"])
    gen.add_argument("--count", type=int, default=6)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--out", required=True)
    gen.set_defaults(handler=_generate)


def _read_dataset(path: str) -> Dataset:
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


def _profile_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--clean-descriptors",
        action="store_true",
        help="keep descriptions and comments that hold nothing identifying (Clean Descriptors)",
    )
    parser.add_argument(
        "--retain-device-identity", action="store_true", help="Retain Device Identity Option"
    )
    parser.add_argument(
        "--retain-safe-private",
        action="store_true",
        help="keep the private attributes reporting/data/deid/sr_content.json lists as safe",
    )


def _profile(args: argparse.Namespace, *, shift_days: int | None) -> Profile:
    from reporting.phi import Profile

    return Profile.build(
        shift_days=shift_days,
        clean_descriptors=args.clean_descriptors,
        retain_device_identity=args.retain_device_identity,
        retain_safe_private=args.retain_safe_private,
    )


def _check_phi(args: argparse.Namespace) -> int:
    from reporting.phi import LimitExceeded, check

    dataset = _read_dataset(args.file)
    profile = _profile(args, shift_days=0 if args.dates_modified else None)
    try:
        findings = check(dataset, profile=profile)
    except LimitExceeded as error:
        raise CommandError(f"{args.file}: refused, {error}")
    emit({"file": args.file, "identifying": [f.as_dict() for f in findings]})
    if findings:
        print(f"{len(findings)} identifying element(s) found", file=sys.stderr)
        return 1
    return 0


def _deidentify(args: argparse.Namespace) -> int:
    import secrets

    from reporting.phi import LimitExceeded, deidentify

    dataset = _read_dataset(args.file)
    salt = args.salt
    if salt is None:
        salt = secrets.token_hex(16)
        print(
            f"no --salt given: UIDs remapped with the random salt {salt} "
            "(pass it again to keep the UIDs of other files of this study linked)",
            file=sys.stderr,
        )
    elif not salt:
        raise CommandError("--salt must not be empty")
    try:
        result = deidentify(dataset, salt=salt, profile=_profile(args, shift_days=args.shift_days))
    except LimitExceeded as error:
        raise CommandError(f"{args.file}: refused, {error}")
    if result.left:
        emit({"file": args.file, "left": [f.as_dict() for f in result.left]})
        raise CommandError(f"{len(result.left)} identifying element(s) remain; nothing written")
    try:
        result.dataset.save_as(args.out, enforce_file_format=True)
    except OSError as error:
        raise CommandError(f"cannot write {args.out}: {error.strerror}")
    emit(
        {
            "written": args.out,
            "sop_instance_uid": str(result.dataset.get("SOPInstanceUID", "")),
            "found": [f.as_dict() for f in result.found],
        }
    )
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
