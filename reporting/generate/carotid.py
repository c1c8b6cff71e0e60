"""Synthetic TID 5100-style vascular ultrasound reports (carotid duplex)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import highdicom as hd
from pydicom.dataset import Dataset

from reporting.codes import Code
from reporting.generate.common import (
    LOCAL_SCHEME,
    code_item,
    container,
    evidence_dataset,
    num_item,
    text_item,
    wrap_comprehensive,
)

ROOT = Code("125100", "DCM", "Vascular Ultrasound Procedure Report")
FINDINGS = Code("59776-5", "LN", "Findings")
FINDING_SITE = Code("363698007", "SCT", "Finding Site")
LATERALITY = Code("272741003", "SCT", "Laterality")
CAROTID = Code("69105007", "SCT", "Carotid Artery")
ARTERY_OF_NECK_SRT = Code("T-45005", "SRT", "Artery of neck")  # retired, still in the wild
SIDES = {"right": Code("24028007", "SCT", "Right"), "left": Code("7771000", "SCT", "Left")}
CCA = Code("32062004", "SCT", "Common Carotid Artery")
ICA = Code("86117002", "SCT", "Internal Carotid Artery")
PSV = Code("11726-7", "LN", "Peak Systolic Velocity")
EDV = Code("11653-3", "LN", "End Diastolic Velocity")
RATIO = Code("33868-1", "LN", "ICA/CCA velocity ratio")
INDICATION = Code("18785-6", "LN", "Indications for Procedure")
CM_S = Code("cm/s", "UCUM", "centimeter per second")
NO_UNITS = Code("1", "UCUM", "no units")

PLAQUE = Code("PLQ", LOCAL_SCHEME, "Carotid plaque, grey-scale and colour Doppler")
PLAQUE_VALUES = {
    "none": Code("PLQ-0", LOCAL_SCHEME, "No plaque or intimal thickening"),
    "plaque": Code("PLQ-1", LOCAL_SCHEME, "Plaque, lumen not narrowed"),
    "narrowed_lumen": Code("PLQ-2", LOCAL_SCHEME, "Plaque with visibly narrowed lumen"),
    "markedly_narrowed": Code("PLQ-3", LOCAL_SCHEME, "Markedly narrowed lumen"),
    "no_lumen": Code("PLQ-4", LOCAL_SCHEME, "No detectable patent lumen"),
}


@dataclass(frozen=True)
class Side:
    """One side's findings; None means no measurable flow (empty NUM)."""

    scenario: str
    plaque: str
    ica_psv: float | None
    ica_edv: float | None
    cca_psv: float
    cca_edv: float
    ratio: float | None


# Scenarios cycle over both sides of consecutive cases: 6 cases cover all 12 once.
# The fixed PSV values are the SRU boundaries (124/125/126, 229/230/231).
SCENARIOS: list[tuple[str, str, float | None]] = [
    ("normal", "none", None),
    ("lt50 at 124", "plaque", 124.0),
    ("50-69 at 125", "narrowed_lumen", 125.0),
    ("50-69 at 126", "narrowed_lumen", 126.0),
    ("50-69 mid", "narrowed_lumen", None),
    ("50-69 at 229", "narrowed_lumen", 229.0),
    ("50-69 at 230", "narrowed_lumen", 230.0),
    (">=70 at 231", "narrowed_lumen", 231.0),
    (">=70 high", "narrowed_lumen", None),
    ("near occlusion", "markedly_narrowed", None),
    ("occlusion", "no_lumen", None),
    ("normal at 124", "none", 124.0),
]


def _side(rng: random.Random, scenario: str, plaque: str, psv: float | None) -> Side:
    cca_psv = round(rng.uniform(60, 100), 1)
    cca_edv = round(rng.uniform(15, 28), 1)
    if plaque == "no_lumen":
        return Side(scenario, plaque, None, None, cca_psv, cca_edv, None)
    if plaque == "markedly_narrowed":
        ica = round(rng.uniform(20, 45), 1)  # trickle flow: PSV low, ratio meaningless
        return Side(
            scenario, plaque, ica, round(ica * 0.25, 1), cca_psv, cca_edv, round(ica / cca_psv, 2)
        )
    if psv is None:
        psv = (
            {
                "none": round(rng.uniform(55, 110), 1),
                "narrowed_lumen": round(rng.uniform(140, 215), 1),
            }[plaque]
            if not scenario.startswith(">=70")
            else round(rng.uniform(260, 420), 1)
        )
    if psv < 125:
        ratio_target, edv = rng.uniform(1.1, 1.9), rng.uniform(18, 38)
    elif psv <= 230:
        ratio_target, edv = rng.uniform(2.05, 3.9), rng.uniform(42, 98)
    else:
        ratio_target, edv = rng.uniform(4.1, 6.0), rng.uniform(105, 160)
    cca_psv = round(max(30.0, psv / ratio_target), 1)
    return Side(scenario, plaque, psv, round(edv, 1), cca_psv, cca_edv, round(psv / cca_psv, 2))


def plan(seed: int, index: int) -> dict[str, Side]:
    rng = random.Random(f"carotid-{seed}-{index}")
    sides = {}
    for offset, side in enumerate(("right", "left")):
        scenario, plaque, psv = SCENARIOS[(2 * index + offset + seed) % len(SCENARIOS)]
        sides[side] = _side(rng, scenario, plaque, psv)
    return sides


def build(seed: int, index: int) -> tuple[Dataset, dict[str, Side], str]:
    """The SR dataset, the plan it encodes and the clinical indication text."""
    sides = plan(seed, index)
    indication = random.Random(f"carotid-ind-{seed}-{index}").choice(
        [
            "Transient ischaemic attack, right arm weakness.",
            "Amaurosis fugax, left eye.",
            "Cervical bruit on auscultation.",
            "Pre-operative assessment before coronary bypass.",
            "Follow-up of known carotid plaque.",
        ]
    )
    sections: list[hd.sr.ContentItem] = [text_item(INDICATION, indication)]
    for number, (side, data) in enumerate(sides.items()):
        # Odd cases use the retired SRT code some devices still send, to exercise mapping.
        site = ARTERY_OF_NECK_SRT if (index + number) % 3 == 2 else CAROTID
        cca = container(
            CCA,
            [num_item(PSV, data.cca_psv, CM_S), num_item(EDV, data.cca_edv, CM_S)],
            relationship="CONTAINS",
        )
        ica_items: list[hd.sr.ContentItem] = [
            num_item(PSV, data.ica_psv, CM_S),
            num_item(EDV, data.ica_edv, CM_S),
        ]
        if data.ratio is not None:
            ica_items.append(num_item(RATIO, data.ratio, NO_UNITS))
        ica_items.append(code_item(PLAQUE, PLAQUE_VALUES[data.plaque], "CONTAINS"))
        ica = container(ICA, ica_items, relationship="CONTAINS")
        sections.append(
            container(
                FINDINGS,
                [
                    code_item(FINDING_SITE, site, "HAS CONCEPT MOD"),
                    code_item(LATERALITY, SIDES[side], "HAS CONCEPT MOD"),
                    cca,
                    ica,
                ],
                relationship="CONTAINS",
            )
        )
    root = container(ROOT, sections, template_id="5100")
    evidence = evidence_dataset("carotid", seed, index, "Demo^Carotid")
    return (
        wrap_comprehensive(root, evidence, kind="carotid", seed=seed, index=index),
        sides,
        (indication),
    )
