"""Patient data: the PS3.15 Annex E check and de-identification, read from one table.

Profile: the Basic Application Level Confidentiality Profile with the Clean Structured
Content Option, and on request Retain Longitudinal Temporal Information with Modified
Dates, Clean Descriptors, Retain Device Identity and Retain Safe Private (see
:class:`~reporting.phi.table.Profile`). The table is ``reporting/data/deid/annex_e.json``;
the SR content rules are ``reporting/data/deid/sr_content.json``.

:func:`check` lists what :func:`deidentify` would change, so a file passes the check when
de-identifying it would change nothing; what a file says about itself
(``PatientIdentityRemoved``, the method codes) is never taken into account.
"""

from __future__ import annotations

from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from reporting.phi.engine import Deidentified, Finding, LimitExceeded, Limits, check, deidentify
from reporting.phi.table import Profile
from reporting.phi.values import DUMMY_INSTITUTION, is_minted, mint_uid

__all__ = [
    "DEID_MARKER",
    "DEID_METHOD",
    "DUMMY_INSTITUTION",
    "Deidentified",
    "Finding",
    "LimitExceeded",
    "Limits",
    "Profile",
    "check",
    "deid_method_codes",
    "deidentify",
    "find_identifying",
    "is_minted",
    "mint_uid",
    "remap_uid",
]

DEID_MARKER = "Imaging Informatics Academy"
DEID_METHOD = f"{DEID_MARKER}: PS3.15 Annex E Basic Profile"  # LO, <= 64 chars

find_identifying = check


def remap_uid(uid: str, salt: str) -> str:
    """Same UID + same salt -> same minted 2.25 UID, in any file (references stay linked)."""
    return mint_uid(f"{salt}|{uid}")


def deid_method_codes(*, profile: Profile | None = None, dates_shifted: bool = False) -> Sequence:
    """DeidentificationMethodCodeSequence items (CID 7050) for the profile applied."""
    profile = profile or Profile.build(shift_days=0 if dates_shifted else None)
    items = []
    for value, meaning in profile.method_codes():
        item = Dataset()
        item.CodeValue = value
        item.CodingSchemeDesignator = "DCM"
        item.CodeMeaning = meaning
        items.append(item)
    return Sequence(items)
