"""Hostile files: patient data where issue 11 found it kept. The check finds each one where
it is, and the de-identified copy holds none of it (file meta, nesting, private tags too)."""

from __future__ import annotations

import pytest

from reporting.phi import LimitExceeded, Limits, check, deidentify
from tests.support.hostile_sr import PLACES, corpus_files, every_string, hostile, read, to_bytes


@pytest.fixture(scope="module", params=["generated", "dcmtk"])
def base(request, carotid_bytes) -> bytes:
    if request.param == "generated":
        return carotid_bytes
    files = corpus_files()
    if not files:
        pytest.skip("../shared/corpus/sr/dcmtk is absent")
    return files[1].read_bytes()  # report02: CODE, NUM and PNAME items


def _paths_holding(ds, secret: str) -> list[str]:
    """Where ``secret`` is in the file: dotted paths, file meta included."""
    found = []

    def walk(dataset, prefix):
        for element in dataset:
            name = element.keyword or f"({element.tag.group:04X},{element.tag.element:04X})"
            path = prefix + name
            if element.VR == "SQ":
                for i, item in enumerate(element.value or []):
                    walk(item, f"{path}[{i}].")
                continue
            value = element.value
            text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
            if secret.lower() in text.lower():
                found.append(path)

    walk(ds.file_meta, "file_meta.")
    walk(ds, "")
    return found


@pytest.mark.parametrize("place", list(PLACES))
def test_the_check_finds_it_where_it_is(base, place):
    ds, secret = hostile(base, place)
    where = _paths_holding(ds, secret)
    assert where, "the hostile file must carry the secret"
    reported = [f.path for f in check(ds)]
    for path in where:
        # the element itself, or a sequence the profile removes whole
        assert any(path == r or path.startswith(r + "[") for r in reported), path


@pytest.mark.parametrize("place", list(PLACES))
def test_the_copy_holds_none_of_it(base, place):
    ds, secret = hostile(base, place)
    result = deidentify(ds, salt="upload")
    assert result.left == []
    written = read(to_bytes(result.dataset))
    assert not [s for s in every_string(written) if secret.lower() in s.lower()]
    assert check(written) == []


def test_a_forged_marker_changes_nothing(base):
    ds, _secret = hostile(base, "forged PatientIdentityRemoved")
    assert ds.PatientIdentityRemoved == "YES"
    assert {"PatientName", "PatientID", "PatientBirthDate"} <= {f.keyword for f in check(ds)}


def test_private_tags_go_unless_the_safe_list_names_them(base):
    ds, _secret = hostile(base, "private tags")
    out = deidentify(ds, salt="x").dataset
    assert not [e for e in out if e.tag.is_private]


def test_code_meanings_standard_codes_get_their_standard_meaning(base):
    ds, _secret = hostile(base, "CODE meaning (standard code rewritten)")
    out = deidentify(ds, salt="x").dataset
    meanings = [
        item.ConceptCodeSequence[0].CodeMeaning
        for item in out.ContentSequence
        if item.get("ValueType") == "CODE" and item.ConceptCodeSequence[0].CodeValue == "24028007"
    ]
    assert meanings == ["Right"]


def test_sr_text_items_are_cleaned_with_the_reason_recorded(base):
    ds, _secret = hostile(base, "TEXT with the patient's name")
    result = deidentify(ds, salt="x")
    text = [f for f in result.found if f.keyword == "TextValue"]
    assert text and "SR TEXT item" in text[-1].reason
    assert result.dataset.ContentSequence[-1].TextValue == "[removed by de-identification]"


def test_files_no_real_case_resembles_are_refused(base):
    ds = read(base)
    with pytest.raises(LimitExceeded, match="elements"):
        check(ds, limits=Limits(max_elements=50))
    with pytest.raises(LimitExceeded, match="nested"):
        check(ds, limits=Limits(max_depth=1))
    ticks = iter(range(10**6))
    with pytest.raises(LimitExceeded, match="longer"):
        check(ds, limits=Limits(max_seconds=5), clock=lambda: next(ticks))
