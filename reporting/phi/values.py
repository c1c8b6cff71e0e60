"""Values the de-identification writes and recognises: dummies, minted UIDs, shifted dates,
the identifying tokens of a dataset and the free-text scan that looks for them."""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from functools import cache
from typing import Any

from reporting.phi.table import content_rules

__all__ = [
    "DUMMY_DATE",
    "DUMMY_INSTITUTION",
    "DUMMY_TEXT",
    "REMOVED_TEXT",
    "dummy_for",
    "is_dummy",
    "is_minted",
    "is_registry_uid",
    "mint_uid",
    "shift_date",
    "standard_meanings",
    "text_problem",
]

DUMMY_DATE = "20000101"
DUMMY_TIME = "120000"
DUMMY_DATETIME = DUMMY_DATE + DUMMY_TIME
DUMMY_TEXT = "REMOVED"
DUMMY_INSTITUTION = "Imaging Informatics Academy (synthetic)"
REMOVED_TEXT = "[removed by de-identification]"
DUMMY_FAMILY_NAMES = frozenset({"anonymous", "demo", "removed"})
DUMMY_ID_PREFIXES = ("DEMO-", "ANON-")
_TEXT_DUMMIES = frozenset({DUMMY_TEXT, REMOVED_TEXT, DUMMY_INSTITUTION})
_UID_CHECK = b"imaging-informatics-academy-uid"


def mint_uid(seed: str) -> str:
    """A 2.25 UID from ``seed`` that :func:`is_minted` recognises (96 bits + 32-bit check).

    The check is not a secret: it only tells the UIDs this code wrote from ones a device
    wrote, which match it by chance once in 2**32.
    """
    body = hashlib.sha256(seed.encode()).digest()[:12]
    check = hashlib.sha256(_UID_CHECK + body).digest()[:4]
    return f"2.25.{int.from_bytes(body + check, 'big')}"


def is_minted(uid: str) -> bool:
    if not uid.startswith("2.25."):
        return False
    try:
        number = int(uid[5:])
    except ValueError:
        return False
    if number >= 1 << 128:
        return False
    raw = number.to_bytes(16, "big")
    return hashlib.sha256(_UID_CHECK + raw[:12]).digest()[:4] == raw[12:]


def is_registry_uid(uid: str) -> bool:
    """DICOM, HL7 (coding schemes such as UCUM) and IHE registries: never remapped."""
    return any(uid == root.rstrip(".") or uid.startswith(root) for root in _roots())


@cache
def _roots() -> tuple[str, ...]:
    return tuple(content_rules()["registry_roots"])


def shift_date(text: str, days: int, vr: str) -> str:
    """A DA or DT value moved by ``days`` (time of day and offset kept); dummy if unreadable."""
    try:
        day = _dt.datetime.strptime(text[:8], "%Y%m%d").date()
        return (day + _dt.timedelta(days=days)).strftime("%Y%m%d") + text[8:]
    except ValueError:
        return DUMMY_DATE if vr == "DA" else DUMMY_DATETIME


def dummy_for(vr: str, keyword: str = "") -> object:
    """The dummy value (action D) for a VR; every one passes dciodvfy's VR checks."""
    if vr == "PN":
        return "Anonymous^Removed"
    if vr == "DA":
        return DUMMY_DATE
    if vr == "TM":
        return DUMMY_TIME
    if vr == "DT":
        return DUMMY_DATETIME
    if vr == "AS":
        return "000Y"
    if vr in {"DS", "IS"}:
        return "0"
    if vr in {"US", "SS", "UL", "SL", "FL", "FD", "UV", "SV"}:
        return 0
    if vr in {"LO", "SH", "ST", "LT", "UT", "UC", "CS", "AE"}:
        return DUMMY_TEXT
    return b"" if vr in {"OB", "OW", "OD", "OF", "OL", "OV", "UN"} else ""


def is_dummy(vr: str, value: object) -> bool:
    text = str(value)
    if vr == "PN":
        return text.split("^", 1)[0].strip().lower() in DUMMY_FAMILY_NAMES
    if vr in {"DA", "TM", "DT"}:
        return text in {DUMMY_DATE, DUMMY_TIME, DUMMY_DATETIME}
    if vr == "UI":
        return is_minted(text)
    if vr == "AS":
        return text == "000Y"
    if vr in {"DS", "IS"}:
        return text.strip() in {"0", "0.0"}
    if vr in {"LO", "SH"} and text.startswith(DUMMY_ID_PREFIXES):
        return True
    return text in _TEXT_DUMMIES


# --- Tokens: what identifies this patient, to find it again in free text -----------------

# Honorifics and name suffixes never identify anybody on their own.
_NAME_NOISE = frozenset(
    [
        "dr",
        "dr.",
        "mr",
        "mrs",
        "ms",
        "miss",
        "prof",
        "md",
        "m.d.",
        "phd",
        "jr",
        "sr",
        "ii",
        "iii",
        "herr",
        "frau",
        "mme",
    ]
)
# Words in institution names and addresses that every hospital shares.
_GENERIC_WORDS = frozenset(
    [
        "clinic",
        "clinics",
        "hospital",
        "hospitals",
        "university",
        "medical",
        "center",
        "centre",
        "institute",
        "department",
        "radiology",
        "klinikum",
        "imaging",
        "health",
        "care",
        "general",
        "family",
        "doctor",
        "patient",
        "unknown",
        "none",
        "removed",
        "anonymous",
        "street",
        "road",
        "avenue",
        "clinique",
        "klinik",
        "ospedale",
        "hopital",
        "hôpital",
        "service",
        "services",
        "group",
        "practice",
        "imaging",
        "informatics",
        "academy",
        "synthetic",
    ]
)


def name_tokens(value: str) -> set[str]:
    """Parts of a person name (PN ``^`` and ``=`` syntax, or plain words) of 3+ letters."""
    parts = re.split(r"[\^=\s,]+", value)
    return {p.lower().strip(".") for p in parts if len(p.strip(".")) >= 3} - _NAME_NOISE


def phrase_tokens(value: str) -> set[str]:
    """A name of an organisation, an address or an identifier: the whole and its rare words."""
    value = value.strip()
    if len(value) < 3:
        return set()
    tokens = {value.lower()}
    tokens.update(w.lower() for w in re.findall(r"[\wÀ-ÿ'-]{4,}", value))
    return tokens - _GENERIC_WORDS


def date_tokens(value: str) -> set[str]:
    """A DA value in the spellings people type: 19220909, 1922-09-09, 09.09.1922, 09/09/1922."""
    try:
        day = _dt.datetime.strptime(value[:8], "%Y%m%d").date()
    except ValueError:
        return set()
    formats = ("%Y%m%d", "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y")
    return {day.strftime(f) for f in formats}


# --- Free-text scan ---------------------------------------------------------------------

_TEXT_PATTERNS = [
    (re.compile(r"\b[A-Za-zÀ-ÿ'-]+\^[A-Za-zÀ-ÿ'-]+"), "DICOM person-name syntax"),
    (
        re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Miss|Prof|Herr|Frau|Mme|Mlle|Sig|Sra)\.?\s+[A-ZÀ-Þ]"),
        "a title followed by a name",
    ),
    (re.compile(r"\b(?:name|patient id|pt|mrn|dob|born)\s*[:#=]", re.I), "a labelled identifier"),
    (
        re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b"),
        "a date",
    ),
    (re.compile(r"\d{6,}"), "a long number (an identifier or a telephone number)"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "an email address"),
]


def text_problem(text: str, tokens: frozenset[str], *, free_text: bool) -> str | None:
    """Why ``text`` may identify somebody, or None. Tokens are always looked for; the
    patterns (titles, dates, long numbers) only in free text, where they mean something."""
    lowered = text.lower()
    for token in tokens:
        if token in lowered and re.search(rf"(?<!\w){re.escape(token)}(?!\w)", lowered):
            return "holds a name, identifier or date found elsewhere in the file"
    if free_text:
        for pattern, why in _TEXT_PATTERNS:
            if pattern.search(text):
                return f"free text with {why}"
    return None


# --- Coded concepts ---------------------------------------------------------------------


def _normal(meaning: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", meaning.lower()).strip()


@cache
def _dictionary() -> dict[tuple[str, str], tuple[str, frozenset[str]]]:
    """(scheme, code) -> (a standard meaning, all its normalised spellings), from pydicom."""
    index: dict[tuple[str, str], tuple[str, set[str]]] = {}
    concepts: Any
    try:  # pydicom's PS3.16 concept table; private module, so guard it
        from pydicom.sr._concepts_dict import concepts
    except Exception:  # pragma: no cover - pydicom layout change
        concepts = {}
    for scheme, by_keyword in concepts.items():
        for codes in by_keyword.values():
            for code, (meaning, _cids) in codes.items():
                first, spellings = index.setdefault((scheme.upper(), code), (meaning, set()))
                spellings.add(_normal(meaning))
    for entry in content_rules()["identifying_concepts"]:
        key = (entry["scheme"].upper(), entry["code"])
        first, spellings = index.setdefault(key, (entry["meaning"], set()))
        spellings.add(_normal(entry["meaning"]))
    return {key: (first, frozenset(spellings)) for key, (first, spellings) in index.items()}


def standard_meanings(scheme: str, code: str) -> tuple[str, frozenset[str]] | None:
    """The standard meaning of a code and its accepted spellings, if the code is known."""
    scheme = scheme.upper()
    if scheme == "SRT":
        scheme = "SCT"  # pydicom files retired SNOMED-RT codes under their SCT id
    return _dictionary().get((scheme, code))


def is_standard_meaning(meaning: str, spellings: frozenset[str]) -> bool:
    return _normal(meaning) in spellings


@cache
def _identifying() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    rules = content_rules()
    by_code = {(e["scheme"].upper(), e["code"]): e["kind"] for e in rules["identifying_concepts"]}
    by_meaning = {_normal(e["meaning"]): e["kind"] for e in rules["identifying_concepts"]}
    by_meaning.update({_normal(m): "person or organisation" for m in rules["identifying_meanings"]})
    return by_code, by_meaning


def identifying_concept(scheme: str, code: str, meaning: str) -> str | None:
    """The kind (person, organization, subject, device) of an identifying SR concept."""
    by_code, by_meaning = _identifying()
    return by_code.get((scheme.upper(), code)) or by_meaning.get(_normal(meaning))
