"""What the HL7 "DICOM SR to FHIR Resource Mapping" IG's profiles require of an Observation,
written out from the IG (input/fsh in HL7/dicom-sr), as one check the engine's and the
site's tests share.

imaging-measurement: category DCM 125007 "Measurement Group" (1..*), valueQuantity 1..1
with a UCUM code, bodyStructure a Reference(BodyStructure finding site). ImagingObservation
base: subject 1..1, partOf the ImagingStudy by identifier (type DCM 110180, system
urn:dicom:uid), issued 1..1, device 1..1. Finding site: includedStructure.structure with
its laterality in includedStructure.laterality. Qualitative evaluation: category UMLS
C0034375.
"""

from __future__ import annotations

from fhir.resources.bundle import Bundle

from reporting.ucum import is_valid_ucum

DCM = "http://dicom.nema.org/resources/ontology/DCM"
SCT = "http://snomed.info/sct"
IG = "http://hl7.org/fhir/uv/dicom-sr/StructureDefinition"
LATERALITY = {"24028007", "7771000", "51440002"}


def resources(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def by_url(bundle):
    return {e["fullUrl"]: e["resource"] for e in bundle["entry"]}


def codes(concept):
    return {(c["system"], c["code"]) for c in concept.get("coding", [])}


def assert_follows_the_ig(bundle):
    """Every Observation that claims an IG profile meets what the profile requires."""
    Bundle.model_validate(bundle)
    resolve = by_url(bundle)
    claimed = 0
    for observation in resources(bundle, "Observation"):
        profiles = observation.get("meta", {}).get("profile", [])
        assert resolve[observation["subject"]["reference"]]["resourceType"] == "Patient"
        assert resolve[observation["device"]["reference"]]["resourceType"] == "Device"
        assert observation["issued"]
        (study,) = observation["partOf"]
        assert study["type"] == "ImagingStudy"
        assert study["identifier"]["system"] == "urn:dicom:uid"
        assert (DCM, "110180") in codes(study["identifier"]["type"])
        assert study["identifier"]["value"].startswith("urn:oid:")
        if "bodySite" in observation:
            assert not {c for _, c in codes(observation["bodySite"])} & LATERALITY
        if "bodyStructure" in observation:
            site = resolve[observation["bodyStructure"]["reference"]]
            assert site["resourceType"] == "BodyStructure"
            assert site["meta"]["profile"] == [f"{IG}/dicom-sr-finding-site"]
            (included,) = site["includedStructure"]
            assert not {c for _, c in codes(included["structure"])} & LATERALITY
            if "laterality" in included:
                assert {c for _, c in codes(included["laterality"])} <= LATERALITY
        if f"{IG}/imaging-measurement" in profiles:
            claimed += 1
            assert (DCM, "125007") in {c for cat in observation["category"] for c in codes(cat)}
            quantity = observation["valueQuantity"]
            assert quantity["system"] == "http://unitsofmeasure.org"
            assert is_valid_ucum(quantity["code"])
            assert isinstance(quantity["value"], int | float)
        if f"{IG}/imaging-qualitative-evaluation" in profiles:
            claimed += 1
            umls = ("http://terminology.hl7.org/CodeSystem/umls", "C0034375")
            assert umls in {c for cat in observation["category"] for c in codes(cat)}
            assert observation["valueCodeableConcept"]["coding"]
    return claimed
