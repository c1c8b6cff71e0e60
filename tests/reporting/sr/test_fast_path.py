"""The fast SR parser gives exactly what the pydicom path gives, or steps aside.

``read_case(x)`` (fast path, default) and ``read_case(x, fast=False)`` (pydicom) must
return equal results for every input: equal ``Case.as_dict()``, or equal ``ReadError``.
The fast path never produces an error itself: anything it does not accept, and every
failure, is handed to the pydicom path, so for damaged files the rule is plain equality
too (checked with random byte flips and truncations below).
"""

from __future__ import annotations

import copy
import io
import os
import warnings
from functools import cache
from pathlib import Path

import pydicom
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydicom import config as pydicom_config
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
)

from reporting.generate import generate_cases
from reporting.sr import Case, ReadError, fastparse, read_case
from reporting.sr import reader as reader_module


def encode(
    dataset: Dataset,
    syntax: str = ExplicitVRLittleEndian,
    *,
    undefined_lengths: bool = False,
) -> bytes:
    ds = copy.deepcopy(dataset)
    if undefined_lengths:
        _mark_undefined(ds)
    ds.file_meta.TransferSyntaxUID = syntax
    buffer = io.BytesIO()
    if syntax == DeflatedExplicitVRLittleEndian:
        ds.save_as(buffer, enforce_file_format=True)
    else:
        ds.save_as(
            buffer,
            implicit_vr=syntax == ImplicitVRLittleEndian,
            little_endian=syntax != ExplicitVRBigEndian,
            enforce_file_format=True,
        )
    return buffer.getvalue()


def _mark_undefined(ds: Dataset) -> None:
    for element in ds:
        if element.VR == "SQ":
            element.is_undefined_length = True
            for item in element.value:
                item.is_undefined_length_sequence_item = True
                _mark_undefined(item)


def plain(dataset: Dataset) -> Dataset:
    """A plain pydicom copy (generated items are highdicom objects with their own rules)."""
    return pydicom.dcmread(io.BytesIO(encode(dataset)))


def same(result_a: Case | ReadError, result_b: Case | ReadError) -> bool:
    if isinstance(result_a, Case) and isinstance(result_b, Case):
        return result_a.as_dict() == result_b.as_dict()
    return result_a == result_b


def fast_parser_accepts(data: bytes) -> bool:
    try:
        fastparse.parse_file(data)
    except fastparse.Unsupported:
        return False
    return True


def assert_paths_agree(data: bytes, *, fast_used: bool | None = True) -> Case | ReadError:
    fast = read_case(data)
    slow = read_case(data, fast=False)
    assert same(fast, slow), (fast, slow)
    if fast_used is not None:
        assert fast_parser_accepts(data) is fast_used
    return fast


@cache
def carotid_file() -> bytes:
    return encode(generate_cases("carotid", 1, 1)[0].dataset)


# --- generated cases ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["carotid", "thyroid", "lung"])
@pytest.mark.parametrize("seed", [0, 1, 7, 2026])
def test_generated_cases_read_the_same_on_both_paths(kind, seed):
    for generated in generate_cases(kind, 6, seed):
        case = assert_paths_agree(encode(generated.dataset))
        assert isinstance(case, Case)
        # and the same as reading the in-memory Dataset (always the pydicom path)
        assert case.as_dict() == read_case(generated.dataset).as_dict()


@pytest.mark.parametrize("kind", ["carotid", "thyroid", "lung"])
def test_implicit_vr_re_encoding_reads_the_same(kind):
    for generated in generate_cases(kind, 3, 5):
        explicit = encode(generated.dataset)
        implicit = encode(generated.dataset, ImplicitVRLittleEndian)
        assert implicit != explicit
        case = assert_paths_agree(implicit)
        assert case.as_dict() == read_case(explicit).as_dict()


@pytest.mark.parametrize("syntax", [ExplicitVRLittleEndian, ImplicitVRLittleEndian])
def test_undefined_length_sequences_and_items_read_the_same(syntax):
    for generated in generate_cases("carotid", 3, 2) + generate_cases("thyroid", 3, 2):
        data = encode(generated.dataset, syntax, undefined_lengths=True)
        assert b"\xfe\xff\xdd\xe0" in data  # sequence delimiters are really there
        case = assert_paths_agree(data)
        assert case.as_dict() == read_case(encode(generated.dataset)).as_dict()


def test_path_and_bytes_sources_use_the_fast_path(tmp_path):
    path = tmp_path / "case.dcm"
    path.write_bytes(carotid_file())
    assert read_case(path).as_dict() == read_case(path, fast=False).as_dict()
    assert read_case(str(path)).as_dict() == read_case(bytearray(carotid_file())).as_dict()


# --- pydicom's own SR test files (on disk only, nothing downloaded) ---------------------


def local_sr_test_files() -> list[str]:
    folder = os.path.dirname(get_testdata_file("test-SR.dcm") or "")
    found = []
    if not folder:
        return found
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ds = pydicom.dcmread(path, stop_before_pixels=True, specific_tags=["SOPClassUID"])
        except Exception:  # noqa: BLE001 - not DICOM: not ours to test
            continue
        if str(ds.get("SOPClassUID", "")).startswith("1.2.840.10008.5.1.4.1.1.88."):
            found.append(path)
    return found


@pytest.mark.parametrize("path", local_sr_test_files() or ["missing"])
def test_pydicom_sr_test_files_read_the_same(path):
    if path == "missing":
        pytest.skip("pydicom test files not on disk")
    data = Path(path).read_bytes()
    assert isinstance(assert_paths_agree(data), Case)
    # re-encoded as implicit VR, they still go through the fast path
    original = pydicom.dcmread(io.BytesIO(data))
    assert_paths_agree(encode(original, ImplicitVRLittleEndian))


def test_pydicom_real_world_sr_keeps_references_and_coordinates_on_the_fast_path():
    path = get_testdata_file("test-SR.dcm")
    if path is None:
        pytest.skip("pydicom test SR not on disk")
    case = assert_paths_agree(Path(path).read_bytes())
    assert [m.value for m in case.measurements] == [3.0, 3.0]
    refs, kinds = [], set()

    def walk(node):
        kinds.add(node.value_type)
        if node.is_reference:
            refs.append(node.reference)
        for child in node.children:
            walk(child)

    walk(case.root)
    assert {"SCOORD", "TCOORD", "IMAGE", "WAVEFORM", "COMPOSITE", "DATETIME"} <= kinds
    assert (1, 3, 2) in refs


# --- character sets -------------------------------------------------------------------


def _with_text(charset: str | None, text: str, meaning: str) -> Dataset:
    ds = plain(generate_cases("thyroid", 1, 4)[0].dataset)
    if charset is None:
        if "SpecificCharacterSet" in ds:
            del ds.SpecificCharacterSet
    else:
        ds.SpecificCharacterSet = charset
    changed = []

    def walk(items):
        for item in items:
            if item.get("ValueType") == "TEXT":
                item.TextValue = text
                changed.append("text")
            for code in item.get("ConceptNameCodeSequence") or []:
                code.CodeMeaning = code.CodeMeaning + meaning
                changed.append("meaning")
            walk(item.get("ContentSequence") or [])

    walk(ds.ContentSequence)
    assert "text" in changed and "meaning" in changed
    return ds


@pytest.mark.parametrize(
    ("charset", "text", "meaning", "fast_used"),
    [
        (None, "Nodule 1  ", "", True),
        ("ISO_IR 6", "plain ascii", " x", True),
        ("ISO_IR 100", "Lésion hypoéchogène, contours réguliers", " côté", True),
        ("ISO_IR 192", "Узел 1 — 結節 ✓", " ✓", True),
        ("ISO_IR 144", "Узел 1", " узел", False),  # Cyrillic: pydicom path
        (["", "ISO 2022 IR 100"], "Lésion", "", False),  # code extensions: pydicom path
    ],
)
def test_character_sets(charset, text, meaning, fast_used):
    data = encode(_with_text(charset, text, meaning))
    case = assert_paths_agree(data, fast_used=fast_used)
    assert isinstance(case, Case)
    assert text.rstrip() in tree_texts(case.root)


def tree_texts(node) -> list[str]:
    found = [node.value] if node.value_type == "TEXT" else []
    for child in node.children:
        found += tree_texts(child)
    return found


def test_utf8_declared_but_latin1_bytes_decode_like_pydicom():
    ds = _with_text("ISO_IR 192", "placeholder", "")
    data = encode(ds).replace(b"placeholder", "Lésion-xyz!".encode("latin-1"))
    case = assert_paths_agree(data)
    assert any("\ufffd" in t for t in tree_texts(case.root))


# --- what the fast path leaves to pydicom ---------------------------------------------


@pytest.mark.parametrize("syntax", [DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian])
def test_other_transfer_syntaxes_fall_back_with_the_same_result(syntax):
    generated = generate_cases("carotid", 1, 3)[0]
    try:
        data = encode(generated.dataset, syntax)
    except Exception as error:  # noqa: BLE001 - the pydicom build may not write it
        pytest.skip(f"pydicom cannot write {syntax.name}: {error}")
    case = assert_paths_agree(data, fast_used=False)
    assert isinstance(case, Case)
    assert case.as_dict() == read_case(encode(generated.dataset)).as_dict()


def test_file_without_preamble_falls_back_and_is_still_refused():
    data = carotid_file()[128:]
    result = assert_paths_agree(data, fast_used=False)
    assert isinstance(result, ReadError) and "not a DICOM" in result.message


def test_multi_valued_and_odd_values_fall_back():
    ds = plain(generate_cases("carotid", 1, 1)[0].dataset)

    def first_num(items):
        for item in items:
            if item.get("ValueType") == "NUM" and item.get("MeasuredValueSequence"):
                return item
            found = first_num(item.get("ContentSequence") or [])
            if found is not None:
                return found
        return None

    num = first_num(ds.ContentSequence)
    num.MeasuredValueSequence[0].NumericValue = ["1.5", "2.5"]  # VM 2: pydicom fails
    result = assert_paths_agree(encode(ds), fast_used=False)
    assert isinstance(result, ReadError)


def test_deep_nesting_falls_back_to_the_same_result():
    ds = plain(generate_cases("thyroid", 1, 0)[0].dataset)
    item = ds.ContentSequence[0]
    for _ in range(fastparse.MAX_NESTING + 5):
        child = Dataset()
        child.RelationshipType = "CONTAINS"
        child.ValueType = "CONTAINER"
        item.ContentSequence = Sequence([child])
        item = child
    result = assert_paths_agree(encode(ds), fast_used=False)
    assert isinstance(result, Case)


def test_forcing_the_pydicom_path_skips_the_fast_parser(monkeypatch):
    calls = []
    real = fastparse.parse_file
    monkeypatch.setattr(fastparse, "parse_file", lambda data: calls.append(1) or real(data))
    read_case(carotid_file(), fast=False)
    assert calls == []
    read_case(carotid_file())
    assert calls == [1]


def test_a_fast_path_crash_is_not_the_callers_problem(monkeypatch):
    def boom(data):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(fastparse, "parse_file", boom)
    assert isinstance(read_case(carotid_file()), Case)


def test_non_default_pydicom_settings_use_the_pydicom_path(monkeypatch):
    assert fastparse.usable()
    monkeypatch.setattr(pydicom_config, "use_DS_decimal", True)
    assert not fastparse.usable()
    assert isinstance(read_case(carotid_file()), Case)


def test_dataset_sources_keep_the_pydicom_path(monkeypatch):
    monkeypatch.setattr(reader_module, "_fast_case", None)  # would fail if called
    ds = pydicom.dcmread(io.BytesIO(carotid_file()))
    assert isinstance(read_case(ds), Case)


# --- damaged files: never raise, and both paths agree -----------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_files_read_the_same_on_both_paths(data):
    raw = bytearray(carotid_file())
    flips = data.draw(st.lists(st.integers(0, len(raw) - 1), min_size=0, max_size=8))
    for position in flips:
        raw[position] = data.draw(st.integers(0, 255))
    if not flips or data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    fast = read_case(bytes(raw))
    slow = read_case(bytes(raw), fast=False)
    assert isinstance(fast, Case | ReadError)
    assert same(fast, slow), (fast, slow)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_headers_read_the_same_on_both_paths(data):
    """Flips aimed at tags, VRs and lengths (the bytes that steer the parsers)."""
    raw = bytearray(encode(generate_cases("lung", 1, 9)[0].dataset))
    headers = [i for i in range(132, len(raw) - 8) if raw[i : i + 2] in (b"\xfe\xff", b"\x40\x00")]
    for _ in range(data.draw(st.integers(1, 3))):
        start = data.draw(st.sampled_from(headers))
        offset = data.draw(st.integers(0, 11))
        raw[start + offset] = data.draw(st.integers(0, 255))
    fast = read_case(bytes(raw))
    slow = read_case(bytes(raw), fast=False)
    assert same(fast, slow), (fast, slow)


# --- value decoding, byte for byte ----------------------------------------------------


def _code_item(value: str, scheme: str, meaning: str) -> Dataset:
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = value, scheme, meaning
    return code


@cache
def placeholder_file() -> bytes:
    """A generated case plus items whose values are 8-byte placeholders (PLACEH0n)."""
    ds = plain(generate_cases("carotid", 1, 6)[0].dataset)
    extra = []
    for value_type, keyword, placeholder in [
        ("TEXT", "TextValue", "PLACEH01"),
        ("UIDREF", "UID", "9.9.9.11"),
        ("PNAME", "PersonName", "PLACEH02"),
        ("DATE", "Date", "19990101"),
        ("DATETIME", "DateTime", "19990102"),
    ]:
        item = Dataset()
        item.RelationshipType = "CONTAINS"
        item.ValueType = value_type
        item.ConceptNameCodeSequence = [_code_item("PLACEH03", "99X", "PLACEH04")]
        setattr(item, keyword, placeholder)
        extra.append(item)
    num = Dataset()
    num.RelationshipType = "CONTAINS"
    num.ValueType = "NUM"
    num.ConceptNameCodeSequence = [_code_item("11726-7", "LN", "PLACEH05")]
    measured = Dataset()
    measured.NumericValue = "98765432"
    measured.MeasurementUnitsCodeSequence = [_code_item("cm/s", "UCUM", "cm/s")]
    num.MeasuredValueSequence = [measured]
    extra.append(num)
    ds.ContentSequence = Sequence(list(ds.ContentSequence) + extra)
    return encode(ds)


@pytest.mark.parametrize(
    ("placeholder", "replacement"),
    [
        (b"98765432", b" 1.50   "),
        (b"98765432", b"\t3\n     "),
        (b"98765432", b"1e2     "),
        (b"98765432", b"1_0     "),
        (b"98765432", b"  -0.0  "),
        (b"98765432", b"1.5\\2.5 "),
        (b"98765432", b"abc     "),
        (b"98765432", b"        "),
        (b"98765432", b"1.5\0\0\0\0\0"),
        (b"98765432", b"\x001.5    "),
        (b"9.9.9.11", b" 1.2.3\n "),
        (b"9.9.9.11", b"1.2\\3.4 "),
        (b"9.9.9.11", b"1.2.3\0\0\0"),
        (b"PLACEH01", b"  text\0 "),
        (b"PLACEH01", b"a\\b\\c   "),
        (b"PLACEH01", b"\x1b$Bab   "),
        (b"PLACEH01", b"\xe9\xe8\xff     "),
        (b"PLACEH02", b"Doe^J=  "),
        (b"PLACEH02", b" Doe^J  "),
        (b"PLACEH02", b"Doe\\Ro  "),
        (b"PLACEH02", b"D\xf6e^J\0\0\0"),
        (b"19990101", b"2020\\21 "),
        (b"19990102", b" 2020   "),
        (b"PLACEH03", b" code\0\0 "),
        (b"PLACEH04", b"mean\\ing"),
        (b"PLACEH05", b"\0\0\0\0\0\0\0\0"),
        (b"CONTAINS", b"HAS PROP"),
        (b"CONTAINS", b"CONT\\NS "),
        (b"99X ", b"SRT "),
    ],
)
def test_odd_values_decode_like_pydicom(placeholder, replacement):
    data = placeholder_file()
    assert placeholder in data and len(placeholder) == len(replacement)
    assert_paths_agree(data.replace(placeholder, replacement), fast_used=None)
