"""Malformed DICOM through the instructor's case-upload form: never a 500, never a
half-stored case (no SampleCase row and no file in private storage on refusal)."""

from __future__ import annotations

import hashlib
import io
import struct
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from hypothesis import event, given
from hypothesis import strategies as st

from courses.exercises import services
from courses.exercises.models import SampleCase
from tests.exercises.factories import case_bytes, not_sr_bytes, with_patient_data
from tests.factories import instructor
from tests.robustness.conftest import assert_not_server_error, bounded, private_files

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::UserWarning:pydicom.*"),
]

PREAMBLE = b"\0" * 128 + b"DICM"
LONG_VRS = {b"OB", b"OW", b"OF", b"SQ", b"UT", b"UN", b"UC", b"UR", b"OD", b"OL", b"OV"}
SHORT_VRS = {b"AE", b"AS", b"CS", b"DA", b"DS", b"DT", b"IS", b"LO", b"LT", b"PN", b"SH"}
SHORT_VRS |= {b"ST", b"TM", b"UI", b"UL", b"US", b"SS", b"SL", b"FL", b"FD", b"AT"}
KNOWN_VRS = LONG_VRS | SHORT_VRS


@cache
def real_sr() -> bytes:
    """A clean synthetic carotid SR made by the engine (reporting.generate)."""
    return case_bytes("carotid", 0, seed=11)


@cache
def real_sr_with_phi() -> bytes:
    return with_patient_data(case_bytes("carotid", 1, seed=11))


@cache
def element_offsets(data: bytes) -> tuple[int, ...]:
    """Offsets of explicit-VR element headers after the preamble (tag, 2-letter VR)."""
    offsets = []
    for i in range(132, len(data) - 8):
        vr = data[i + 4 : i + 6]
        if vr in KNOWN_VRS and i % 2 == 0:
            offsets.append(i)
    return tuple(offsets)


def set_huge_length(data: bytes, offset: int, huge: int) -> bytes:
    """Overwrite the declared length of the element at ``offset`` with ``huge``."""
    raw = bytearray(data)
    vr = bytes(raw[offset + 4 : offset + 6])
    if vr in LONG_VRS:
        raw[offset + 8 : offset + 12] = struct.pack("<I", huge & 0xFFFFFFFF)
    else:
        raw[offset + 6 : offset + 8] = struct.pack("<H", huge & 0xFFFF)
    return bytes(raw)


def with_value(old: bytes, new: bytes) -> bytes:
    """The real SR with the first ``old`` value bytes replaced (same length)."""
    assert len(old) == len(new)
    data = real_sr()
    at = data.index(old)
    return data[:at] + new + data[at + len(old) :]


def hand_made_huge_element(huge: int) -> bytes:
    """A DICM preamble, a file-meta group length and one OB element claiming ``huge`` bytes."""
    meta = b"\x02\x00\x00\x00UL\x04\x00" + struct.pack("<I", 12)
    element = b"\x02\x00\x01\x00OB\x00\x00" + struct.pack("<I", huge & 0xFFFFFFFF) + b"\x00\x01"
    return PREAMBLE + meta + element


@st.composite
def mutated(draw, seed_bytes: bytes) -> bytes:
    data = bytearray(seed_bytes)
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "delete", "duplicate", "replace", "truncate"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif action == "delete":
            del data[pos : pos + draw(st.integers(1, 300))]
        elif action == "duplicate":
            chunk = data[pos : pos + draw(st.integers(1, 300))]
            data[pos:pos] = chunk
        elif action == "replace":
            n = draw(st.integers(1, 40))
            data[pos : pos + n] = draw(st.binary(min_size=n, max_size=n))
        else:
            data = data[:pos]
    return bytes(data)


@st.composite
def huge_lengths(draw) -> bytes:
    huge = draw(st.sampled_from([0xFFFFFFFE, 0xFFFFFFF0, 0x7FFFFFFF, 0x10000000, 0xFFFF, 0xFFFE]))
    if draw(st.booleans()):
        return hand_made_huge_element(huge)
    data = real_sr()
    offsets = element_offsets(data)
    return set_huge_length(data, draw(st.sampled_from(offsets)), huge)


def pydicom_test_file(name: str) -> bytes:
    from pydicom.data import get_testdata_file

    path = get_testdata_file(name)
    if path is None:  # pragma: no cover - pydicom ships it
        return b""
    return Path(path).read_bytes()


def malformed_uploads():
    random_bytes = st.binary(max_size=2048)
    preamble_then_random = st.binary(max_size=1024).map(lambda b: PREAMBLE + b)
    truncated_sr = st.integers(0, 20_000).map(lambda n: real_sr()[: n % len(real_sr())])
    return st.one_of(
        random_bytes,
        preamble_then_random,
        truncated_sr,
        mutated(real_sr()),
        mutated(real_sr_with_phi()),
        huge_lengths(),
        st.just(not_sr_bytes()),
        mutated(not_sr_bytes()),
        st.just(b""),
    )


@pytest.fixture
def instructor_client(login_as):
    return login_as(instructor())


def post_upload(client, data: bytes, *, deidentify: bool, name: str = "case.dcm"):
    payload = {
        "title": "Robustness case",
        "kind": "carotid",
        "file": SimpleUploadedFile(name, data, content_type="application/dicom"),
    }
    if deidentify:
        payload["deidentify"] = "on"
    return client.post(reverse("exercise-case-upload"), payload)


def forget(row: SampleCase) -> None:
    """Remove an accepted case again so the next example starts from the same state."""
    name = row.file.name
    row.delete()
    row.file.storage.delete(name)


def check_upload(client, data: bytes, deidentify: bool) -> None:
    rows_before = SampleCase.objects.count()
    files_before = private_files()

    response = post_upload(client, data, deidentify=deidentify)

    assert_not_server_error(response)
    event(f"status {response.status_code}")
    if response.status_code == 302:
        # A mutation that still is a clean, readable SR may be accepted: then exactly one
        # row and its one file were stored, and the bytes on disk are what was checked.
        row = SampleCase.objects.latest("pk")
        assert SampleCase.objects.count() == rows_before + 1
        new_files = private_files() - files_before
        assert new_files == {row.file.name}
        stored = (Path(django_settings.PRIVATE_MEDIA_ROOT) / row.file.name).read_bytes()
        assert hashlib.sha256(stored).hexdigest() == row.sha256
        forget(row)
        return
    assert 400 <= response.status_code < 500
    assert SampleCase.objects.count() == rows_before
    assert private_files() == files_before
    form = response.context["form"]
    assert form.errors, "a refused upload must say why"
    html = response.content.decode()
    for messages in form.errors.values():
        for message in messages:
            event(f"refused: {message[:40]}")
            assert escape(message) in html


@bounded(80)
@given(data=malformed_uploads(), deidentify=st.booleans())
def test_malformed_dicom_is_refused_cleanly(instructor_client, data, deidentify):
    check_upload(instructor_client, data, deidentify)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x00" * 64, "not a DICOM file"),
        (PREAMBLE, "DICOM"),
        (hand_made_huge_element(0xFFFFFFF0), "DICOM"),
        (not_sr_bytes(), "cannot be used as a case"),
        (real_sr()[:300], "case"),
        # A measured value of NaN / Infinity, and a NUL inside a text value: readable by
        # the engine, but not storable as JSON (SQLite JSON_VALID, PostgreSQL jsonb).
        (with_value(b"DS\x04\x0068.6", b"DS\x04\x00NaN "), "not a finite number"),
        (with_value(b"DS\x04\x0068.6", b"DS\x04\x00inf "), "not a finite number"),
        (with_value(b"SH\x04\x00cm/s", b"SH\x04\x00cm\x00s"), "NUL character"),
    ],
    ids=[
        "empty",
        "zeros",
        "preamble-only",
        "huge-length",
        "not-sr",
        "truncated",
        "nan-measurement",
        "infinite-measurement",
        "nul-in-text",
    ],
)
def test_named_malformed_files_get_a_clear_message(instructor_client, data, message):
    files_before = private_files()
    response = post_upload(instructor_client, data, deidentify=False)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SampleCase.objects.count() == 0
    assert private_files() == files_before


def test_ct_image_from_pydicom_is_not_a_case(instructor_client):
    data = pydicom_test_file("CT_small.dcm")
    response = post_upload(instructor_client, data, deidentify=True)
    assert response.status_code == 400
    assert "cannot be used as a case" in response.content.decode()
    assert SampleCase.objects.count() == 0


def test_store_failure_after_the_checks_leaves_no_file(instructor_client, monkeypatch):
    """If the row cannot be written after the file was saved, the file is removed."""
    files_before = private_files()

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(SampleCase, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.upload_case(uploaded=io.BytesIO(real_sr()), title="x", kind="carotid")
    assert private_files() == files_before
