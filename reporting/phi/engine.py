"""One walk, two uses: the patient-data check lists what the profile would change, the
de-identification changes exactly that. Both go through :func:`_plan`, so they cannot
disagree; the de-identified copy is then searched for every original identifier."""

from __future__ import annotations

import copy
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
from reporting.phi.table import REQUIRED, REQUIRED_EMPTY, Profile, Rule, action_for, sr_type

__all__ = [
    "Deidentified",
    "Finding",
    "LimitExceeded",
    "Limits",
    "check",
    "deidentify",
]

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


def _iter_all(ds: Dataset, walk: _Walk, prefix: str = "", parent: str = "", depth: int = 0):
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


# --- The plan ---------------------------------------------------------------------------


def _add(walk: _Walk, ds, element, path, op, action, reason, value=None, hint=True) -> None:
    shown = _mask(element.value) if hint and element.VR not in {"SQ", "UI"} else ""
    finding = Finding(_tag(element.tag), element.keyword or "", path, action, reason, shown)
    walk.steps.append(_Step(finding, ds, element.tag, op, value))


def _plan(ds: Dataset, walk: _Walk, prefix: str = "", parent: str = "", depth: int = 0) -> None:
    meta = getattr(ds, "file_meta", None)
    if meta is not None and depth == 0:
        for path, element, meta_ds, _p, _d in _elements(meta, walk, "file_meta.", "", 0):
            _plan_element(meta_ds, element, path, "", 0, walk)
    for path, element, parent_ds, parent_kw, level in _elements(ds, walk, prefix, parent, depth):
        _plan_element(parent_ds, element, path, parent_kw, level, walk)


def _plan_element(ds, element, path, parent, depth, walk: _Walk) -> None:
    profile = walk.profile
    vr, keyword, value = element.VR, element.keyword or "", element.value
    creator = _creator(ds, element) if element.tag.is_private else ""
    rule = action_for(element.tag, vr, keyword, parent, profile, creator)
    reason = f"{rule.source}: {rule.code}"
    if vr == "SQ":
        _plan_sequence(ds, element, path, parent, depth, rule, reason, walk)
        return
    if _is_empty(value):
        return
    if rule.action in {"X", "Z"} and all(v.is_dummy(vr, item) for item in _values(value)):
        return  # a dummy left where the profile removes or empties: nothing to hide
    if rule.action == "X":
        _add(walk, ds, element, path, "remove", ACTIONS["X"], reason)
    elif rule.action == "Z":
        _add(walk, ds, element, path, "empty", ACTIONS["Z"], reason)
    elif rule.action == "D":
        if not all(v.is_dummy(vr, item) for item in _values(value)):
            dummy = _uids(value, walk) if vr == "UI" else v.dummy_for(vr, keyword)
            _add(walk, ds, element, path, "replace", ACTIONS["D"], reason, dummy)
    elif rule.action == "U":
        remapped = _uids(value, walk)
        if remapped != value:
            _add(walk, ds, element, path, "replace", ACTIONS["U"], reason, remapped, hint=False)
    elif rule.action == "C" and vr in {"DA", "DT"}:
        if profile.shift_days:
            shifted = v.shift_date(str(value), profile.shift_days, vr)
            why = f"{reason} (dates moved by {profile.shift_days} days)"
            _add(walk, ds, element, path, "replace", "date shifted", why, shifted)
    elif rule.action == "C" and vr == "TM":
        return  # times of day are kept with modified dates; the day moved
    else:
        _plan_content(ds, element, path, rule, walk)


def _plan_sequence(ds, element, path, parent, depth, rule: Rule, reason, walk: _Walk) -> None:
    action = rule.action
    if action == "D":  # a dummy sequence: the items stay, their attributes go by the table
        type_ = sr_type(parent, element.keyword)
        action = "K" if type_ in REQUIRED else "Z" if type_ in REQUIRED_EMPTY else "X"
    if action in {"X", "Z"}:
        if element.value:
            op = "remove" if action == "X" else "empty"
            _add(walk, ds, element, path, op, ACTIONS[action], reason)
        return
    for index, item in enumerate(element.value or []):
        _plan(item, walk, f"{path}[{index}].", element.keyword, depth + 1)


def _uids(value: Any, walk: _Walk) -> Any:
    def remap(uid: str) -> str:
        uid = str(uid)
        if v.is_registry_uid(uid) or v.is_minted(uid):
            return uid
        return v.mint_uid(f"{walk.salt}|{uid}")

    if isinstance(value, MultiValue | list | tuple):
        return [remap(u) for u in value]
    return remap(value)


def _plan_content(ds: Dataset, element: DataElement, path: str, rule: Rule, walk: _Walk) -> None:
    """Kept or cleaned elements: SR content items, code meanings, any text."""
    vr, keyword, value = element.VR, element.keyword or "", element.value
    if vr == "PN":
        if not all(v.is_dummy("PN", item) for item in _values(value)):
            why = f"person name ({rule.source})"
            _add(walk, ds, element, path, "replace", ACTIONS["D"], why, v.dummy_for("PN"))
        return
    if vr not in TEXT_VRS or keyword in CODE_KEYWORDS or v.is_dummy(vr, value):
        return
    text = "\\".join(str(item) for item in _values(value))
    if keyword == "TextValue" and "ValueType" in ds:
        kind = _identifying_item(ds, walk.profile)
        meaning = _concept(ds)[2]
        if kind:
            why = f"SR TEXT item “{meaning}” names a {kind}"
            _add(walk, ds, element, path, "replace", ACTIONS["D"], why, v.REMOVED_TEXT)
            return
        problem = v.text_problem(text, walk.tokens, free_text=True)
        if problem:
            why = f"SR TEXT item “{meaning}”: {problem}"
            _add(walk, ds, element, path, "replace", ACTIONS["C"], why, v.REMOVED_TEXT)
        return
    if keyword == "CodeMeaning":
        _plan_meaning(ds, element, path, text, walk)
        return
    free = vr in FREE_TEXT_VRS or rule.action == "C"
    problem = v.text_problem(text, walk.tokens, free_text=free)
    if problem:
        dummy = v.dummy_for(vr, keyword)
        _add(walk, ds, element, path, "replace", ACTIONS["D"], f"{problem} ({rule.source})", dummy)


def _plan_meaning(ds: Dataset, element: DataElement, path: str, text: str, walk: _Walk) -> None:
    scheme = str(ds.get("CodingSchemeDesignator", ""))
    code = str(ds.get("CodeValue") or ds.get("LongCodeValue") or ds.get("URNCodeValue", ""))
    # UCUM's meanings are free text by design (PS3.16 8.1): only looked into, never reset.
    known = None if scheme.upper() == "UCUM" else v.standard_meanings(scheme, code)
    if known is not None:
        standard, spellings = known
        if not v.is_standard_meaning(text, spellings):
            why = f"meaning is not the standard meaning of ({code}, {scheme})"
            restored = standard[:64]  # LO
            _add(walk, ds, element, path, "replace", "standard meaning restored", why, restored)
        return
    problem = v.text_problem(text, walk.tokens, free_text=True)
    if problem:
        why = f"meaning of local code ({code}, {scheme}): {problem}"
        _add(walk, ds, element, path, "replace", ACTIONS["D"], why, v.DUMMY_TEXT)


# --- Public API -------------------------------------------------------------------------


def _start(ds: Dataset, profile: Profile, salt: str, limits: Limits, clock) -> _Walk:
    walk = _Walk(profile, salt, limits, clock)
    walk.deadline = clock() + limits.max_seconds
    walk.tokens = _harvest(ds, walk)
    walk.count = 0
    return walk


def check(
    dataset: Dataset,
    *,
    profile: Profile | None = None,
    limits: Limits | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> list[Finding]:
    """What the de-identification would change: empty when the file is safe to show.

    Nothing the file says about itself (PatientIdentityRemoved, the method codes) counts.
    Raises :class:`LimitExceeded` for files no real case resembles.
    """
    walk = _start(dataset, profile or Profile(), "check", limits or Limits(), clock)
    _plan(dataset, walk)
    return [step.finding for step in walk.steps]


@dataclass
class Deidentified:
    dataset: Dataset
    found: list[Finding]  # what the check found and what was done about it
    left: list[Finding]  # anything of the original still in the copy: refuse the file


def deidentify(
    dataset: Dataset,
    *,
    salt: str,
    profile: Profile | None = None,
    limits: Limits | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Deidentified:
    """A de-identified copy, the report of what was done, and what could not be cleared."""
    if not salt:
        raise ValueError("salt must be a non-empty secret")
    profile = profile or Profile()
    limits = limits or Limits()
    out = copy.deepcopy(dataset)
    walk = _start(out, profile, salt, limits, clock)
    original_tokens = walk.tokens
    original_uids = _instance_uids(out, walk)
    _plan(out, walk)
    for step in walk.steps:
        _apply(step)
    _mark(out, profile, salt)
    walk.count = 0
    left = _leftovers(out, walk, original_tokens, original_uids)
    again = _Walk(Profile(profile.options, 0, profile.safe_private), salt, limits, clock)
    again.deadline = walk.deadline
    again.tokens = original_tokens
    _plan(out, again)
    left += [
        Finding(s.finding.tag, s.finding.keyword, s.finding.path, "refused", s.finding.reason)
        for s in again.steps
    ]
    return Deidentified(out, [s.finding for s in walk.steps], left)


def _apply(step: _Step) -> None:
    element = step.dataset[step.tag]
    if step.op == "remove":
        del step.dataset[step.tag]
    elif step.op == "empty":
        element.value = Sequence([]) if element.VR == "SQ" else None
    else:
        element.value = step.value


def _mark(out: Dataset, profile: Profile, salt: str) -> None:
    from reporting.phi import DEID_METHOD, deid_method_codes

    out.PatientIdentityRemoved = "YES"
    out.DeidentificationMethod = DEID_METHOD
    out.DeidentificationMethodCodeSequence = deid_method_codes(profile=profile)
    out.LongitudinalTemporalInformationModified = (
        "MODIFIED" if profile.dates_modified else "REMOVED"
    )
    meta = getattr(out, "file_meta", None)
    if meta is not None and "SOPInstanceUID" in out:
        meta.MediaStorageSOPInstanceUID = out.SOPInstanceUID


def _instance_uids(ds: Dataset, walk: _Walk) -> frozenset[str]:
    uids = set()
    for _path, element, _ds, parent, _depth in _iter_all(ds, walk):
        if element.VR == "UI" and not _is_empty(element.value):
            rule = action_for(element.tag, "UI", element.keyword or "", parent, walk.profile)
            if rule.action != "K":
                uids |= {str(u) for u in _values(element.value)}
    return frozenset(u for u in uids if not v.is_registry_uid(u) and not v.is_minted(u))


def _leftovers(ds: Dataset, walk: _Walk, tokens, uids) -> list[Finding]:
    """Anything of the original's identity still in the copy, wherever it is."""
    left = []
    for path, element, _ds, parent, _depth in _iter_all(ds, walk):
        if element.VR == "SQ" or _is_empty(element.value):
            continue
        tag, keyword = _tag(element.tag), element.keyword or ""
        if element.VR == "UI":
            rule = action_for(element.tag, "UI", keyword, parent, walk.profile)
            if rule.action != "K" and any(str(u) in uids for u in _values(element.value)):
                left.append(Finding(tag, keyword, path, "refused", "original UID left"))
            continue
        if element.VR not in TEXT_VRS and element.VR not in {"DA", "DT"}:
            continue
        if keyword in CODE_KEYWORDS:
            continue
        text = "\\".join(str(item) for item in _values(element.value))
        if v.text_problem(text, tokens, free_text=False) or any(u in text for u in uids):
            left.append(Finding(tag, keyword, path, "refused", "an original identifier is left"))
    return left
