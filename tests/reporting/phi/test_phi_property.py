"""Property: a patient's name, put anywhere in a generated case, never survives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporting.phi import deidentify
from tests.support.hostile_sr import _code, content_item, every_string, read, to_bytes


def _text_item(ds, name):
    ds.ContentSequence.append(
        content_item("TEXT", _code("121106", "DCM", "Comment"), TextValue=f"talked to {name}")
    )


def _code_item(ds, name):
    item = content_item("CODE", _code("121071", "DCM", "Finding"))
    item.ConceptCodeSequence = [_code("L1", "99LOCAL", f"seen by {name} family")]
    ds.ContentSequence.append(item)


def _nested_text(ds, name):
    container = ds.ContentSequence[-1]
    if "ContentSequence" in container:
        _text_item(container, name)
    else:
        _text_item(ds, name)


def _private(ds, name):
    block = ds.private_block(0x0011, "SOME VENDOR", create=True)
    block.add_new(0x01, "LO", name)


def _meta(ds, name):
    ds.file_meta.PrivateInformationCreatorUID = "1.2.3.4"
    ds.file_meta.PrivateInformation = name.encode()


def _attribute(keyword):
    def put(ds, name):
        setattr(ds, keyword, f"{name} (x)")

    return put


def _other_name(ds, name):
    ds.ReferringPhysicianName = f"{name}^Anna"


def _request(ds, name):
    from pydicom.dataset import Dataset

    item = Dataset()
    item.RequestedProcedureComments = f"for {name}"
    ds.RequestAttributesSequence = [item]


PLACEMENTS = [
    _text_item,
    _code_item,
    _nested_text,
    _private,
    _meta,
    _other_name,
    _request,
    _attribute("PatientState"),
    _attribute("MedicalAlerts"),
    _attribute("CurrentPatientLocation"),
    _attribute("Manufacturer"),  # not in Table E.1-1: found as the patient's name
    _attribute("StudyDescription"),
    _attribute("PatientAddress"),
]

names = st.from_regex(r"[A-Z][a-z]{3,11}", fullmatch=True)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    family=names,
    given_name=names,
    places=st.lists(st.sampled_from(PLACEMENTS), min_size=1, max_size=6),
    in_patient_name=st.booleans(),
)
def test_patient_strings_never_survive(carotid_bytes, family, given_name, places, in_patient_name):
    ds = read(carotid_bytes)
    original = " ".join(every_string(ds)).lower()
    if family.lower() in original:
        return  # the generated case already says it (a code meaning, say): not a patient
    # The patient's identity is where a real export carries it; some copies wander.
    ds.PatientName = f"{family}^{given_name}" if in_patient_name else ""
    ds.OtherPatientNames = f"{family}^{given_name}"
    for put in places:
        put(ds, family)
    result = deidentify(ds, salt="property")
    assert result.left == []
    out = every_string(read(to_bytes(result.dataset)))
    assert not [s for s in out if family.lower() in s.lower()]
