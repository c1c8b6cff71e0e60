"""The engine's parsers on hostile input, beyond tests/reporting.

Already covered there (not repeated here): ``read_case`` on mutated and truncated carotid
bytes (tests/reporting/sr/test_sr_reader.py); ``parse_template`` / ``validate_template``
on mutated shipped templates, random token soup and random bytes
(tests/reporting/mrrt/test_mrrt_property.py).

Added here: ``read_case`` on purely random bytes, on a DICM preamble or a valid file-meta
header followed by random bytes, and on pydicom Datasets read (lazily) from damaged bytes,
which is how the upload service calls it; the MRRT functions on text with NUL bytes and
random unicode spliced into every shipped template, and on bytes in other encodings.
"""

from __future__ import annotations

import io
import warnings
from functools import cache

import pydicom
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.mrrt import (
    TemplateParseError,
    parse_template,
    shipped_template_ids,
    shipped_template_path,
    validate_template,
)
from reporting.sr import Case, ReadError, read_case
from tests.exercises.factories import case_bytes
from tests.robustness.conftest import bounded

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

PREAMBLE = b"\0" * 128 + b"DICM"


@cache
def carotid() -> bytes:
    return case_bytes("carotid", 0, seed=11)


@cache
def file_meta_prefix() -> bytes:
    """The preamble and the complete file-meta group of a real SR (the dataset cut off)."""
    data = carotid()
    ds = pydicom.dcmread(io.BytesIO(data), stop_before_pixels=True)
    meta_length = ds.file_meta.FileMetaInformationGroupLength
    return data[: 132 + 12 + meta_length]


def assert_case_or_error(result) -> None:
    assert isinstance(result, Case | ReadError), type(result)
    if isinstance(result, ReadError):
        assert result.message


@bounded(80)
@given(
    data=st.one_of(
        st.binary(max_size=4096),
        st.binary(max_size=2048).map(lambda b: PREAMBLE + b),
        st.binary(max_size=2048).map(lambda b: file_meta_prefix() + b),
    ),
)
def test_read_case_on_random_bytes_returns_a_case_or_a_read_error(data):
    assert_case_or_error(read_case(data))


@bounded(60)
@given(data=st.data())
def test_read_case_on_lazily_read_damaged_datasets_never_raises(data):
    """The upload service reads the file with pydicom first and passes the Dataset; values
    pydicom deferred are only decoded inside read_case."""
    raw = bytearray(carotid())
    start = len(file_meta_prefix())
    for _ in range(data.draw(st.integers(1, 10))):
        raw[data.draw(st.integers(start, len(raw) - 1))] = data.draw(st.integers(0, 255))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dataset = pydicom.dcmread(io.BytesIO(bytes(raw)))
    except Exception:  # noqa: BLE001 - pydicom refusing the file is the upload's concern
        return
    assert_case_or_error(read_case(dataset))


@cache
def shipped() -> tuple[str, ...]:
    return tuple(shipped_template_path(i).read_text("utf-8") for i in shipped_template_ids())


def check_template(source) -> None:
    try:
        template = parse_template(source)
        problems = validate_template(source)
    except TemplateParseError as error:
        assert str(error)
        return
    assert all(p.code and p.message for p in problems)
    list(template.iter_fields())


@bounded(60)
@given(
    data=st.data(),
    splice=st.lists(
        st.text(min_size=1, max_size=8) | st.sampled_from(["\x00", "\ud800", "\U0010ffff"]),
        min_size=1,
        max_size=8,
    ),
)
def test_templates_with_spliced_unicode_and_nul_never_raise_other_errors(data, splice):
    text = data.draw(st.sampled_from(shipped()))
    for piece in splice:
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + piece + text[at:]
    check_template(text)


@bounded(40)
@given(
    index=st.integers(0, 10),
    encoding=st.sampled_from(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "utf-8-sig"]),
)
def test_templates_in_other_encodings_never_raise_other_errors(index, encoding):
    text = shipped()[index % len(shipped())]
    check_template(text.encode(encoding, "replace"))
