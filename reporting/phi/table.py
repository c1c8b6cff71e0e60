"""The PS3.15 Annex E attribute table as data, and the profile (options) applied with it.

``reporting/data/deid/annex_e.json`` holds, for every attribute of Table E.1-1, the Basic
Profile action (D, Z, X, K, C, U or a compound such as X/Z/D) and the action of each
option column, plus the Type of these attributes in the SR IODs. The check and the
de-identification both ask :func:`action_for`; nothing else decides what happens to an
attribute.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydicom.tag import BaseTag

__all__ = [
    "CLEAN_DESCRIPTORS",
    "CLEAN_STRUCTURED_CONTENT",
    "OPTION_NAMES",
    "Profile",
    "RETAIN_DEVICE_IDENTITY",
    "RETAIN_MODIFIED_DATES",
    "RETAIN_SAFE_PRIVATE",
    "Rule",
    "action_for",
    "content_rules",
]

DATA = Path(__file__).resolve().parent.parent / "data" / "deid"

BASIC_PROFILE = "113100"
CLEAN_STRUCTURED_CONTENT = "113104"
CLEAN_DESCRIPTORS = "113105"
RETAIN_MODIFIED_DATES = "113107"
RETAIN_DEVICE_IDENTITY = "113109"
RETAIN_SAFE_PRIVATE = "113111"
SUPPORTED_OPTIONS = frozenset(
    {
        CLEAN_STRUCTURED_CONTENT,
        CLEAN_DESCRIPTORS,
        RETAIN_MODIFIED_DATES,
        RETAIN_DEVICE_IDENTITY,
        RETAIN_SAFE_PRIVATE,
    }
)
REQUIRED = {"1", "1C"}
REQUIRED_EMPTY = {"2", "2C"}


@dataclass(frozen=True, slots=True)
class Rule:
    """What the profile does to one element: the table's code and the resolved action."""

    code: str  # as in the table, e.g. "X/Z/D", or "K" for attributes it does not list
    action: str  # one of D, Z, X, K, C, U after resolving compounds by the element's Type
    source: str  # "Table E.1-1", an option's name, or why the element is not in the table


@cache
def _table() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "annex_e.json").read_text(encoding="utf-8"))
    return data


@cache
def content_rules() -> dict[str, Any]:
    """Hand-written SR content rules (identifying concepts, registry roots, safe private)."""
    rules: dict[str, Any] = json.loads((DATA / "sr_content.json").read_text(encoding="utf-8"))
    return rules


Row = dict[str, Any]


@cache
def _by_tag() -> tuple[dict[int, Row], list[tuple[int, int, Row]], Row | None]:
    single: dict[int, Row] = {}
    masked: list[tuple[int, int, Row]] = []
    private = None
    for row in _table()["attributes"]:
        tag = row["tag"]
        if tag == "PRIVATE":
            private = row
        elif "X" in tag:
            mask = int("".join("0" if c == "X" else "F" for c in tag), 16)
            masked.append((mask, int(tag.replace("X", "0"), 16), row))
        else:
            single[int(tag, 16)] = row
    return single, masked, private


OPTION_NAMES: dict[str, str] = dict(_table()["options"])


def sr_type(parent: str, keyword: str) -> str:
    """The attribute's Type in the SR IODs ("3" when they do not require it)."""
    types = _table()["sr_types"]
    return str(types.get(f"{parent}>{keyword}" if parent else keyword, "3"))


@dataclass(frozen=True)
class Profile:
    """The options applied on top of the Basic Profile (codes from CID 7050)."""

    options: frozenset[str] = frozenset({CLEAN_STRUCTURED_CONTENT})
    shift_days: int = 0  # used with RETAIN_MODIFIED_DATES
    safe_private: tuple[tuple[str, int], ...] = field(default=())  # (creator, element byte)

    def __post_init__(self) -> None:
        unknown = set(self.options) - SUPPORTED_OPTIONS
        if unknown:
            raise ValueError(f"unsupported options: {', '.join(sorted(unknown))}")

    @classmethod
    def build(
        cls,
        *,
        shift_days: int | None = None,
        clean_descriptors: bool = False,
        retain_device_identity: bool = False,
        retain_safe_private: bool = False,
    ) -> Profile:
        options = {CLEAN_STRUCTURED_CONTENT}
        if shift_days is not None:
            options.add(RETAIN_MODIFIED_DATES)
        if clean_descriptors:
            options.add(CLEAN_DESCRIPTORS)
        if retain_device_identity:
            options.add(RETAIN_DEVICE_IDENTITY)
        safe: tuple[tuple[str, int], ...] = ()
        if retain_safe_private:
            options.add(RETAIN_SAFE_PRIVATE)
            safe = tuple(
                (entry["creator"], int(entry["element"], 16))
                for entry in content_rules()["safe_private"]
            )
        return cls(frozenset(options), shift_days or 0, safe)

    @property
    def dates_modified(self) -> bool:
        return RETAIN_MODIFIED_DATES in self.options

    def method_codes(self) -> list[tuple[str, str]]:
        """(code, meaning) of the profile and each option, for the method code sequence."""
        from reporting.phi.values import standard_meanings

        codes = []
        for code in [BASIC_PROFILE, *sorted(self.options)]:
            known = standard_meanings("DCM", code)
            codes.append((code, known[0] if known else OPTION_NAMES[code][:64]))
        return codes


def _resolve(code: str, vr: str, type_: str) -> str:
    """X/Z/D and friends: the weakest action the element's Type allows (E.1.1 note)."""
    if "/" not in code:
        return code
    choices = code.replace("*", "").split("/")
    if type_ in REQUIRED and "D" in choices:
        return "D"
    if type_ in REQUIRED | REQUIRED_EMPTY and "Z" in choices:
        return "Z"
    if type_ in REQUIRED | REQUIRED_EMPTY and "U" in choices:
        return "U"
    if type_ in REQUIRED | REQUIRED_EMPTY and "D" in choices:
        return "D"
    if "X" in choices:
        return "X"
    return choices[0]


def _row(tag: BaseTag) -> Row | None:
    single, masked, private = _by_tag()
    if tag.is_private:
        return private
    row = single.get(int(tag))
    if row is not None:
        return row
    for mask, value, masked_row in masked:
        if int(tag) & mask == value:
            return masked_row
    return None


def action_for(
    tag: BaseTag, vr: str, keyword: str, parent: str, profile: Profile, creator: str = ""
) -> Rule:
    """The profile's action for one element (``parent``: keyword of the enclosing sequence)."""
    row = _row(tag)
    if row is None:
        return Rule("K", "K", "not in Table E.1-1")
    code, source = row["basic"], "Table E.1-1"
    option_codes = row.get("options", {})
    chosen = [option_codes[o] for o in sorted(profile.options) if o in option_codes]
    if "K" in chosen:
        code = "K"
    elif "C" in chosen:
        code = "C"
    if chosen:
        source = ", ".join(OPTION_NAMES[o] for o in sorted(profile.options) if o in option_codes)
    if tag.is_private:
        if code == "C":  # Retain Safe Private: only what the safe list names
            if tag.element >= 0x1000 and (creator, tag.element & 0xFF) in profile.safe_private:
                return Rule("K", "K", "safe private attribute")
            if 0x0010 <= tag.element <= 0x00FF and creator in {c for c, _ in profile.safe_private}:
                return Rule(code, "K", "creator of safe private attributes")
            code = "X"
        return Rule(code, "X", "private attribute")
    return Rule(code, _resolve(code, vr, sr_type(parent, keyword)), source)
