"""Deterministic synthetic SR cases with their answer keys.

``generate_cases(kind, count, seed)`` -> list of GeneratedCase (dataset + key). The key is
computed the same way a real case's key is: read_case -> transfer -> rule sets -> build_key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydicom.dataset import Dataset

from reporting.grading.keys import build_key
from reporting.rules import apply_rules, load_ruleset
from reporting.sr import read_case
from reporting.sr.model import ReadError
from reporting.transfer import load_mapping, transfer

__all__ = ["KINDS", "GeneratedCase", "generate_cases", "answer_key_for"]

KINDS = {
    "carotid": ("carotid-duplex", "sru-carotid-2003"),
    "thyroid": ("thyroid-nodule-tirads", "acr-tirads-2017"),
    "lung": ("lung-nodule-lungrads", "lungrads-2022"),
}


@dataclass(slots=True)
class GeneratedCase:
    kind: str
    seed: int
    index: int
    name: str  # file stem: <kind>-<seed>-<index>
    dataset: Dataset
    key: dict[str, Any]
    plan: dict[str, Any]


def answer_key_for(
    dataset: Dataset, template: str, ruleset: str, case_info: dict[str, Any] | None = None
) -> dict[str, Any]:
    """read -> transfer -> rules -> key, for any SR dataset and template."""
    case = read_case(dataset)
    if isinstance(case, ReadError):
        raise ValueError(case.message)
    moved = transfer(case, load_mapping(template))
    rules = apply_rules(load_ruleset(ruleset), moved.values)
    info = {"sop_instance_uid": case.sop_instance_uid, **(case_info or {})}
    return build_key(template, moved.values, rules, case=info)


def generate_cases(kind: str, count: int, seed: int) -> list[GeneratedCase]:
    """``count`` cases of ``kind`` (carotid | thyroid | lung); same seed, same bytes."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} (use {', '.join(KINDS)})")
    if count < 0 or count > 10000:
        raise ValueError("count must be between 0 and 10000")
    template, ruleset = KINDS[kind]
    out = []
    for index in range(count):
        if kind == "carotid":
            from reporting.generate.carotid import build

            dataset, sides, _ = build(seed, index)
            plan: dict[str, Any] = {s: v.scenario for s, v in sides.items()}
        elif kind == "thyroid":
            from reporting.generate.nodules import build_thyroid

            dataset, plan = build_thyroid(seed, index)
        else:
            from reporting.generate.nodules import build_lung

            dataset, plan = build_lung(seed, index)
        name = f"{kind}-{seed}-{index}"
        key = answer_key_for(
            dataset, template, ruleset, {"name": name, "kind": kind, "seed": seed, "index": index}
        )
        out.append(GeneratedCase(kind, seed, index, name, dataset, key, plan))
    return out
