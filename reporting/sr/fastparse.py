"""A small, strict parser of SR file bytes: the fast path of :func:`read_case`.

pydicom converts every nested sequence item on first access, which made reading one SR
cost ~30 times a bare lazy ``dcmread``. This module reads the same bytes directly and
hands the reader plain dicts that answer ``.get(keyword)`` with exactly the value pydicom
would give, so the reader's tree-building code runs unchanged on either.

It is deliberately narrow. It accepts only what it can decode *exactly* as pydicom does:

- a Part 10 file (128-byte preamble + ``DICM``), file meta in Explicit VR Little Endian,
  and a data set in Explicit VR Little Endian or Implicit VR Little Endian;
- Specific Character Set absent, empty, ``ISO_IR 6``, ``ISO_IR 100`` or ``ISO_IR 192``;
- sequences and items of defined or undefined length, nested at most
  :data:`MAX_NESTING` deep;
- single-valued strings (numbers, UIDs, codes, text) as the reader uses them.

Anything else raises :class:`Unsupported` and :func:`read_case` uses the pydicom path,
which therefore still decides every odd, damaged or exotic file: deflated or big endian
transfer syntaxes, missing preamble or meta, other character sets or escape sequences,
multi-valued strings, a VR that differs from the dictionary, lengths that run past their
item or the buffer, stray delimiters, duplicated tags, a Specific Character Set inside an
item, non-default pydicom settings...
"""

from __future__ import annotations

from struct import Struct
from typing import Any

from pydicom import config as _config
from pydicom import hooks as _hooks
from pydicom.charset import python_encoding as _PYTHON_ENCODING
from pydicom.datadict import dictionary_VR, tag_for_keyword
from pydicom.valuerep import EXPLICIT_VR_LENGTH_32, VR

__all__ = ["MAX_NESTING", "Unsupported", "parse_file", "usable"]

MAX_NESTING = 50

EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1"
IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2"


class Unsupported(Exception):
    """Not something this parser decodes exactly as pydicom: use the pydicom path."""


_HEADER_IMPLICIT = Struct("<HHL").unpack_from  # tag, 4-byte length (also item headers)
_HEADER_EXPLICIT = Struct("<HH2sH").unpack_from  # tag, VR, 2-byte length
_U32 = Struct("<L").unpack_from

_ITEM = 0xFFFEE000
_ITEM_DELIMITER = 0xFFFEE00D
_SEQUENCE_DELIMITER = 0xFFFEE0DD
_UNDEFINED = 0xFFFFFFFF
_CHARSET = 0x00080005

_VR_LONG = frozenset(str(vr).encode("ascii") for vr in EXPLICIT_VR_LENGTH_32)
_VR_SHORT = frozenset(vr.value.encode("ascii") for vr in VR if len(vr.value) == 2) - _VR_LONG

# How each needed element is decoded (the pydicom converter it mirrors).
_STRING = 0  # CS DA TM DT: convert_string (latin-1, rstrip " \0")
_TEXT = 1  # SH LO UC: convert_text (character set, rstrip "\0 " per value)
_SINGLE = 2  # UT ST LT: convert_single_string (character set, never split)
_PN = 3  # convert_PN
_DS = 4  # convert_DS_string -> DSfloat
_UL = 5  # convert_numbers "L"
_FL = 6  # convert_numbers "f"
_SQ = 7
_UR = 8  # convert_UR_string (latin-1, rstrip whitespace)
_UI = 9  # convert_UI: as _STRING, then UID() strips surrounding whitespace

_KIND_BY_VR = {
    "CS": _STRING,
    "UI": _UI,
    "DA": _STRING,
    "TM": _STRING,
    "DT": _STRING,
    "SH": _TEXT,
    "LO": _TEXT,
    "UC": _TEXT,
    "UT": _SINGLE,
    "ST": _SINGLE,
    "LT": _SINGLE,
    "PN": _PN,
    "DS": _DS,
    "UL": _UL,
    "FL": _FL,
    "SQ": _SQ,
    "UR": _UR,
}

# Everything reader.py asks a data set or item for; other elements are skipped.
NEEDED_KEYWORDS = (
    "SOPClassUID",
    "SOPInstanceUID",
    "Modality",
    "ValueType",
    "RelationshipType",
    "ConceptNameCodeSequence",
    "ConceptCodeSequence",
    "ContentTemplateSequence",
    "TemplateIdentifier",
    "ContentSequence",
    "MeasuredValueSequence",
    "NumericValue",
    "MeasurementUnitsCodeSequence",
    "TextValue",
    "Date",
    "Time",
    "DateTime",
    "UID",
    "PersonName",
    "ReferencedContentItemIdentifier",
    "ReferencedSOPSequence",
    "ReferencedSOPClassUID",
    "ReferencedSOPInstanceUID",
    "GraphicType",
    "GraphicData",
    "TemporalRangeType",
    "CodeValue",
    "LongCodeValue",
    "URNCodeValue",
    "CodingSchemeDesignator",
    "CodeMeaning",
)


def _needed() -> dict[int, tuple[str, int, bytes]]:
    table = {}
    for keyword in NEEDED_KEYWORDS:
        tag = tag_for_keyword(keyword)
        if tag is None:  # pragma: no cover - pydicom dictionary change
            raise RuntimeError(f"unknown DICOM keyword {keyword}")
        vr = dictionary_VR(tag)
        table[tag] = (keyword, _KIND_BY_VR[vr], vr.encode("ascii"))
    return table


_NEEDED = _needed()

# Python codecs for the character sets handled here (as pydicom maps them).
_CODECS = {"iso8859": "latin-1", "latin_1": "latin-1", "UTF8": "utf-8"}


def usable() -> bool:
    """True when pydicom runs with the settings whose behaviour this parser mirrors."""
    return (
        _config.settings.reading_validation_mode != _config.RAISE
        and not _config.use_DS_decimal
        and not _config.use_DS_numpy
        and not _config.datetime_conversion
        and not _config.use_none_as_empty_text_VR_value
        and _config.data_element_callback is None
        and _hooks.hooks.raw_element_vr is _hooks.raw_element_vr
        and _hooks.hooks.raw_element_value is _hooks.raw_element_value
        and not _hooks.hooks.raw_element_kwargs
    )


def parse_file(data: bytes) -> dict[str | int, Any]:
    """The top-level data set of a Part 10 file, decoded as the reader needs it.

    Needed elements are keyed by keyword (sequences as lists of item dicts), others by
    tag with a placeholder value. Raises :class:`Unsupported` for anything unusual.
    """
    if len(data) < 140 or data[128:132] != b"DICM":
        raise Unsupported("no preamble")
    pos, syntax = _parse_meta(data, 132)
    if syntax == EXPLICIT_VR_LITTLE_ENDIAN:
        implicit = False
    elif syntax == IMPLICIT_VR_LITTLE_ENDIAN:
        implicit = True
        # pydicom switches to explicit VR when the first element looks explicit
        if len(data) >= pos + 6 and 0x40 < data[pos + 4] < 0x5B and 0x40 < data[pos + 5] < 0x5B:
            raise Unsupported("implicit VR data set that looks explicit")
    else:
        raise Unsupported(f"transfer syntax {syntax!r}")
    if len(data) < pos + 8 or data[pos : pos + 2] == b"\0\0":
        raise Unsupported("empty data set or command group")
    dataset, end = _parse_dataset(data, pos, len(data), False, implicit, 0, "latin-1", True)
    if end != len(data):  # pragma: no cover - _parse_dataset consumes the buffer
        raise Unsupported("trailing bytes")
    return dataset


def _parse_meta(data: bytes, pos: int) -> tuple[int, str | None]:
    """Walk the (0002,eeee) group; return where the data set starts and the syntax UID."""
    syntax = None
    first = True
    size = len(data)
    while pos + 8 <= size:
        group, elem, vr, length = _HEADER_EXPLICIT(data, pos)
        if group != 2:
            break
        pos += 8
        if vr in _VR_LONG:
            if pos + 4 > size:
                raise Unsupported("truncated meta")
            length = _U32(data, pos)[0]
            pos += 4
        elif vr not in _VR_SHORT:
            raise Unsupported("odd VR in meta")
        if length == _UNDEFINED or vr == b"SQ" or pos + length > size:
            raise Unsupported("odd meta element")
        # pydicom converts the first meta element and the group length on reading.
        if elem == 0 and (vr != b"UL" or length != 4):
            raise Unsupported("odd group length")
        if first and elem not in (0x0000, 0x0001):
            raise Unsupported("unusual first meta element")
        first = False
        if elem == 0x0010:
            if vr != b"UI":
                raise Unsupported("odd transfer syntax element")
            syntax = data[pos : pos + length].decode("latin-1").rstrip("\0 ").strip()
        pos += length
    if first:
        raise Unsupported("no file meta")
    return pos, syntax


def _decode_charset(raw: bytes) -> str:
    value = raw.decode("latin-1").rstrip(" \0")
    if "\\" in value:
        raise Unsupported("multi-valued Specific Character Set")
    codec = _CODECS.get(_PYTHON_ENCODING.get(value, ""))
    if codec is None:
        raise Unsupported(f"character set {value!r}")
    return codec


def _parse_dataset(
    buf: bytes,
    pos: int,
    limit: int,
    undefined: bool,
    implicit: bool,
    depth: int,
    codec: str,
    top: bool = False,
) -> tuple[dict[str | int, Any], int]:
    """Elements from ``pos``: up to ``limit`` (defined length) or an item delimiter.

    Returns the item dict and the position just after it (after the delimiter).
    """
    out: dict[str | int, Any] = {}
    needed = _NEEDED
    seen_sequence = False
    while True:
        if pos >= limit:
            if undefined or pos != limit:
                raise Unsupported("item runs past its end")
            return out, pos
        if pos + 8 > limit:
            raise Unsupported("truncated element header")
        if implicit:
            group, elem, length = _HEADER_IMPLICIT(buf, pos)
            vr = None
            pos += 8
        else:
            group, elem, vr, length = _HEADER_EXPLICIT(buf, pos)
            pos += 8
            if group == 0xFFFE:
                length = _U32(buf, pos - 4)[0]
            elif vr in _VR_LONG:
                if pos + 4 > limit:
                    raise Unsupported("truncated element header")
                length = _U32(buf, pos)[0]
                pos += 4
            elif vr not in _VR_SHORT:
                # pydicom would guess here (2-byte length, or implicit VR for this
                # element or, first in an item, the whole item): not ours to guess.
                raise Unsupported("unknown VR")
        tag = group << 16 | elem
        if group == 0xFFFE:
            if tag == _ITEM_DELIMITER and undefined and length == 0:
                return out, pos
            raise Unsupported("unexpected delimiter")
        spec = needed.get(tag)
        if spec is not None:
            key, kind, expected_vr = spec
            if vr is not None and vr != expected_vr:
                raise Unsupported("VR differs from the dictionary")
        else:
            key, kind = tag, -1
            if tag == _CHARSET:
                if not top or seen_sequence or length == _UNDEFINED or vr not in (None, b"CS"):
                    raise Unsupported("Specific Character Set where not expected")
                if pos + length > limit:
                    raise Unsupported("element runs past its end")
                codec = _decode_charset(buf[pos : pos + length])
        if key in out:
            raise Unsupported("duplicated tag")
        if length == _UNDEFINED:
            if not (vr == b"SQ" or (vr is None and _is_sequence_tag(tag))):
                raise Unsupported("undefined length outside a sequence")
            if depth >= MAX_NESTING:
                raise Unsupported("nested too deep")
            seen_sequence = True
            items, pos = _parse_sequence(buf, pos, limit, True, implicit, depth + 1, codec)
            out[key] = items if kind == _SQ else True
            continue
        end = pos + length
        if end > limit:
            raise Unsupported("element runs past its end")
        if kind == -1:
            out[key] = True
        elif length == 0:
            out[key] = [] if kind == _SQ else _EMPTY[kind]
        elif kind == _SQ:
            if depth >= MAX_NESTING:
                raise Unsupported("nested too deep")
            seen_sequence = True
            out[key], _ = _parse_sequence(buf, pos, end, False, implicit, depth + 1, codec)
        elif kind == _STRING:
            value = buf[pos:end].decode("latin-1").rstrip(" \0")
            if "\\" in value:
                raise Unsupported("multi-valued string")
            out[key] = value
        elif kind == _TEXT:
            raw = buf[pos:end]
            if 0x1B in raw:
                raise Unsupported("escape sequence")
            value = raw.decode(codec, "replace")
            if "\\" in value:
                raise Unsupported("multi-valued text")
            out[key] = value.rstrip("\0 ")
        else:
            out[key] = _decode_other(kind, buf[pos:end], codec)
        pos = end


def _decode_other(kind: int, raw: bytes, codec: str) -> Any:
    if kind == _SINGLE:
        if 0x1B in raw:
            raise Unsupported("escape sequence")
        return raw.decode(codec, "replace").rstrip("\0 ")
    if kind == _DS:
        value = raw.decode("latin-1").strip().rstrip(" \0")
        if "\\" in value or not value.strip():
            raise Unsupported("multi-valued or blank DS")
        try:
            return float(value)
        except ValueError:
            raise Unsupported("invalid DS") from None
    if kind == _PN:
        raw = raw.rstrip(b"\0 ")
        if 0x1B in raw:
            raise Unsupported("escape sequence")
        value = raw.decode(codec, "replace")
        if "\\" in value or "=" in value:
            raise Unsupported("multi-valued or multi-group person name")
        return value
    if kind in (_UL, _FL):
        if len(raw) % 4:
            raise Unsupported("number of bytes not a multiple of 4")
        count = len(raw) // 4
        values = Struct(f"<{count}{'L' if kind == _UL else 'f'}").unpack(raw)
        return values[0] if count == 1 else list(values)
    if kind == _UI:
        value = raw.decode("latin-1").rstrip(" \0")
        if "\\" in value:
            raise Unsupported("multi-valued UID")
        return value.strip()
    if kind == _UR:
        return raw.decode("latin-1").rstrip()
    raise Unsupported("unhandled kind")  # pragma: no cover


# Value of an empty (zero-length) element, as pydicom's empty_value_for_VR gives it.
_EMPTY = {
    _STRING: "",
    _UI: "",
    _TEXT: "",
    _SINGLE: "",
    _PN: "",
    _DS: None,
    _UL: None,
    _FL: None,
    _UR: "",
}


def _parse_sequence(
    buf: bytes,
    pos: int,
    limit: int,
    undefined: bool,
    implicit: bool,
    depth: int,
    codec: str,
) -> tuple[list[dict[str | int, Any]], int]:
    """Items from ``pos`` up to ``limit`` (defined length) or a sequence delimiter."""
    items: list[dict[str | int, Any]] = []
    while True:
        if pos >= limit:
            if undefined or pos != limit:
                raise Unsupported("sequence runs past its end")
            return items, pos
        if pos + 8 > limit:
            raise Unsupported("truncated item header")
        group, elem, length = _HEADER_IMPLICIT(buf, pos)
        pos += 8
        tag = group << 16 | elem
        if tag == _ITEM:
            if length == _UNDEFINED:
                item, pos = _parse_dataset(buf, pos, limit, True, implicit, depth, codec)
            else:
                end = pos + length
                if end > limit:
                    raise Unsupported("item runs past its sequence")
                item, pos = _parse_dataset(buf, pos, end, False, implicit, depth, codec)
            items.append(item)
        elif tag == _SEQUENCE_DELIMITER and undefined and length == 0:
            return items, pos
        else:
            raise Unsupported("expected an item")


def _is_sequence_tag(tag: int) -> bool:
    try:
        return dictionary_VR(tag) == "SQ"
    except KeyError:
        return False
