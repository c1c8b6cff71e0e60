"""The plan: what de-identification would do to each element, from the Annex E table."""

from __future__ import annotations

from typing import Any

from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

from reporting.phi import values as v
from reporting.phi.table import REQUIRED, REQUIRED_EMPTY, Rule, action_for, sr_type
from reporting.phi.walk import (
    ACTIONS,
    CODE_KEYWORDS,
    FREE_TEXT_VRS,
    TEXT_VRS,
    Finding,
    _concept,
    _creator,
    _elements,
    _identifying_item,
    _is_empty,
    _mask,
    _Step,
    _tag,
    _values,
    _Walk,
)

# --- The plan ---------------------------------------------------------------------------


def _add(
    walk: _Walk,
    ds: Dataset,
    element: DataElement,
    path: str,
    op: str,
    action: str,
    reason: str,
    value: Any = None,
    hint: bool = True,
) -> None:
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


def _plan_element(
    ds: Dataset, element: DataElement, path: str, parent: str, depth: int, walk: _Walk
) -> None:
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


def _plan_sequence(
    ds: Dataset,
    element: DataElement,
    path: str,
    parent: str,
    depth: int,
    rule: Rule,
    reason: str,
    walk: _Walk,
) -> None:
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
