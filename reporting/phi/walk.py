"""Walking a dataset for the patient-data check: the value classes, limits, findings,
the walk's state and the tokens of the original to look for everywhere else."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.sequence import Sequence
from pydicom.tag import BaseTag

from reporting.phi import values as v
from reporting.phi.table import Profile, action_for

TEXT_VRS = frozenset({"LO", "SH", "ST", "LT", "UT", "UC", "PN"})
# Parts of a code, not text: a patient called "Test" leaves the TEST scheme alone.
CODE_KEYWORDS = frozenset(
    {
        "CodeValue",
        "LongCodeValue",
        "URNCodeValue",
        "CodingSchemeDesignator",
        "CodingSchemeVersion",
        "ContextIdentifier",
        "MappingResource",
        "TemplateIdentifier",
        "ContextGroupExtensionCreatorUID",
    }
)
FREE_TEXT_VRS = frozenset({"ST", "LT", "UT"})
# Keywords whose values name or identify a person, a place or an organisation: the tokens
# taken from them are looked for in every other text of the file.
_IDENTITY = re.compile(
    r"Patient|Institution|Organization|Address|Telephone|Accession|Issuer|Physician|Person"
    r"|Operator|Observer|Responsible|Location|Station|Admi|Mother|Birth|Other|Name|ID$"
)
_NOT_IDENTITY = re.compile(r"Description|Comments|History|Sequence|Type|Status|Flag")
ACTIONS = {
    "D": "replaced by a dummy value",
    "Z": "emptied",
    "X": "removed",
    "U": "UID remapped",
    "C": "cleaned",
}


class LimitExceeded(Exception):
    """The file is bigger, deeper or slower to walk than any real SR case."""


@dataclass(frozen=True)
class Limits:
    max_elements: int = 100_000
    max_depth: int = 64
    max_seconds: float = 30.0


@dataclass(frozen=True, slots=True)
class Finding:
    """One element that identifies, or may identify, somebody; the value is masked."""

    tag: str
    keyword: str
    path: str
    action: str  # what the de-identification does (or, for leftovers, "refused")
    reason: str
    hint: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "tag": self.tag,
            "keyword": self.keyword,
            "path": self.path,
            "action": self.action,
            "reason": self.reason,
            "hint": self.hint,
        }

    def line(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.keyword or self.tag} at {self.path}: {self.reason}{hint}; {self.action}"


@dataclass
class _Step:
    finding: Finding
    dataset: Dataset
    tag: BaseTag
    op: str  # remove | empty | replace
    value: Any = None


@dataclass
class _Walk:
    profile: Profile
    salt: str
    limits: Limits
    clock: Callable[[], float] = time.monotonic
    tokens: frozenset[str] = frozenset()
    count: int = 0
    deadline: float = 0.0
    steps: list[_Step] = field(default_factory=list)

    def tick(self, depth: int) -> None:
        self.count += 1
        if self.count > self.limits.max_elements:
            raise LimitExceeded(f"more than {self.limits.max_elements:,} elements")
        if depth > self.limits.max_depth:
            raise LimitExceeded(f"sequences nested deeper than {self.limits.max_depth} levels")
        if self.count % 64 == 0 and self.clock() > self.deadline:
            raise LimitExceeded(f"checking took longer than {self.limits.max_seconds:g} s")


def _tag(tag: BaseTag) -> str:
    return f"({tag.group:04X},{tag.element:04X})"


def _mask(value: Any) -> str:
    text = str(value)
    return f"{text[0]}***({len(text)} chars)" if text else ""


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, Sequence | list | tuple | MultiValue | bytes):
        return len(value) == 0
    return str(value).strip() == ""


def _values(value: Any) -> list[Any]:
    return list(value) if isinstance(value, MultiValue | list | tuple) else [value]


def _creator(ds: Dataset, element: DataElement) -> str:
    tag = element.tag
    if tag.element <= 0x00FF:
        return str(element.value or "")
    creator = ds.get(BaseTag((tag.group << 16) | (tag.element >> 8)))
    return str(creator.value) if creator is not None else ""


def _elements(
    ds: Dataset, walk: _Walk, prefix: str, parent: str, depth: int
) -> Iterator[tuple[str, DataElement, Dataset, str, int]]:
    for element in ds:
        walk.tick(depth)
        yield prefix + (element.keyword or _tag(element.tag)), element, ds, parent, depth


def _iter_all(
    ds: Dataset, walk: _Walk, prefix: str = "", parent: str = "", depth: int = 0
) -> Iterator[tuple[str, DataElement, Dataset, str, int]]:
    """Every element at every level, file meta first (for token harvest and leftovers)."""
    meta = getattr(ds, "file_meta", None)
    if meta is not None and depth == 0:
        yield from _elements(meta, walk, "file_meta.", "", 0)
    for path, element, parent_ds, parent_kw, level in _elements(ds, walk, prefix, parent, depth):
        yield path, element, parent_ds, parent_kw, level
        if element.VR == "SQ" and element.value:
            for index, item in enumerate(element.value):
                yield from _iter_all(item, walk, f"{path}[{index}].", element.keyword, level + 1)


# --- Tokens of the original, to look for everywhere else --------------------------------


def _concept(item: Dataset) -> tuple[str, str, str]:
    names = item.get("ConceptNameCodeSequence") or []
    if not names:
        return "", "", ""
    code = names[0]
    value = str(code.get("CodeValue") or code.get("LongCodeValue") or code.get("URNCodeValue", ""))
    return str(code.get("CodingSchemeDesignator", "")), value, str(code.get("CodeMeaning", ""))


def _identifying_item(item: Dataset, profile: Profile) -> str | None:
    if "ValueType" not in item:
        return None
    kind = v.identifying_concept(*_concept(item))
    if kind == "device" and "113109" in profile.options:
        return None
    return kind


def _harvest(ds: Dataset, walk: _Walk) -> frozenset[str]:
    tokens: set[str] = set()
    for _path, element, parent_ds, parent, _depth in _iter_all(ds, walk):
        if element.VR == "SQ" or element.tag.is_private or _is_empty(element.value):
            continue
        vr, keyword = element.VR, element.keyword or ""
        for value in _values(element.value):
            if v.is_dummy(vr, value):
                continue
            text = str(value)
            if vr == "PN":
                tokens |= v.name_tokens(text)
                continue
            rule = action_for(element.tag, vr, keyword, parent, walk.profile)
            in_item = keyword == "TextValue" and _identifying_item(parent_ds, walk.profile)
            if rule.action == "K" and not in_item:
                continue
            if vr == "DA" or (vr == "DT" and len(text) >= 8):
                tokens |= v.date_tokens(text)
            elif in_item or (
                vr in {"LO", "SH", "ST", "UC", "LT"}
                and _IDENTITY.search(keyword)
                and not _NOT_IDENTITY.search(keyword)
            ):
                tokens |= v.phrase_tokens(text)
    return frozenset(t for t in tokens if not v.is_dummy("LO", t))
