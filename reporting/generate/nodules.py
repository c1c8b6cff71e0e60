"""Synthetic TID 1500 measurement reports: thyroid nodule (TI-RADS) and lung nodule."""

from __future__ import annotations

import random

import highdicom as hd
from pydicom.dataset import Dataset

from reporting.codes import Code
from reporting.generate.common import (
    LOCAL_SCHEME,
    evidence_dataset,
    hd_code,
    uid_for,
    wrap_comprehensive,
)
from reporting.phi import DUMMY_INSTITUTION

L = LOCAL_SCHEME
MM = Code("mm", "UCUM", "millimeter")
NODULE = Code("27925004", "SCT", "Nodule")
LENGTH = Code("410668003", "SCT", "Length")
DIAMETER = Code("81827009", "SCT", "Diameter")
THYROID_LOBE = Code("119281005", "SCT", "Lobe of thyroid")
THYROID_ISTHMUS = Code("40867004", "SCT", "Thyroid isthmus")
LUNG = Code("39607008", "SCT", "Lung")
SIDES = {"right": Code("24028007", "SCT", "Right"), "left": Code("7771000", "SCT", "Left")}
US_PROCEDURE = Code("16310003", "SCT", "Diagnostic ultrasonography")
CT_PROCEDURE = Code("77477000", "SCT", "Computed tomography")

# TI-RADS feature concepts; standard codes where we know them, else the local scheme.
TIRADS_CONCEPTS = {
    "composition": Code("TIR-C", L, "TI-RADS composition"),
    "echogenicity": Code("110849", "DCM", "Echogenicity"),
    "shape": Code("300842002", "SCT", "Shape"),
    "margin": Code("TIR-M", L, "TI-RADS margin"),
    "echogenic_foci": Code("TIR-F", L, "TI-RADS echogenic foci"),
}
TIRADS_OPTIONS = {
    "composition": {
        "cystic": "Cystic or almost completely cystic",
        "spongiform": "Spongiform",
        "mixed": "Mixed cystic and solid",
        "solid": "Solid or almost completely solid",
    },
    "echogenicity": {
        "anechoic": "Anechoic",
        "hyperechoic": "Hyperechoic",
        "isoechoic": "Isoechoic",
        "hypoechoic": "Hypoechoic",
        "very_hypoechoic": "Very hypoechoic",
    },
    "shape": {"wider_than_tall": "Wider-than-tall", "taller_than_wide": "Taller-than-wide"},
    "margin": {
        "smooth": "Smooth",
        "ill_defined": "Ill-defined",
        "lobulated": "Lobulated",
        "irregular": "Irregular",
        "extrathyroidal": "Extra-thyroidal extension",
    },
    "echogenic_foci": {
        "none": "No echogenic foci",
        "comet_tail": "Large comet-tail artifacts",
        "macrocalcifications": "Macrocalcifications",
        "peripheral": "Peripheral (rim) calcifications",
        "punctate": "Punctate echogenic foci",
    },
}


def option_code(category: str, option: str) -> Code:
    """Local value code for a TI-RADS or Lung option, e.g. TIR-SOLID."""
    prefix = "TIR" if category in TIRADS_OPTIONS else "LR"
    table = TIRADS_OPTIONS.get(category) or LUNG_OPTIONS[category]
    return Code(f"{prefix}-{option.upper().replace('_', '-')}", L, table[option])


LUNG_CONCEPTS = {
    "nodule_type": Code("LR-T", L, "Lung nodule attenuation type"),
    "exam_type": Code("LR-E", L, "Screening examination type"),
}
LUNG_OPTIONS = {
    "nodule_type": {"solid": "Solid", "part_solid": "Part-solid", "non_solid": "Non-solid"},
    "exam_type": {"baseline": "Baseline screening", "follow_up_new": "New nodule at follow-up"},
}

_F = {  # feature sets with known point totals
    0: ("cystic", "anechoic", "wider_than_tall", "smooth", ["none"]),
    # Spongiform: 0 points whatever else is seen (ACR TI-RADS chart footnote), so this
    # nodule with comet-tail artifacts and a suspicious shape is still TR1.
    "0-spongiform": ("spongiform", "hypoechoic", "taller_than_wide", "smooth", ["comet_tail"]),
    2: ("mixed", "isoechoic", "wider_than_tall", "ill_defined", ["none"]),
    3: ("solid", "hyperechoic", "wider_than_tall", "smooth", ["none"]),
    4: ("solid", "hypoechoic", "wider_than_tall", "smooth", ["none"]),
    6: ("solid", "hypoechoic", "wider_than_tall", "lobulated", ["none"]),
    7: ("solid", "hypoechoic", "taller_than_wide", "smooth", ["none"]),
    11: (
        "solid",
        "very_hypoechoic",
        "wider_than_tall",
        "irregular",
        ["punctate", "macrocalcifications"],
    ),
}
# (points, size mm): every level and both sides of every size threshold.
THYROID_SCENARIOS = [
    (0, 30.0),
    ("0-spongiform", 30.0),
    (2, 40.0),
    (3, 14.9),
    (3, 15.0),
    (3, 24.9),
    (3, 25.0),
    (4, 9.9),
    (4, 10.0),
    (6, 14.9),
    (6, 15.0),
    (7, 4.9),
    (7, 5.0),
    (11, 9.9),
    (11, 10.0),
]
LUNG_SCENARIOS = [
    ("solid", "baseline", 5.9),
    ("solid", "baseline", 6.0),
    ("solid", "baseline", 7.9),
    ("solid", "baseline", 8.0),
    ("solid", "baseline", 14.9),
    ("solid", "baseline", 15.0),
    ("solid", "follow_up_new", 3.9),
    ("solid", "follow_up_new", 4.0),
    ("solid", "follow_up_new", 5.9),
    ("solid", "follow_up_new", 6.0),
    ("solid", "follow_up_new", 7.9),
    ("solid", "follow_up_new", 8.0),
    ("non_solid", "baseline", 29.9),
    ("non_solid", "baseline", 30.0),
    # Lung-RADS v2022 rounds the mean diameter to one decimal before the thresholds.
    ("solid", "baseline", 5.96),
    ("solid", "follow_up_new", 7.96),
    ("non_solid", "baseline", 29.96),
]


def _observation_context() -> hd.sr.ObservationContext:
    device = hd.sr.DeviceObserverIdentifyingAttributes(
        uid=uid_for("academy-generator-device"), name=DUMMY_INSTITUTION
    )
    return hd.sr.ObservationContext(
        observer_device_context=hd.sr.ObserverContext(
            observer_type=hd.sr.CodedConcept("121007", "DCM", "Device"),
            observer_identifying_attributes=device,
        )
    )


def _report(
    kind: str,
    seed: int,
    index: int,
    procedure: Code,
    site: hd.sr.FindingSite,
    size_concept: Code,
    size: float,
    evaluations: list[tuple[Code, Code]],
    patient: str,
) -> Dataset:
    group = hd.sr.MeasurementsAndQualitativeEvaluations(
        tracking_identifier=hd.sr.TrackingIdentifier(
            uid=uid_for(kind, seed, index, "nodule-1"), identifier="Nodule 1"
        ),
        finding_type=hd_code(NODULE),
        finding_sites=[site],
        measurements=[hd.sr.Measurement(name=hd_code(size_concept), value=size, unit=hd_code(MM))],
        qualitative_evaluations=[
            hd.sr.QualitativeEvaluation(name=hd_code(c), value=hd_code(v)) for c, v in evaluations
        ],
    )
    report = hd.sr.MeasurementReport(
        observation_context=_observation_context(),
        procedure_reported=hd_code(procedure),
        imaging_measurements=[group],
    )
    evidence = evidence_dataset(kind, seed, index, patient)
    evidence.Modality = "US" if kind == "thyroid" else "CT"
    if kind == "lung":
        evidence.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2"  # CT Image Storage
    return wrap_comprehensive(report[0], evidence, kind=kind, seed=seed, index=index, three_d=True)


def build_thyroid(seed: int, index: int) -> tuple[Dataset, dict[str, object]]:
    rng = random.Random(f"thyroid-{seed}-{index}")
    scenario, size = THYROID_SCENARIOS[(index + seed) % len(THYROID_SCENARIOS)]
    composition, echo, shape, margin, foci = _F[scenario]
    points = 0 if scenario == "0-spongiform" else scenario
    location = rng.choice(["right_lobe", "left_lobe", "isthmus"])
    if location == "isthmus":
        site = hd.sr.FindingSite(anatomic_location=hd_code(THYROID_ISTHMUS))
    else:
        side = SIDES[location.split("_")[0]]
        site = hd.sr.FindingSite(anatomic_location=hd_code(THYROID_LOBE), laterality=hd_code(side))
    features = {"composition": composition, "echogenicity": echo, "shape": shape, "margin": margin}
    evaluations = [(TIRADS_CONCEPTS[k], option_code(k, v)) for k, v in features.items()]
    evaluations += [
        (TIRADS_CONCEPTS["echogenic_foci"], option_code("echogenic_foci", f)) for f in foci
    ]
    ds = _report(
        "thyroid", seed, index, US_PROCEDURE, site, LENGTH, size, evaluations, "Demo^Thyroid"
    )
    plan = {
        "location": location,
        "size_mm": size,
        "points": points,
        **features,
        "echogenic_foci": list(foci),
    }
    return ds, plan


def build_lung(seed: int, index: int) -> tuple[Dataset, dict[str, object]]:
    rng = random.Random(f"lung-{seed}-{index}")
    nodule_type, exam, size = LUNG_SCENARIOS[(index + seed) % len(LUNG_SCENARIOS)]
    side = rng.choice(["right", "left"])
    site = hd.sr.FindingSite(anatomic_location=hd_code(LUNG), laterality=hd_code(SIDES[side]))
    evaluations = [
        (LUNG_CONCEPTS["nodule_type"], option_code("nodule_type", nodule_type)),
        (LUNG_CONCEPTS["exam_type"], option_code("exam_type", exam)),
    ]
    ds = _report("lung", seed, index, CT_PROCEDURE, site, DIAMETER, size, evaluations, "Demo^Lung")
    return ds, {"nodule_type": nodule_type, "exam_type": exam, "size_mm": size, "side": side}
