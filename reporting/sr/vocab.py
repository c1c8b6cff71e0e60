"""Codes the SR reader recognises, with retired SNOMED-RT (SRT) equivalents.

Devices still emit SRT codes (e.g. T-45005 "Artery of neck"); we keep the code as found
in the tree and map it to SNOMED CT (SCT) in the flat lists so that mappings match either.
"""

from __future__ import annotations

from reporting.codes import Code

try:  # pydicom ships the official SRT<->SCT table; private module, so guard it
    from pydicom.sr._snomed_dict import mapping as _SNOMED_MAPPING

    _SRT_TO_SCT: dict[str, str] = dict(_SNOMED_MAPPING.get("SRT", {}))
except Exception:  # pragma: no cover - pydicom layout change
    _SRT_TO_SCT = {}

# A few we need even without pydicom's table.
_SRT_TO_SCT.update(
    {
        "G-C0E3": "363698007",  # Finding Site
        "G-C171": "272741003",  # Laterality
        "G-A100": "24028007",  # Right
        "G-A101": "7771000",  # Left
        "G-A102": "51440002",  # Right and left
        "G-A1F8": "106233006",  # Topographical modifier
        "T-45100": "32062004",  # Common carotid artery
        "T-45300": "86117002",  # Internal carotid artery
        "T-45200": "22286001",  # External carotid artery
    }
)


def normalise(code: Code) -> Code:
    """SRT -> SCT where the equivalent is known; other schemes unchanged."""
    if code.scheme.upper() == "SRT":
        sct = _SRT_TO_SCT.get(code.value)
        if sct:
            return Code(sct, "SCT", code.meaning)
    return code


FINDING_SITE = Code("363698007", "SCT", "Finding Site")
LATERALITY = Code("272741003", "SCT", "Laterality")
TOPOGRAPHICAL_MODIFIER = Code("106233006", "SCT", "Topographical modifier")
TRACKING_ID = Code("112039", "DCM", "Tracking Identifier")
DERIVATION = Code("121401", "DCM", "Derivation")
VESSEL_SEGMENT_CONCEPTS = {("106233006", "SCT"), ("121419", "DCM")}

LATERALITY_VALUES = {
    "24028007": "right",
    "7771000": "left",
    "51440002": "bilateral",
}

# Anatomy that a CONTAINER concept name can stand for (TID 5100 vessel containers).
ANATOMY = {
    "32062004": "Common carotid artery",
    "86117002": "Internal carotid artery",
    "22286001": "External carotid artery",
    "21479005": "Carotid bulb",
    "85234005": "Vertebral artery",
    "36765005": "Subclavian artery",
    "69105007": "Carotid artery",
    "119568004": "Artery of neck",
    "69748006": "Thyroid",
    "39607008": "Lung",
}


def laterality_of(code: Code) -> str | None:
    """'right' | 'left' | 'bilateral' for a laterality value code (meaning as a fallback)."""
    norm = normalise(code)
    found = LATERALITY_VALUES.get(norm.value)
    if found:
        return found
    meaning = code.meaning.strip().lower()
    if meaning in {"right", "left", "bilateral"}:
        return meaning
    if meaning in {"right and left", "both"}:
        return "bilateral"
    return None
