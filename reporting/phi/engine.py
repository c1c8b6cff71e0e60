"""One walk, two uses: the patient-data check lists what the profile would change, the
de-identification changes exactly that. Both go through :func:`_plan`, so they cannot
disagree; the de-identified copy is then searched for every original identifier."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass

from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from reporting.phi import values as v
from reporting.phi.plan import (
    _plan,
)
from reporting.phi.table import Profile, action_for
from reporting.phi.walk import ACTIONS as ACTIONS
from reporting.phi.walk import (
    CODE_KEYWORDS,
    TEXT_VRS,
    Finding,
    LimitExceeded,
    Limits,
    _harvest,
    _is_empty,
    _iter_all,
    _Step,
    _tag,
    _values,
    _Walk,
)
from reporting.phi.walk import FREE_TEXT_VRS as FREE_TEXT_VRS  # re-exported

__all__ = [
    "Deidentified",
    "Finding",
    "LimitExceeded",
    "Limits",
    "check",
    "deidentify",
]


# --- Public API -------------------------------------------------------------------------


def _start(
    ds: Dataset, profile: Profile, salt: str, limits: Limits, clock: Callable[[], float]
) -> _Walk:
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


def _leftovers(
    ds: Dataset, walk: _Walk, tokens: frozenset[str], uids: frozenset[str]
) -> list[Finding]:
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
