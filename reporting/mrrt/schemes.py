"""Coding-scheme names and code values as written in real templates, normalised.

Templates spell schemes many ways (RadLex, RADLEX, radlex; LOINC or LN; SNOMEDCT,
SNOMED-CT, SCT). The model uses the DICOM designator (RADLEX, LN, SCT, DCM) so that
codes compare equal whatever the source spelling and go straight into DICOM SR.
"""

from __future__ import annotations

import re

from reporting.codes import Code

# canonical designator -> (name written in MRRT, OID, FHIR system URI)
KNOWN_SCHEMES: dict[str, tuple[str, str, str]] = {
    "RADLEX": ("RADLEX", "2.16.840.1.113883.6.256", "http://radlex.org"),
    "LN": ("LOINC", "2.16.840.1.113883.6.1", "http://loinc.org"),
    "SCT": ("SNOMEDCT", "2.16.840.1.113883.6.96", "http://snomed.info/sct"),
    "DCM": ("DCM", "1.2.840.10008.2.16.4", "http://dicom.nema.org/resources/ontology/DCM"),
    "UCUM": ("UCUM", "2.16.840.1.113883.6.8", "http://unitsofmeasure.org"),
}

_ALIASES = {
    "RADLEX": "RADLEX",
    "RID": "RADLEX",
    "LOINC": "LN",
    "LN": "LN",
    "SNOMED": "SCT",
    "SNOMEDCT": "SCT",
    "SNOMED-CT": "SCT",
    "SNOMED_CT": "SCT",
    "SNOMED CT": "SCT",
    "SCT": "SCT",
    "DCM": "DCM",
    "DICOM": "DCM",
    "UCUM": "UCUM",
}
_BY_OID = {oid: key for key, (_, oid, _) in KNOWN_SCHEMES.items()}
_RADLEX_URL = re.compile(r"^https?://(?:www\.)?radlex\.org/RID/(?:#)?(RID\d+)/?$", re.I)
_RADLEX_BARE = re.compile(r"^rid(\d+)$", re.I)


def normalise_scheme(name: str, designator: str = "") -> str:
    """Canonical designator for a scheme name (any case) or, failing that, its OID."""
    key = " ".join(name.split()).upper()
    if key in _ALIASES:
        return _ALIASES[key]
    if designator.strip() in _BY_OID:
        return _BY_OID[designator.strip()]
    return key


def mrrt_scheme_name(scheme: str) -> str:
    """The name to write in ``<coding_scheme name=>`` and ``<code scheme=>``."""
    return KNOWN_SCHEMES[scheme][0] if scheme in KNOWN_SCHEMES else scheme


def scheme_oid(scheme: str) -> str:
    return KNOWN_SCHEMES[scheme][1] if scheme in KNOWN_SCHEMES else ""


def fhir_system(scheme: str) -> str:
    """FHIR ``Coding.system`` for a designator; unknown schemes get a URN of the name."""
    if scheme in KNOWN_SCHEMES:
        return KNOWN_SCHEMES[scheme][2]
    return f"urn:mrrt-scheme:{scheme.lower() or 'unknown'}"


def normalise_value(value: str) -> str:
    """RadLex codes written as URLs or in lower case become ``RID123``."""
    value = value.strip()
    url = _RADLEX_URL.match(value)
    if url:
        return url.group(1).upper()
    bare = _RADLEX_BARE.match(value)
    if bare:
        return f"RID{bare.group(1)}"
    return value


def make_code(value: str, scheme: str, meaning: str, designator: str = "") -> Code:
    """A normalised Code. A RadLex-looking value with no scheme stays scheme-less
    (the validator reports it) rather than being guessed."""
    return Code(normalise_value(value), normalise_scheme(scheme, designator), meaning.strip())
